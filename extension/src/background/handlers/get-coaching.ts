import { type Period, type RepCoaching, RepCoachingSchema } from "@sightline/shared";
import { fail, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** A rep's coaching over a period (GET /api/v1/reps/{id}/coaching?period=), always fresh. */
export async function getCoaching(input: { userId: string; period: Period }): Promise<Result<RepCoaching>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) =>
        api.GET("/reps/{id}/coaching", {
          params: { path: { id: input.userId }, query: { period: input.period } },
          ...init,
        }),
      RepCoachingSchema,
    ),
  );
}
