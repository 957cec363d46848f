import { createRoute } from "@hono/zod-openapi";
import { SearchQuerySchema, SearchResponseSchema } from "@sightline/shared";
import { requireUser } from "../auth/middleware.ts";
import { searchTranscripts } from "../search/search-transcripts.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonResponse } from "./openapi-helpers.ts";

/** `GET /search`: what was said, across the organization's conversations (members and admins). */
export const searchApp = createResourceApp();
searchApp.use("*", requireUser);

searchApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "Full-text search over the organization's transcripts, best match first",
    description:
      'q: words (all must appear, stemmed), "exact phrases", prefix* and -exclusions; anything else is plain text. Filters: accountId, source (meeting, call, chat, email), from/to (conversation start). Page with cursor = the previous nextCursor.',
    tags: ["search"],
    security: bearerSecurity,
    request: { query: SearchQuerySchema },
    responses: { 200: jsonResponse(SearchResponseSchema, "Matching moments"), ...errorResponses },
  }),
  async (c) => {
    const query = c.req.valid("query");
    return c.json(await searchTranscripts(c.var.services.db, c.var.principal.organizationId, query), 200);
  },
);
