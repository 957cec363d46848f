import type { AccountListItem, ListAccountsResponse, Org, User } from "@sightline/shared";

/** Every message the popup (and later content scripts) may send to the background. */
export type Request =
  | { type: "signIn"; backendUrl?: string; token: string }
  | { type: "signOut" }
  | { type: "getSession" }
  | { type: "searchAccounts"; q: string };

export type RequestType = Request["type"];

export type Session =
  | { signedIn: false; backendUrl: string }
  | { signedIn: true; backendUrl: string; user: User; org: Org };

export type AccountSearch = { scope: ListAccountsResponse["scope"]; accounts: AccountListItem[] };

/**
 * Why a call failed. The popup picks its wording from `kind`, never from server text:
 * - unauthorized: the backend rejected the token (the stored session is cleared);
 * - network: the backend could not be reached at all;
 * - invalid: the request was malformed (bad URL, foreign sender, unknown message);
 * - server: the backend answered with another error or an unexpected body.
 */
export type FailureKind = "unauthorized" | "network" | "invalid" | "server";
export type Failure = { kind: FailureKind; message: string; backendUrl?: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

/** Maps each request to the value its successful answer carries. */
export interface ResponseValues {
  signIn: Session;
  signOut: Session;
  getSession: Session;
  searchAccounts: AccountSearch;
}

export type ResponseFor<T extends RequestType> = Result<ResponseValues[T]>;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: FailureKind, message: string, backendUrl?: string): Result<T> {
  return { ok: false, error: backendUrl === undefined ? { kind, message } : { kind, message, backendUrl } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Runtime check of an incoming message: the sender is trusted, but its payload shape is still verified. */
export function isRequest(value: unknown): value is Request {
  if (!isObject(value)) return false;
  switch (value.type) {
    case "signIn":
      return (
        typeof value.token === "string" && (value.backendUrl === undefined || typeof value.backendUrl === "string")
      );
    case "signOut":
    case "getSession":
      return true;
    case "searchAccounts":
      return typeof value.q === "string";
    default:
      return false;
  }
}
