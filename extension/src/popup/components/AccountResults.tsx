import { Fragment } from "preact";
import { optionId, useActiveOptionInView } from "../../ui/listbox.ts";
import { EmptyState, InlineError, LoadingState } from "../../ui/states.tsx";
import { useStore } from "../store-context.ts";

export const RESULTS_ID = "account-results";

/** The listbox under the search input; the input keeps focus and points at the active row. */
export function AccountResults() {
  const { search, activeIndex, chosen, actions } = useStore();
  const state = search.value;

  useActiveOptionInView(RESULTS_ID, activeIndex.value);

  if (state.status === "idle") return null;
  if (state.status === "loading") return <LoadingState text="Loading accounts…" />;
  if (state.status === "error") return <InlineError>{state.message}</InlineError>;

  const { q, refreshing } = state;
  const { scope, accounts } = state.result;
  const heading = q === "" ? "My accounts" : "Matching accounts";
  return (
    <section aria-labelledby="results-heading" aria-busy={refreshing}>
      <h2 id="results-heading">{heading}</h2>
      {scope === "all" && (
        // The API falls back to the whole organization while the user owns or touched no account.
        <p class="muted">You have no accounts yet, so these are all of your organization's.</p>
      )}
      {accounts.length === 0 ? (
        <EmptyState>
          <p>{q === "" ? "No accounts yet" : `No accounts match “${q}”`}</p>
        </EmptyState>
      ) : (
        <div id={RESULTS_ID} role="listbox" aria-labelledby="results-heading">
          {accounts.map((account, index) => (
            // Keyboard users stay in the input, which points here with aria-activedescendant; tabIndex -1
            // keeps rows out of the tab order while still focusable for assistive technology.
            <Fragment key={account.id}>
              {q === "" && !account.mine && accounts[index - 1]?.mine && (
                // "My accounts" lists the user's own first, then the organization's others.
                <div role="presentation" class="group-label muted">
                  Other accounts
                </div>
              )}
              {/* biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for the listbox */}
              <div
                id={optionId(RESULTS_ID, index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === activeIndex.value}
                class={chosen.value?.id === account.id ? "chosen" : undefined}
                onClick={() => void actions.choose(index)}
              >
                <span class="account-name">{account.name}</span>
                <span class="account-domains muted">{account.domains.join(", ")}</span>
                {(account.recentTopics.length > 0 || account.winCount > 0 || account.issueCount > 0) && (
                  <span class="account-summary muted">
                    {account.recentTopics.join(" · ")}
                    {account.recentTopics.length > 0 ? " — " : ""}
                    {`${account.winCount} ${account.winCount === 1 ? "win" : "wins"}, ${account.issueCount} ${account.issueCount === 1 ? "issue" : "issues"}`}
                  </span>
                )}
              </div>
            </Fragment>
          ))}
        </div>
      )}
    </section>
  );
}
