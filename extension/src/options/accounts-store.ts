import { batch, signal } from "@preact/signals";
import type { Account, AccountListItem } from "@sightline/shared";
import type { AccountInput, Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import { moveIndex } from "../ui/listbox.ts";
import type { Send } from "../ui/send-message.ts";
import type { AccountContactsStore } from "./account-contacts-store.ts";
import type { Notice } from "./admin-store.ts";
import { failureFieldErrors } from "./field-errors.ts";
import type { Loadable } from "./store.ts";

/** The account form's fields as typed; `domains` is one text (one per line, or separated by commas). */
export type AccountDraft = {
  name: string;
  domains: string;
  salesforceId: string;
  hubspotId: string;
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  crmLeadSource: string;
};

export type AccountDraftField = keyof AccountDraft;

/** The fields the API names in its reasons; lead-source parts are `leadSource.utmSource` and so on. */
const ERROR_FIELDS = [
  "name",
  "domains",
  "salesforceId",
  "hubspotId",
  "leadSource",
  "leadSource.utmSource",
  "leadSource.utmMedium",
  "leadSource.utmCampaign",
  "leadSource.crmLeadSource",
] as const;
export type AccountErrorField = (typeof ERROR_FIELDS)[number];

const LEAD_SOURCE_PARTS: readonly AccountDraftField[] = ["utmSource", "utmMedium", "utmCampaign", "crmLeadSource"];

const EMPTY_DRAFT: AccountDraft = {
  name: "",
  domains: "",
  salesforceId: "",
  hubspotId: "",
  utmSource: "",
  utmMedium: "",
  utmCampaign: "",
  crmLeadSource: "",
};

/** Which form field an error of `field` shows under (the lead source's parts have their own). */
export function draftFieldOf(field: AccountErrorField): AccountDraftField | "leadSource" {
  return field.startsWith("leadSource.")
    ? (field.slice("leadSource.".length) as AccountDraftField)
    : (field as AccountDraftField | "leadSource");
}

export function draftOf(account: Account): AccountDraft {
  const lead = account.leadSource;
  return {
    name: account.name,
    domains: account.domains.join("\n"),
    salesforceId: account.salesforceId ?? "",
    hubspotId: account.hubspotId ?? "",
    utmSource: lead?.utmSource ?? "",
    utmMedium: lead?.utmMedium ?? "",
    utmCampaign: lead?.utmCampaign ?? "",
    crmLeadSource: lead?.crmLeadSource ?? "",
  };
}

/** The domains typed: split on new lines, commas, semicolons and spaces; empty entries dropped. */
export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

/** What the form sends: empty optional fields are null, and a lead source with no part set is none. */
export function accountInputOf(draft: AccountDraft): AccountInput {
  const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
  const leadSource = {
    utmSource: orNull(draft.utmSource),
    utmMedium: orNull(draft.utmMedium),
    utmCampaign: orNull(draft.utmCampaign),
    crmLeadSource: orNull(draft.crmLeadSource),
  };
  return {
    name: draft.name.trim(),
    domains: parseDomains(draft.domains),
    salesforceId: orNull(draft.salesforceId),
    hubspotId: orNull(draft.hubspotId),
    leadSource: Object.values(leadSource).some((v) => v !== null) ? leadSource : null,
  };
}

/** A list row for an account that is not in the answer it came from (just created or saved). */
function listItemOf(account: Account, before?: AccountListItem): AccountListItem {
  return {
    score: null,
    mine: false,
    recentTopics: [],
    winCount: 0,
    issueCount: 0,
    ...before,
    ...account,
  };
}

/**
 * The Accounts screen (admins): a search over the organization's accounts (empty: the usual list),
 * a listbox to pick one, and the form that edits it or creates one. A save sends every field; the
 * backend's refusal is shown next to the field it names, and the form keeps what was typed.
 */
export function createAccountsStore(
  send: Send,
  endedSession: (error: Failure) => boolean,
  contacts: AccountContactsStore,
) {
  const query = signal("");
  const list = signal<Loadable<AccountListItem[]>>({ status: "loading" });
  const active = signal(-1);
  /** The account being edited, "new" while creating one, null when none is open. */
  const editing = signal<Account | "new" | null>(null);
  const draft = signal<AccountDraft>(EMPTY_DRAFT);
  const errors = signal<Partial<Record<AccountErrorField, string>>>({});
  const saving = signal(false);
  const notice = signal<Notice | null>(null);
  /** The open account's Delete waits for the admin's confirmation. */
  const confirmingDelete = signal(false);
  /** What the last deletion did (the form it was in is gone). */
  const listNotice = signal<Notice | null>(null);
  let listTicket = 0;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));

  function open(account: Account | "new") {
    batch(() => {
      editing.value = account;
      confirmingDelete.value = false;
      listNotice.value = null;
      draft.value = account === "new" ? EMPTY_DRAFT : draftOf(account);
      errors.value = {};
      notice.value = null;
    });
    if (account === "new") contacts.actions.reset();
    else void contacts.actions.load(account.id);
  }

  async function search(q: string) {
    const ticket = ++listTicket;
    batch(() => {
      query.value = q;
      if (list.value.status !== "ready") list.value = { status: "loading" };
    });
    const answer = await send({ type: "searchAccounts", q });
    if (ticket !== listTicket) return;
    if (!answer.ok) {
      const text = failureText(answer.error);
      if (text) list.value = { status: "error", message: text };
      return;
    }
    const current = editing.value;
    batch(() => {
      list.value = { status: "ready", value: answer.value.accounts };
      const kept = current && current !== "new" ? answer.value.accounts.findIndex((a) => a.id === current.id) : -1;
      // The highlight follows the open account; nothing is highlighted until one is picked.
      active.value = kept;
    });
  }

  function select(index: number) {
    const rows = list.value.status === "ready" ? list.value.value : [];
    const account = rows[index];
    if (!account) return;
    active.value = index;
    const current = editing.value;
    if (current === null || current === "new" || current.id !== account.id) open(account);
  }

  /** Shows the saved account in the list (first when it is new) and keeps it highlighted. */
  function showInList(account: Account) {
    const current = list.value;
    if (current.status !== "ready") return;
    const at = current.value.findIndex((a) => a.id === account.id);
    const rows =
      at >= 0
        ? current.value.map((a, i) => (i === at ? listItemOf(account, a) : a))
        : [listItemOf(account), ...current.value];
    batch(() => {
      list.value = { status: "ready", value: rows };
      active.value = Math.max(at, 0);
    });
  }

  const actions = {
    /** (Re)loads the list for the search as typed (the page reloads when it becomes visible again). */
    load: () => search(query.value),
    search,
    select,
    move(delta: number) {
      if (list.value.status === "ready") select(moveIndex(active.value, delta, list.value.value.length));
    },
    jump(to: "first" | "last") {
      if (list.value.status === "ready" && list.value.value.length)
        select(to === "first" ? 0 : list.value.value.length - 1);
    },
    startNew() {
      open("new");
    },
    close() {
      batch(() => {
        editing.value = null;
        errors.value = {};
        notice.value = null;
      });
      contacts.actions.reset();
    },
    setField(field: AccountDraftField, value: string) {
      batch(() => {
        draft.value = { ...draft.value, [field]: value };
        if (Object.keys(errors.value).length) {
          // Typing in a field clears its reason (a lead-source part also clears the lead source's).
          const next = { ...errors.value };
          for (const key of ERROR_FIELDS) if (draftFieldOf(key) === field) delete next[key];
          if (LEAD_SOURCE_PARTS.includes(field)) delete next.leadSource;
          errors.value = next;
        }
      });
    },

    /** Creates or saves the open account; true when the backend took it. */
    async save(): Promise<boolean> {
      const target = editing.value;
      if (!target || saving.value) return false;
      const input = accountInputOf(draft.value);
      if (!input.name) {
        errors.value = { name: "Give the account a name." };
        return false;
      }
      batch(() => {
        saving.value = true;
        errors.value = {};
        notice.value = null;
      });
      const answer =
        target === "new"
          ? await send({ type: "createAccount", account: input })
          : await send({ type: "updateAccount", id: target.id, account: input });
      saving.value = false;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (!text) return false;
        const split = failureFieldErrors(answer.error, text, ERROR_FIELDS, (path, message) => {
          // "domains.2: must be a domain name…" names the entry by what was typed, not its position.
          const index = /^domains\.(\d+)$/.exec(path)?.[1];
          const domain = index === undefined ? undefined : input.domains[Number(index)];
          return domain === undefined ? message : `“${domain}” ${message}`;
        });
        batch(() => {
          errors.value = split.fields;
          notice.value = split.form ? { tone: "error", text: split.form } : null;
        });
        return false;
      }
      const saved = answer.value;
      batch(() => {
        editing.value = saved;
        draft.value = draftOf(saved);
        notice.value = { tone: "info", text: target === "new" ? `Created ${saved.name}.` : `Saved ${saved.name}.` };
        showInList(saved);
      });
      if (target === "new") void contacts.actions.load(saved.id);
      return true;
    },

    askDelete() {
      confirmingDelete.value = true;
    },
    cancelDelete() {
      confirmingDelete.value = false;
    },
    /** Deletes the open account; its conversations and contacts stay, unassigned. */
    async confirmDelete(): Promise<boolean> {
      const target = editing.value;
      if (!target || target === "new" || saving.value) return false;
      batch(() => {
        confirmingDelete.value = false;
        saving.value = true;
        notice.value = null;
      });
      const answer = await send({ type: "deleteAccount", id: target.id });
      saving.value = false;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) notice.value = { tone: "error", text };
        return false;
      }
      const current = list.value;
      batch(() => {
        if (current.status === "ready")
          list.value = { status: "ready", value: current.value.filter((a) => a.id !== target.id) };
        active.value = -1;
        editing.value = null;
        listNotice.value = {
          tone: "info",
          text: `Deleted ${target.name}. Its conversations and contacts are kept, unassigned.`,
        };
      });
      contacts.actions.reset();
      return true;
    },

    reset() {
      listTicket++;
      batch(() => {
        query.value = "";
        list.value = { status: "loading" };
        active.value = -1;
        editing.value = null;
        draft.value = EMPTY_DRAFT;
        errors.value = {};
        saving.value = false;
        notice.value = null;
        confirmingDelete.value = false;
        listNotice.value = null;
      });
    },
  };

  return {
    query,
    list,
    active,
    editing,
    draft,
    errors,
    saving,
    notice,
    confirmingDelete,
    listNotice,
    contacts,
    actions,
  };
}

export type AccountsStore = ReturnType<typeof createAccountsStore>;
