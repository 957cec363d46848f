import { ApiErrorBodySchema } from "@sightline/shared";
import createClient, { type Client } from "openapi-fetch";
import { fail, ok, type Result } from "../shared/messages.ts";
import type { paths } from "./generated/api-paths.ts";

const TIMEOUT_MS = 10_000;
const NOT_UNDERSTOOD = "The backend sent an answer Sightline does not understand";

/** `/api/v1`, typed by the paths generated from the worker's OpenAPI document (`pnpm api:types`). */
export type ApiClient = Client<paths>;

/** The part of a zod schema this client needs; keeps zod out of the extension's own dependencies. */
export type Parser<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

/** Where and as whom to call: the stored session's backend and token. */
export type ApiTarget = { backendUrl: string; token: string };

/** The part of an openapi-fetch answer read here (its success and error branches both fit). */
type Answer<D> = { data?: D; error?: unknown; response: Response };

/**
 * T with its `unknown` properties optional. zod infers `data: unknown` for `z.unknown()`, while the
 * OpenAPI document (rightly) leaves such a property out of `required`; both accept the same JSON.
 */
export type Loose<T> = T extends readonly (infer E)[]
  ? Loose<E>[]
  : T extends object
    ? { [K in keyof T as unknown extends T[K] ? never : K]: Loose<T[K]> } & {
        [K in keyof T as unknown extends T[K] ? K : never]?: T[K];
      }
    : T;

/** One call through the typed client; `init` carries the timeout's signal. */
export type ApiCall<D> = (api: ApiClient, init: { signal: AbortSignal }) => Promise<Answer<D>>;

/**
 * Calls the API through the typed client and checks the body with `schema` before anyone renders it.
 * The generated types make the path, parameters and response type right at compile time (`D extends Loose<T>`:
 * what the worker's document declares must fit the shared schema the extension renders from); the
 * runtime check is still worth its cost, because the backend is whatever URL the user typed, maybe an
 * older or newer deployment, and a missing array would otherwise throw inside the sidebar on a CRM page.
 * Network failures, 401s, other errors and malformed bodies each map to their own failure kind.
 */
export async function callApi<T, D extends Loose<T>>(
  target: ApiTarget,
  call: ApiCall<D>,
  schema: Parser<T>,
): Promise<Result<T>> {
  return run(target, call, schema, false) as Promise<Result<T>>;
}

/** Like callApi, but a 404 is an answer (null), not a failure: lookups that find nothing. */
export async function callApiOrMissing<T, D extends Loose<T>>(
  target: ApiTarget,
  call: ApiCall<D>,
  schema: Parser<T>,
): Promise<Result<T | null>> {
  return run(target, call, schema, true);
}

async function run<T, D>(
  { backendUrl, token }: ApiTarget,
  call: ApiCall<D>,
  schema: Parser<T>,
  missingAsNull: boolean,
): Promise<Result<T | null>> {
  let reached = false;
  const api = createClient<paths>({
    baseUrl: `${backendUrl}/api/v1`,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
    // The global fetch is looked up per call (tests stub it); `reached` tells an unreachable backend
    // from one whose body could not be read.
    fetch: async (request) => {
      const response = await fetch(request);
      reached = true;
      return response;
    },
  });
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let answer: Answer<D>;
  try {
    answer = await call(api, { signal });
  } catch {
    if (!reached || signal.aborted) return fail("network", `Cannot reach the backend at ${backendUrl}`, backendUrl);
    return fail("server", NOT_UNDERSTOOD, backendUrl);
  }
  const { response } = answer;
  return toResult(response.status, response.ok ? answer.data : answer.error, schema, backendUrl, missingAsNull);
}

/**
 * GET a backend route outside `/api/v1` (so outside the OpenAPI document: `/oauth/zoom/start`), with the
 * same bearer token, timeout and failure kinds as callApi; a 404 answers null.
 */
export async function getOutsideApiOrMissing<T>(
  { backendUrl, token }: ApiTarget,
  path: `/${string}`,
  schema: Parser<T>,
): Promise<Result<T | null>> {
  let response: Response;
  try {
    response = await fetch(`${backendUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return fail("network", `Cannot reach the backend at ${backendUrl}`, backendUrl);
  }
  const body: unknown = await response.json().catch(() => undefined);
  return toResult(response.status, body, schema, backendUrl, true);
}

function toResult<T>(
  status: number,
  body: unknown,
  schema: Parser<T>,
  backendUrl: string,
  missingAsNull: boolean,
): Result<T | null> {
  if (status === 401) return fail("unauthorized", "That token was not accepted", backendUrl);
  if (missingAsNull && status === 404) return ok(null);
  if (status < 200 || status > 299) {
    const parsed = ApiErrorBodySchema.safeParse(body);
    const message = parsed.success ? parsed.data.error.message : `HTTP ${status}`;
    return fail("server", `The backend answered: ${message}`, backendUrl);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return fail("server", NOT_UNDERSTOOD, backendUrl);
  return ok(parsed.data);
}
