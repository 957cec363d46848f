import type { Result } from "../../shared/messages.ts";
import { type ApiCall, callApi, type Loose, type Parser } from "../api-client.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";
import { sessionTarget } from "./session-target.ts";

/**
 * One API call as the signed-in user: "unauthorized" when nobody is signed in, and a 401 forgets the
 * token (forgetOnUnauthorized), so each handler is only its route and the schema of its answer.
 */
export async function callSignedIn<T, D extends Loose<T>>(call: ApiCall<D>, schema: Parser<T>): Promise<Result<T>> {
  const to = await sessionTarget();
  if ("ok" in to) return to;
  return forgetOnUnauthorized(await callApi(to, call, schema));
}
