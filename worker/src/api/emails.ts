import { createRoute, z } from "@hono/zod-openapi";
import {
  AddEmailThreadRequestSchema,
  AddEmailThreadResponseSchema,
  EmailCaptureQuerySchema,
  EmailCaptureResponseSchema,
  EmailMessageQuerySchema,
  EmailMessageResponseSchema,
  EmailThreadsQuerySchema,
  EmailThreadsResponseSchema,
  IdSchema,
} from "@sightline/shared";
import { requireUser } from "../auth/middleware.ts";
import { decideEmailCapture } from "../emails/decide-email-capture.ts";
import { readEmailMessage } from "../emails/read-email-message.ts";
import { storeEmailThread } from "../emails/store-email-thread.ts";
import { threadStatuses } from "../emails/thread-statuses.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

/** `/emails`: e-mail threads as conversations (the Gmail sidebar adds them; any member may). */
export const emailsApp = createResourceApp();
emailsApp.use("*", requireUser);
const tags = ["emails"];

emailsApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Add an e-mail thread, or its new messages (idempotent by message id)",
    description:
      "One conversation per thread id. Bodies are plain text; quoted replies and signatures are stripped (again) here. A thread an admin deleted is a 409 unless an admin sends restoreDeleted: true.",
    tags,
    security: bearerSecurity,
    request: jsonBody(AddEmailThreadRequestSchema),
    responses: {
      200: jsonResponse(AddEmailThreadResponseSchema, "Already in, or messages appended"),
      201: jsonResponse(AddEmailThreadResponseSchema, "A new conversation"),
      ...errorResponses,
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const result = await storeEmailThread(c.var.services, c.var.principal, input, await c.req.text());
    return c.json(result, result.status === "created" ? 201 : 200);
  },
);

emailsApp.openapi(
  createRoute({
    method: "get",
    path: "/threads",
    summary: "Which of these thread ids are in, with their message counts",
    tags,
    security: bearerSecurity,
    request: { query: EmailThreadsQuerySchema },
    responses: { 200: jsonResponse(EmailThreadsResponseSchema, "The threads that are in"), ...errorResponses },
  }),
  async (c) => {
    const { ids } = c.req.valid("query");
    const threads = await threadStatuses(c.var.services.db, c.var.principal.organizationId, ids);
    return c.json({ threads }, 200);
  },
);

emailsApp.openapi(
  createRoute({
    method: "get",
    path: "/capture",
    summary: "Should the sidebar add a thread with these participants by itself",
    description: "Yes when the organization turned auto-capture on and an address's domain is one of its accounts'.",
    tags,
    security: bearerSecurity,
    request: { query: EmailCaptureQuerySchema },
    responses: { 200: jsonResponse(EmailCaptureResponseSchema, "The decision"), ...errorResponses },
  }),
  async (c) => {
    const { emails } = c.req.valid("query");
    return c.json(await decideEmailCapture(c.var.services.db, c.var.principal.organizationId, emails), 200);
  },
);

emailsApp.openapi(
  createRoute({
    method: "get",
    path: "/{conversationId}/messages/{messageId}",
    summary: "One message of a thread, with the quote (and its insights' quotes) located in its text",
    tags,
    security: bearerSecurity,
    request: {
      params: z.object({ conversationId: IdSchema, messageId: z.string().min(1).max(200) }),
      query: EmailMessageQuerySchema,
    },
    responses: { 200: jsonResponse(EmailMessageResponseSchema, "The message"), ...errorResponses },
  }),
  async (c) => {
    const { conversationId, messageId } = c.req.valid("param");
    const { quote } = c.req.valid("query");
    const message = await readEmailMessage(
      c.var.services.db,
      c.var.principal.organizationId,
      conversationId,
      messageId,
      quote,
    );
    return c.json(message, 200);
  },
);
