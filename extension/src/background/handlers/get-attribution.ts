import { type AttributionReport, AttributionReportSchema, type Period } from "@sightline/shared";
import { fail, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

/** The lead-source attribution report over a period (GET /api/v1/reports/attribution?period=), always fresh. */
export async function getAttribution(input: { period: Period }): Promise<Result<AttributionReport>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  return forgetOnUnauthorized(
    await callApi(
      { backendUrl, token },
      (api, init) => api.GET("/reports/attribution", { params: { query: { period: input.period } }, ...init }),
      AttributionReportSchema,
    ),
  );
}
