import { createRoute, z } from "@hono/zod-openapi";
import {
  AccountSchema,
  CreateAccountRequestSchema,
  IdSchema,
  ListAccountsQuerySchema,
  ListAccountsResponseSchema,
  LookupAccountQuerySchema,
  LookupAccountResponseSchema,
  UpdateAccountRequestSchema,
} from "@sightline/shared";
import { createAccount, deleteAccount, getAccount, loadDomains, updateAccount } from "../accounts/account-store.ts";
import { summarizeAccounts } from "../accounts/account-summaries.ts";
import { accountView } from "../accounts/account-view.ts";
import { listMyAccounts, searchAccounts } from "../accounts/list-accounts.ts";
import { lookupAccount } from "../accounts/lookup-account.ts";
import { requireAdmin, requireUser } from "../auth/middleware.ts";
import { ApiError } from "../platform/api-error.ts";
import { bearerSecurity, createResourceApp, errorResponses, jsonBody, jsonResponse } from "./openapi-helpers.ts";

export const accountsApp = createResourceApp();
accountsApp.use("*", requireUser);

const IdParams = z.object({ id: IdSchema });
const tags = ["accounts"];

accountsApp.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "My accounts (empty q) or a ranked, typo-tolerant search by name or domain",
    tags,
    security: bearerSecurity,
    request: { query: ListAccountsQuerySchema },
    responses: { 200: jsonResponse(ListAccountsResponseSchema, "Accounts"), ...errorResponses },
  }),
  async (c) => {
    const { q, limit } = c.req.valid("query");
    const { db } = c.var.services;
    const { organizationId, userId } = c.var.principal;
    const found = q
      ? { scope: "search" as const, listed: await searchAccounts(db, organizationId, userId, q, limit) }
      : await listMyAccounts(db, organizationId, userId, limit);
    const ids = found.listed.map((l) => l.row.id);
    const [domains, summaries] = await Promise.all([
      loadDomains(db, organizationId, ids),
      summarizeAccounts(db, organizationId, ids, c.var.services.clock.now()),
    ]);
    return c.json(
      {
        scope: found.scope,
        accounts: found.listed.map((l) => ({
          ...accountView(l.row, domains.get(l.row.id) ?? []),
          score: l.score,
          mine: l.mine,
          recentTopics: summaries.get(l.row.id)?.recentTopics ?? [],
          winCount: summaries.get(l.row.id)?.winCount ?? 0,
          issueCount: summaries.get(l.row.id)?.issueCount ?? 0,
        })),
      },
      200,
    );
  },
);

accountsApp.openapi(
  createRoute({
    method: "get",
    path: "/lookup",
    summary: "Resolve a CRM record, an e-mail address, a domain or a company name to one account",
    tags,
    security: bearerSecurity,
    request: { query: LookupAccountQuerySchema },
    responses: { 200: jsonResponse(LookupAccountResponseSchema, "The account and what matched"), ...errorResponses },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const found = await lookupAccount(db, organizationId, query);
    if (!found) throw ApiError.notFound("account");
    const domains = await loadDomains(db, organizationId, [found.row.id]);
    return c.json(
      { account: accountView(found.row, domains.get(found.row.id) ?? []), matchedBy: found.matchedBy },
      200,
    );
  },
);

accountsApp.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One account",
    tags,
    security: bearerSecurity,
    request: { params: IdParams },
    responses: { 200: jsonResponse(AccountSchema, "The account"), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.services;
    const { organizationId } = c.var.principal;
    const row = await getAccount(db, organizationId, id);
    const domains = await loadDomains(db, organizationId, [id]);
    return c.json(accountView(row, domains.get(id) ?? []), 200);
  },
);

accountsApp.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Create an account with its domains and CRM ids",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: jsonBody(CreateAccountRequestSchema),
    responses: { 201: jsonResponse(AccountSchema, "The account"), ...errorResponses },
  }),
  async (c) => {
    const { db, clock } = c.var.services;
    const { row, domains } = await createAccount(db, c.var.principal.organizationId, c.req.valid("json"), clock.now());
    return c.json(accountView(row, domains), 201);
  },
);

accountsApp.openapi(
  createRoute({
    method: "patch",
    path: "/{id}",
    summary: "Update an account; domains, when given, replace the current list",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParams, ...jsonBody(UpdateAccountRequestSchema) },
    responses: { 200: jsonResponse(AccountSchema, "The updated account"), ...errorResponses },
  }),
  async (c) => {
    const { db, clock } = c.var.services;
    const { id } = c.req.valid("param");
    const { row, domains } = await updateAccount(
      db,
      c.var.principal.organizationId,
      id,
      c.req.valid("json"),
      clock.now(),
    );
    return c.json(accountView(row, domains), 200);
  },
);

accountsApp.openapi(
  createRoute({
    method: "delete",
    path: "/{id}",
    summary: "Delete an account; its conversations and contacts are kept and become unassigned",
    tags,
    security: bearerSecurity,
    middleware: [requireAdmin] as const,
    request: { params: IdParams },
    responses: { 204: { description: "Deleted" }, ...errorResponses },
  }),
  async (c) => {
    const { db, clock } = c.var.services;
    await deleteAccount(db, c.var.principal.organizationId, c.req.valid("param").id, clock.now());
    return c.body(null, 204);
  },
);
