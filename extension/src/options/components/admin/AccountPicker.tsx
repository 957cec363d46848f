import type { UnassignedConversation } from "@sightline/shared";
import { Button } from "../../../ui/Button.tsx";
import { handleListboxKey, optionId, useActiveOptionInView } from "../../../ui/listbox.ts";
import { useOptionsStore } from "../../store-context.ts";

const RESULTS_ID = "assign-account-results";

/** A combobox over the organization's accounts (typing searches, arrows move, Enter chooses), then Assign. */
export function AccountPicker({ conversation }: { conversation: UnassignedConversation }) {
  const { admin } = useOptionsStore();
  const { accountQuery, accountResults, activeAccount, chosenAccount, assigning, actions } = admin;
  const results = accountResults.value;
  const rows = results?.status === "ready" ? results.value : [];
  const active = activeAccount.value;
  const chosen = chosenAccount.value;
  const expanded = rows.length > 0 && !chosen;
  useActiveOptionInView(RESULTS_ID, active);

  return (
    <form
      class="assign"
      aria-label={`Assign “${conversation.title}” to an account`}
      onSubmit={(event) => {
        event.preventDefault();
        void actions.assign();
      }}
    >
      <label>
        Account for “{conversation.title}”
        <input
          id="assign-account"
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={expanded ? RESULTS_ID : undefined}
          aria-activedescendant={expanded && active >= 0 ? optionId(RESULTS_ID, active) : undefined}
          placeholder="Search accounts by name or domain"
          autoComplete="off"
          value={chosen ? chosen.name : accountQuery.value}
          onInput={(event) => void actions.searchAccounts(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter with an account already chosen submits the form (Assign); before that it chooses.
            if (event.key === "Enter" && chosen) return;
            handleListboxKey(event, {
              move: actions.moveAccount,
              jump: actions.jumpAccount,
              choose: () => actions.chooseAccount(),
            });
          }}
        />
      </label>
      {results?.status === "loading" && (
        <p class="muted" role="status">
          Searching…
        </p>
      )}
      {results?.status === "error" && (
        <p class="error" role="alert">
          {results.message}
        </p>
      )}
      {results?.status === "ready" && rows.length === 0 && (
        <p class="muted" role="status">
          No accounts match “{accountQuery.value}”
        </p>
      )}
      {expanded && (
        <div id={RESULTS_ID} role="listbox" aria-label="Matching accounts" class="admin-list">
          {rows.map((account, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for the listbox
            <div
              key={account.id}
              id={optionId(RESULTS_ID, index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onClick={() => actions.chooseAccount(index)}
            >
              <span class="strong">{account.name}</span>
              <span class="muted">{account.domains.join(", ")}</span>
            </div>
          ))}
        </div>
      )}
      <div class="actions">
        <Button type="submit" variant="primary" disabled={!chosen || assigning.value}>
          {assigning.value ? "Assigning…" : chosen ? `Assign to ${chosen.name}` : "Assign"}
        </Button>
      </div>
    </form>
  );
}
