import { batch, signal } from "@preact/signals";
import type { Contact } from "@sightline/shared";
import type { ContactInput, Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import type { Notice } from "./admin-store.ts";
import { failureFieldErrors } from "./field-errors.ts";
import type { Loadable } from "./store.ts";

export type ContactDraft = { name: string; email: string; phone: string; title: string; side: "theirs" | "ours" };
export type ContactField = keyof ContactDraft;

const ERROR_FIELDS = ["name", "email", "phone", "title", "side"] as const;
const EMPTY_DRAFT: ContactDraft = { name: "", email: "", phone: "", title: "", side: "theirs" };

export function contactDraftOf(contact: Contact): ContactDraft {
  return {
    name: contact.name,
    email: contact.email ?? "",
    phone: contact.phone ?? "",
    title: contact.title ?? "",
    side: contact.side,
  };
}

export function contactInputOf(accountId: string, draft: ContactDraft): ContactInput {
  const orNull = (text: string) => (text.trim() === "" ? null : text.trim());
  return {
    accountId,
    name: draft.name.trim(),
    email: orNull(draft.email),
    phone: orNull(draft.phone),
    title: orNull(draft.title),
    side: draft.side,
  };
}

/**
 * The open account's contacts on the Accounts screen: the list, one form (a new contact, or the one
 * being edited), and deletion after a confirmation. The backend checks e-mails (one contact each) and
 * phone numbers; its reason shows next to the field and the form keeps what was typed.
 */
export function createAccountContactsStore(send: Send, endedSession: (error: Failure) => boolean) {
  const accountId = signal<string | null>(null);
  const contacts = signal<Loadable<Contact[]> | null>(null);
  /** The contact being edited, "new" while adding one, null when the form is closed. */
  const editing = signal<Contact | "new" | null>(null);
  const draft = signal<ContactDraft>(EMPTY_DRAFT);
  const errors = signal<Partial<Record<ContactField, string>>>({});
  const confirmingDelete = signal<string | null>(null);
  /** "form" while the form saves, or the id of the contact being deleted. */
  const saving = signal<string | null>(null);
  const notice = signal<Notice | null>(null);
  let ticket = 0;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));

  function closeForm() {
    batch(() => {
      editing.value = null;
      draft.value = EMPTY_DRAFT;
      errors.value = {};
    });
  }

  function show(next: Contact[]) {
    contacts.value = { status: "ready", value: [...next].sort((a, b) => a.name.localeCompare(b.name)) };
  }

  const actions = {
    async load(id: string) {
      const mine = ++ticket;
      batch(() => {
        if (accountId.value !== id) {
          accountId.value = id;
          contacts.value = { status: "loading" };
          confirmingDelete.value = null;
          notice.value = null;
          closeForm();
        }
      });
      const answer = await send({ type: "listContacts", accountId: id });
      if (mine !== ticket) return;
      if (answer.ok) show(answer.value);
      else {
        const text = failureText(answer.error);
        if (text) contacts.value = { status: "error", message: text };
      }
    },
    startNew() {
      batch(() => {
        editing.value = "new";
        draft.value = EMPTY_DRAFT;
        errors.value = {};
        notice.value = null;
        confirmingDelete.value = null;
      });
    },
    startEdit(contact: Contact) {
      batch(() => {
        editing.value = contact;
        draft.value = contactDraftOf(contact);
        errors.value = {};
        notice.value = null;
        confirmingDelete.value = null;
      });
    },
    cancel: closeForm,
    setField<K extends ContactField>(field: K, value: ContactDraft[K]) {
      batch(() => {
        draft.value = { ...draft.value, [field]: value };
        if (errors.value[field]) {
          const next = { ...errors.value };
          delete next[field];
          errors.value = next;
        }
      });
    },

    /** Adds or saves the contact in the form; true when the backend took it. */
    async save(): Promise<boolean> {
      const target = editing.value;
      const account = accountId.value;
      if (!target || !account || saving.value) return false;
      const input = contactInputOf(account, draft.value);
      if (!input.name) {
        errors.value = { name: "Give the contact a name." };
        return false;
      }
      batch(() => {
        saving.value = "form";
        errors.value = {};
        notice.value = null;
      });
      const answer =
        target === "new"
          ? await send({ type: "createContact", contact: input })
          : await send({ type: "updateContact", id: target.id, contact: input });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (!text) return false;
        const split = failureFieldErrors(answer.error, text, ERROR_FIELDS);
        batch(() => {
          errors.value = split.fields;
          notice.value = split.form ? { tone: "error", text: split.form } : null;
        });
        return false;
      }
      const saved = answer.value;
      const list = contacts.value;
      batch(() => {
        if (list?.status === "ready") show([...list.value.filter((c) => c.id !== saved.id), saved]);
        closeForm();
        notice.value = { tone: "info", text: target === "new" ? `Added ${saved.name}.` : `Saved ${saved.name}.` };
      });
      return true;
    },

    askDelete(id: string) {
      confirmingDelete.value = id;
    },
    cancelDelete() {
      confirmingDelete.value = null;
    },
    async confirmDelete(contact: Contact) {
      if (saving.value) return;
      batch(() => {
        confirmingDelete.value = null;
        saving.value = contact.id;
        notice.value = null;
      });
      const answer = await send({ type: "deleteContact", id: contact.id });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) notice.value = { tone: "error", text };
        return;
      }
      const list = contacts.value;
      batch(() => {
        if (list?.status === "ready") show(list.value.filter((c) => c.id !== contact.id));
        const open = editing.value;
        if (open && open !== "new" && open.id === contact.id) closeForm();
        notice.value = { tone: "info", text: `Deleted ${contact.name}.` };
      });
    },

    reset() {
      ticket++;
      batch(() => {
        accountId.value = null;
        contacts.value = null;
        confirmingDelete.value = null;
        saving.value = null;
        notice.value = null;
        closeForm();
      });
    },
  };

  return { accountId, contacts, editing, draft, errors, confirmingDelete, saving, notice, actions };
}

export type AccountContactsStore = ReturnType<typeof createAccountContactsStore>;
