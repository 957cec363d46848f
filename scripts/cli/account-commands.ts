import type { Account, Contact, UpdateAccountRequest } from "@sightline/shared";
import type { LifecycleContext } from "./lifecycle-commands.ts";

/**
 * Accounts and their contacts from the command line (issue 13): the same /api/v1 routes the options
 * page's Accounts screen calls. `none` clears an optional field (a CRM id, an e-mail, a phone).
 */
export const ACCOUNT_USAGE = `  show-account --id ACCOUNT_ID   one account and its contacts
  edit-account --id ACCOUNT_ID [--name NAME] [--domain acme.com ...] [--salesforce ID|none] [--hubspot ID|none]
               [lead source options]   (--domain replaces the list; lead source options replace the lead source)
  delete-account --id ACCOUNT_ID   delete an account (its conversations and contacts are kept, unassigned)
  contacts     --account ACCOUNT_ID   an account's contacts
  add-contact  --account ACCOUNT_ID --name NAME [--email E] [--phone P] [--title T] [--side theirs|ours]
  edit-contact --id CONTACT_ID [--name NAME] [--email E|none] [--phone P|none] [--title T|none]
               [--side theirs|ours] [--account ACCOUNT_ID|none]
  delete-contact --id CONTACT_ID`;

type Values = LifecycleContext["values"];

const text = (values: Values, name: string) =>
  typeof values[name] === "string" ? (values[name] as string) : undefined;

/** An option that may be cleared: undefined when not given, null for "none". */
function clearable(values: Values, name: string): string | null | undefined {
  const value = text(values, name);
  return value === undefined ? undefined : value.trim().toLowerCase() === "none" ? null : value;
}

/** The fields given, and only those (a PATCH changes nothing else). */
function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function leadSourceOption(values: Values) {
  const pick = (name: string) => text(values, name) ?? null;
  const source = {
    utmSource: pick("utm-source"),
    utmMedium: pick("utm-medium"),
    utmCampaign: pick("utm-campaign"),
    crmLeadSource: pick("lead-source"),
  };
  return Object.values(source).some((v) => v !== null) ? source : undefined;
}

const describeContact = (c: Contact) =>
  `${c.id}\t${c.name}\t${c.email ?? "-"}\t${c.phone ?? "-"}\t${c.title ?? "-"}\t${c.side}`;

function describeAccount(a: Account): string {
  const lead = a.leadSource
    ? Object.entries(a.leadSource)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")
    : "none";
  return [
    `${a.name} (${a.id})`,
    `Domains: ${a.domains.join(", ") || "none"}`,
    `Salesforce: ${a.salesforceId ?? "-"}  HubSpot: ${a.hubspotId ?? "-"}`,
    `Lead source: ${lead}`,
  ].join("\n");
}

/** Runs an account or contact command, or answers null when `command` is none of them. */
export async function runAccountCommand(command: string, ctx: LifecycleContext) {
  const { values } = ctx;
  const required = (name: string) => {
    const value = text(values, name);
    if (!value?.trim()) ctx.fail(`--${name} is required`);
    return value as string;
  };
  const contactsOf = async (accountId: string) =>
    (
      await ctx.request<{ contacts: Contact[] }>(
        ctx.userToken,
        "GET",
        `/contacts?accountId=${encodeURIComponent(accountId)}`,
      )
    ).contacts;

  switch (command) {
    case "show-account": {
      const id = required("id");
      const account = await ctx.request<Account>(ctx.userToken, "GET", `/accounts/${encodeURIComponent(id)}`);
      const contacts = await contactsOf(id);
      return ctx.print(
        { account, contacts },
        `${describeAccount(account)}\nContacts:\n${contacts.map(describeContact).join("\n") || "none"}`,
      );
    }
    case "edit-account": {
      const id = required("id");
      const domains = values.domain as string[] | undefined;
      const body: UpdateAccountRequest = defined({
        name: text(values, "name"),
        domains,
        salesforceId: clearable(values, "salesforce"),
        hubspotId: clearable(values, "hubspot"),
        leadSource: leadSourceOption(values),
      });
      if (Object.keys(body).length === 0)
        ctx.fail("nothing to change: give --name, --domain, a CRM id or a lead source");
      const out = await ctx.request<Account>(ctx.userToken, "PATCH", `/accounts/${encodeURIComponent(id)}`, body);
      return ctx.print(out, `Saved:\n${describeAccount(out)}`);
    }
    case "delete-account": {
      const id = required("id");
      await ctx.request<null>(ctx.userToken, "DELETE", `/accounts/${encodeURIComponent(id)}`);
      return ctx.print({ deleted: id }, `Deleted account ${id}; its conversations and contacts are unassigned`);
    }
    case "contacts": {
      const contacts = await contactsOf(required("account"));
      return ctx.print({ contacts }, contacts.map(describeContact).join("\n") || "No contacts.");
    }
    case "add-contact": {
      const body = defined({
        accountId: required("account"),
        name: required("name"),
        email: text(values, "email"),
        phone: text(values, "phone"),
        title: text(values, "title"),
        side: text(values, "side"),
      });
      const out = await ctx.request<Contact>(ctx.userToken, "POST", "/contacts", body);
      return ctx.print(out, `Added contact ${describeContact(out)}`);
    }
    case "edit-contact": {
      const id = required("id");
      const body = defined({
        name: text(values, "name"),
        email: clearable(values, "email"),
        phone: clearable(values, "phone"),
        title: clearable(values, "title"),
        side: text(values, "side"),
        accountId: clearable(values, "account"),
      });
      if (Object.keys(body).length === 0) ctx.fail("nothing to change: give a field to set");
      const out = await ctx.request<Contact>(ctx.userToken, "PATCH", `/contacts/${encodeURIComponent(id)}`, body);
      return ctx.print(out, `Saved contact ${describeContact(out)}`);
    }
    case "delete-contact": {
      const id = required("id");
      await ctx.request<null>(ctx.userToken, "DELETE", `/contacts/${encodeURIComponent(id)}`);
      return ctx.print({ deleted: id }, `Deleted contact ${id}`);
    }
    default:
      return null;
  }
}
