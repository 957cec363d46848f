import { ApiErrorBodySchema } from "@sightline/shared";
import { fail, ok, type Result } from "../shared/messages.ts";

const TIMEOUT_MS = 10_000;

/** The part of a zod schema this client needs; keeps zod out of the extension's own dependencies. */
type Parser<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

/**
 * GET `path` on the backend with the bearer token and parse the body with `schema`.
 * Network failures, 401s, other errors and malformed bodies each map to their own failure kind.
 */
export async function getJson<T>(
  backendUrl: string,
  token: string,
  path: string,
  schema: Parser<T>,
): Promise<Result<T>> {
  return request(backendUrl, token, path, schema, false) as Promise<Result<T>>;
}

/** Like getJson, but a 404 is an answer (null), not a failure: lookups that find nothing. */
export async function getJsonOrMissing<T>(
  backendUrl: string,
  token: string,
  path: string,
  schema: Parser<T>,
): Promise<Result<T | null>> {
  return request(backendUrl, token, path, schema, true);
}

/** DELETE `path` with the bearer token; the answer body is parsed with `schema` like getJson's. */
export async function deleteJson<T>(
  backendUrl: string,
  token: string,
  path: string,
  schema: Parser<T>,
): Promise<Result<T>> {
  return request(backendUrl, token, path, schema, false, "DELETE") as Promise<Result<T>>;
}

async function request<T>(
  backendUrl: string,
  token: string,
  path: string,
  schema: Parser<T>,
  missingAsNull: boolean,
  method: "GET" | "DELETE" = "GET",
): Promise<Result<T | null>> {
  let response: Response;
  try {
    response = await fetch(`${backendUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return fail("network", `Cannot reach the backend at ${backendUrl}`, backendUrl);
  }

  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 401) return fail("unauthorized", "That token was not accepted", backendUrl);
  if (missingAsNull && response.status === 404) return ok(null);
  if (!response.ok) {
    const parsed = ApiErrorBodySchema.safeParse(body);
    const message = parsed.success ? parsed.data.error.message : `HTTP ${response.status}`;
    return fail("server", `The backend answered: ${message}`, backendUrl);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return fail("server", "The backend sent an answer Sightline does not understand", backendUrl);
  return ok(parsed.data);
}
