import { createRoute, z } from "@hono/zod-openapi";
import {
  ContactSchema,
  CreateContactRequestSchema,
  IdSchema,
  leadSourceColumns,
  UpdateContactRequestSchema,
} from "@sightline/shared";
import { and, eq, ne } from "drizzle-orm";
import { getAccount } from "../accounts/account-store.ts";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { contacts } from "../db/schema/index.ts";
import { ApiError } from "../platform/api-error.ts";
import { newId } from "../platform/ids.ts";
import type { Db } from "../platform/services.ts";
import { writeOrConflict } from "../platform/unique-violation.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";
import { contactView } from "./views.ts";

export const contactsApp = createResourceApp();
contactsApp.use("*", requireUser);

const IdParams = z.object({ id: IdSchema });
const tags = ["contacts"];

async function getContact(db: Db, organizationId: string, id: string) {
  const row = await db.query.contacts.findFirst({
    where: and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)),
  });
  if (!row) throw ApiError.notFound("contact");
  return row;
}

/** The account must be one of the caller's organization, and an e-mail belongs to one contact only. */
async function checkReferences(
  db: Db,
  organizationId: string,
  selfId: string | null,
  input: { accountId?: string | null; email?: string | null },
) {
  if (input.accountId) await getAccount(db, organizationId, input.accountId);
  if (input.email) {
    const clash = await db.query.contacts.findFirst({
      columns: { id: true, name: true },
      where: and(
        eq(contacts.organizationId, organizationId),
        eq(contacts.email, input.email),
        selfId ? ne(contacts.id, selfId) : undefined,
      ),
    });
    if (clash)
      throw new ApiError("conflict", `email: ${input.email} already belongs to contact “${clash.name}” (${clash.id})`);
  }
}

contactsApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "Contacts, optionally of one account",
    tags,
    security: bearerSecurity,
    request: { query: z.object({ accountId: IdSchema.optional() }) },
    responses: { 200: jsonResponse(z.object({ contacts: z.array(ContactSchema) }), "Contacts"), ...errorResponses },
  }),
  async (c) => {
    const { accountId } = c.req.valid("query");
    const { organizationId } = c.var.principal;
    const rows = await c.var.services.db.query.contacts.findMany({
      where: and(
        eq(contacts.organizationId, organizationId),
        accountId ? eq(contacts.accountId, accountId) : undefined,
      ),
      orderBy: contacts.name,
      limit: 500,
    });
    return c.json({ contacts: rows.map(contactView) }, 200);
  },
);

contactsApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Create a contact",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: jsonBody(CreateContactRequestSchema),
    responses: { 201: jsonResponse(ContactSchema, "The contact"), ...errorResponses },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { db, clock } = c.var.services;
    const { organizationId } = c.var.principal;
    await checkReferences(db, organizationId, null, input);
    const { leadSource, ...fields } = input;
    const row = {
      id: newId("ctc"),
      organizationId,
      ...fields,
      ...leadSourceColumns(leadSource),
      lastInteractionAt: null,
      createdAt: clock.now(),
    };
    await writeOrConflict(
      () => db.insert(contacts).values(row),
      () => checkReferences(db, organizationId, null, input),
    );
    return c.json(contactView(row), 201);
  },
);

contactsApp.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    summary: "Update a contact",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParams, ...jsonBody(UpdateContactRequestSchema) },
    responses: { 200: jsonResponse(ContactSchema, "The updated contact"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const current = await getContact(db, organizationId, id);
    await checkReferences(db, organizationId, id, input);
    const { leadSource, ...fields } = input;
    const patch = { ...fields, ...(leadSource !== undefined ? leadSourceColumns(leadSource) : {}) };
    if (Object.keys(patch).length > 0)
      await writeOrConflict(
        () =>
          db
            .update(contacts)
            .set(patch)
            .where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id))),
        () => checkReferences(db, organizationId, id, input),
      );
    return c.json(contactView({ ...current, ...patch }), 200);
  },
);

contactsApp.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    summary: "Delete a contact",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    await getContact(db, organizationId, id);
    await db.delete(contacts).where(and(eq(contacts.organizationId, organizationId), eq(contacts.id, id)));
    return c.body(null, 204);
  },
);
