import { type Account, AccountSchema, type Contact, ContactSchema } from "@sightline/shared";
import { type AccountInput, type ContactInput, ok, type Result } from "../../shared/messages.ts";
import type { Parser } from "../api-client.ts";
import { callSignedIn } from "./call-signed-in.ts";
import { listOf } from "./list-of.ts";

/**
 * The Accounts screen's calls (options page, admins): an account's name, domains, CRM ids and lead
 * source, and its contacts. The backend validates every field and answers 400 or 409 naming it; the
 * router accepts these from extension pages only.
 */

/** POST /accounts: a new account (409 when a domain or CRM id is another account's). */
export async function createAccount(input: { account: AccountInput }): Promise<Result<Account>> {
  const body = { ...input.account, ownerUserId: null };
  return callSignedIn((api, init) => api.POST("/accounts", { body, ...init }), AccountSchema);
}

/** PATCH /accounts/{id}: every editable field is sent; domains replace the current list. */
export async function updateAccount(input: { id: string; account: AccountInput }): Promise<Result<Account>> {
  const path = { id: input.id };
  return callSignedIn(
    (api, init) => api.PATCH("/accounts/{id}", { params: { path }, body: input.account, ...init }),
    AccountSchema,
  );
}

/** GET /contacts?accountId=: the account's contacts, by name. */
export async function listContacts(input: { accountId: string }): Promise<Result<Contact[]>> {
  const query = { accountId: input.accountId };
  const answer = await callSignedIn(
    (api, init) => api.GET("/contacts", { params: { query }, ...init }),
    listOf("contacts", ContactSchema),
  );
  return answer.ok ? ok(answer.value.contacts) : answer;
}

/** POST /contacts (409 when the e-mail is another contact's). */
export async function createContact(input: { contact: ContactInput }): Promise<Result<Contact>> {
  return callSignedIn((api, init) => api.POST("/contacts", { body: input.contact, ...init }), ContactSchema);
}

/** PATCH /contacts/{id}: every editable field is sent. */
export async function updateContact(input: { id: string; contact: ContactInput }): Promise<Result<Contact>> {
  const path = { id: input.id };
  return callSignedIn(
    (api, init) => api.PATCH("/contacts/{id}", { params: { path }, body: input.contact, ...init }),
    ContactSchema,
  );
}

/** 204 No Content: there is no body to check. */
const NoContent: Parser<undefined> = { safeParse: () => ({ success: true, data: undefined }) };

/** DELETE /contacts/{id}. */
export async function deleteContact(input: { id: string }): Promise<Result<true>> {
  const path = { id: input.id };
  const answer = await callSignedIn(
    (api, init) => api.DELETE("/contacts/{id}", { params: { path }, ...init }),
    NoContent,
  );
  return answer.ok ? ok(true) : answer;
}

/** DELETE /accounts/{id}: its conversations and contacts are kept and become unassigned. */
export async function deleteAccount(input: { id: string }): Promise<Result<true>> {
  const path = { id: input.id };
  const answer = await callSignedIn(
    (api, init) => api.DELETE("/accounts/{id}", { params: { path }, ...init }),
    NoContent,
  );
  return answer.ok ? ok(true) : answer;
}
