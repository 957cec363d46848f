import { Fragment } from "preact";
import { useEffect } from "preact/hooks";
import { useStore } from "../store-context.ts";

export const RESULTS_ID = "account-results";
export const optionId = (index: number) => `account-option-${index}`;

/** The listbox under the search input; the input keeps focus and points at the active row. */
export function AccountResults() {
  const { search, activeIndex, chosen, actions } = useStore();
  const state = search.value;

  // Arrow keys move the highlight while focus stays in the input, so scroll the row into view by hand.
  useEffect(() => {
    document.getElementById(optionId(activeIndex.value))?.scrollIntoView({ block: "nearest" });
  }, [activeIndex.value]);

  if (state.status === "idle") return null;
  if (state.status === "loading")
    return (
      <p class="status" role="status">
        Loading…
      </p>
    );
  if (state.status === "error")
    return (
      <p class="error" role="alert">
        {state.message}
      </p>
    );

  const { q, refreshing } = state;
  const { scope, accounts } = state.result;
  const heading = q === "" ? "My accounts" : "Matching accounts";
  return (
    <section aria-labelledby="results-heading" aria-busy={refreshing}>
      <h2 id="results-heading">{heading}</h2>
      {scope === "all" && (
        // The API falls back to the whole organization while the user owns or touched no account.
        <p class="status">You have no accounts yet, so these are all of your organization's.</p>
      )}
      {accounts.length === 0 ? (
        <p class="status" role="status">
          {q === "" ? "No accounts yet" : `No accounts match “${q}”`}
        </p>
      ) : (
        <div id={RESULTS_ID} role="listbox" aria-labelledby="results-heading">
          {accounts.map((account, index) => (
            // Keyboard users stay in the input, which points here with aria-activedescendant; tabIndex -1
            // keeps rows out of the tab order while still focusable for assistive technology.
            <Fragment key={account.id}>
              {q === "" && !account.mine && accounts[index - 1]?.mine && (
                // "My accounts" lists the user's own first, then the organization's others.
                <div role="presentation" class="group-label">
                  Other accounts
                </div>
              )}
              {/* biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for the listbox */}
              <div
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === activeIndex.value}
                class={chosen.value?.id === account.id ? "chosen" : undefined}
                onClick={() => void actions.choose(index)}
              >
                <span class="account-name">{account.name}</span>
                <span class="account-domains">{account.domains.join(", ")}</span>
                {(account.recentTopics.length > 0 || account.winCount > 0 || account.issueCount > 0) && (
                  <span class="account-summary">
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
