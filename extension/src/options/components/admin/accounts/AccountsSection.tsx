import { Button } from "../../../../ui/Button.tsx";
import { handleListboxKey, optionId, useActiveOptionInView } from "../../../../ui/listbox.ts";
import { EmptyState, ErrorState, LoadingState } from "../../../../ui/states.tsx";
import { useOptionsStore } from "../../../store-context.ts";
import { NoticeLine } from "../NoticeLine.tsx";
import { AccountForm } from "./AccountForm.tsx";
import { ContactsPanel } from "./ContactsPanel.tsx";

const LIST_ID = "accounts-list";

/**
 * Accounts (admins): search by name or domain, pick one from a listbox (arrow keys, Enter goes to its
 * form), edit it and its contacts, or create one. Everything goes through the same /api/v1 routes as
 * `pnpm sightline edit-account` and friends.
 */
export function AccountsSection() {
  const { accounts } = useOptionsStore();
  const { query, list, active, editing, listNotice, actions } = accounts;
  const state = list.value;
  const index = active.value;
  const open = editing.value;
  useActiveOptionInView(LIST_ID, index);

  return (
    <section aria-labelledby="accounts-heading" class="card">
      <div class="section-header">
        <h3 id="accounts-heading">Accounts</h3>
        <Button onClick={() => actions.startNew()}>New account</Button>
      </div>
      <label>
        Search accounts by name or domain
        <input
          type="search"
          autoComplete="off"
          value={query.value}
          onInput={(event) => void actions.search(event.currentTarget.value)}
        />
      </label>
      {state.status === "loading" && <LoadingState text="Loading accounts…" />}
      {state.status === "error" && <ErrorState message={state.message} onRetry={() => void actions.load()} />}
      {state.status === "ready" && state.value.length === 0 && (
        <EmptyState>
          <p>{query.value.trim() ? `No accounts match “${query.value.trim()}”.` : "No accounts yet."}</p>
        </EmptyState>
      )}
      {state.status === "ready" && state.value.length > 0 && (
        <div
          id={LIST_ID}
          role="listbox"
          tabIndex={0}
          aria-label={query.value.trim() ? `Accounts matching “${query.value.trim()}”` : "Accounts"}
          aria-activedescendant={index >= 0 ? optionId(LIST_ID, index) : undefined}
          class="admin-list"
          onKeyDown={(event) =>
            handleListboxKey(event, {
              move: actions.move,
              jump: actions.jump,
              choose: () => document.getElementById("account-name")?.focus(),
            })
          }
        >
          {state.value.map((account, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for its options
            <div
              key={account.id}
              id={optionId(LIST_ID, i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === index}
              onClick={() => actions.select(i)}
            >
              <span class="strong">{account.name}</span>
              <span class="muted">{account.domains.join(", ") || "no domains"}</span>
            </div>
          ))}
        </div>
      )}
      <NoticeLine notice={listNotice.value} />
      {open && <AccountForm />}
      {open && open !== "new" && <ContactsPanel accountName={open.name} />}
    </section>
  );
}
