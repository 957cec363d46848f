import type { Contact } from "@sightline/shared";
import { useRef } from "preact/hooks";
import { Button } from "../../../../ui/Button.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../../ui/states.tsx";
import type { ContactField } from "../../../account-contacts-store.ts";
import { useOptionsStore } from "../../../store-context.ts";
import { NoticeLine } from "../NoticeLine.tsx";
import { focusFirstInvalid, TextField } from "./TextField.tsx";

/** The open account's contacts: a table with Edit and Delete (confirmed), and the form that adds or edits one. */
export function ContactsPanel({ accountName }: { accountName: string }) {
  const { accounts } = useOptionsStore();
  const { contacts, editing, notice, actions } = accounts.contacts;
  const list = contacts.value;
  if (!list) return null;
  return (
    <section aria-labelledby="contacts-heading" class="assign contacts-panel">
      <div class="section-header">
        <h4 id="contacts-heading">Contacts of {accountName}</h4>
        {editing.value !== "new" && <Button onClick={() => actions.startNew()}>Add contact</Button>}
      </div>
      {list.status === "loading" && <LoadingState text="Loading contacts…" />}
      {list.status === "error" && (
        <ErrorState
          message={list.message}
          onRetry={() => {
            const id = accounts.contacts.accountId.value;
            if (id) void actions.load(id);
          }}
        />
      )}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>No contacts yet.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <table>
          <caption class="muted">Contacts of {accountName}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Phone</th>
              <th scope="col">Title</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((contact) => (
              <ContactRow key={contact.id} contact={contact} />
            ))}
          </tbody>
        </table>
      )}
      {editing.value && <ContactForm />}
      <NoticeLine notice={notice.value} />
    </section>
  );
}

function ContactRow({ contact }: { contact: Contact }) {
  const { confirmingDelete, saving, actions } = useOptionsStore().accounts.contacts;
  const confirming = confirmingDelete.value === contact.id;
  return (
    <tr>
      <th scope="row">
        {contact.name}
        {contact.side === "ours" && <span class="muted"> (our side)</span>}
      </th>
      <td>{contact.email ?? ""}</td>
      <td>{contact.phone ?? ""}</td>
      <td>{contact.title ?? ""}</td>
      <td>
        {confirming ? (
          <fieldset
            class="confirm"
            onKeyDown={(event) => {
              if (event.key === "Escape") actions.cancelDelete();
            }}
          >
            <legend>Delete {contact.name}? Conversations keep their participants.</legend>
            <div class="actions">
              <Button variant="danger" onClick={() => void actions.confirmDelete(contact)}>
                Yes, delete
              </Button>
              <Button onClick={() => actions.cancelDelete()}>Cancel</Button>
            </div>
          </fieldset>
        ) : (
          <div class="actions">
            <Button aria-label={`Edit ${contact.name}`} onClick={() => actions.startEdit(contact)}>
              Edit
            </Button>
            <Button
              aria-label={`Delete ${contact.name}`}
              disabled={saving.value === contact.id}
              onClick={() => actions.askDelete(contact.id)}
            >
              {saving.value === contact.id ? "Deleting…" : "Delete"}
            </Button>
          </div>
        )}
      </td>
    </tr>
  );
}

function ContactForm() {
  const { editing, draft, errors, saving, actions } = useOptionsStore().accounts.contacts;
  const form = useRef<HTMLFormElement>(null);
  const target = editing.value;
  if (!target) return null;
  const d = draft.value;
  const e = errors.value;
  const isNew = target === "new";
  const field = (name: Exclude<ContactField, "side">) => ({
    id: `contact-${name}`,
    value: d[name],
    error: e[name],
    onInput: (value: string) => actions.setField(name, value),
  });
  return (
    <form
      ref={form}
      class="assign contact-form"
      aria-labelledby="contact-form-heading"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void actions.save().then((saved) => {
          if (!saved) setTimeout(() => focusFirstInvalid(form.current), 0);
        });
      }}
    >
      <h4 id="contact-form-heading">{isNew ? "New contact" : `Edit ${target.name}`}</h4>
      <TextField {...field("name")} label="Contact name" />
      <TextField {...field("email")} label="E-mail" type="email" />
      <TextField {...field("phone")} label="Phone" type="tel" hint="With the country code, e.g. +1 415 555 0100" />
      <TextField {...field("title")} label="Job title" />
      <label>
        Side
        <select
          value={d.side}
          onChange={(event) => actions.setField("side", event.currentTarget.value === "ours" ? "ours" : "theirs")}
        >
          <option value="theirs">The customer's side</option>
          <option value="ours">Our side</option>
        </select>
      </label>
      <div class="actions">
        <Button type="submit" variant="primary" disabled={saving.value === "form"}>
          {saving.value === "form" ? "Saving…" : isNew ? "Add contact" : "Save contact"}
        </Button>
        <Button onClick={() => actions.cancel()}>Cancel</Button>
      </div>
    </form>
  );
}
