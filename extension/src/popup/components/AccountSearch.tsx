import { useStore } from "../store-context.ts";
import { useFocusOnMount } from "../use-focus-on-mount.ts";
import { AccountResults, optionId, RESULTS_ID } from "./AccountResults.tsx";

/** A combobox: typing searches, arrow keys move the highlighted row, Enter chooses it. */
export function AccountSearch() {
  const { query, search, activeIndex, actions } = useStore();
  const input = useFocusOnMount<HTMLInputElement>();
  const state = search.value;
  const hasRows = state.status === "ready" && state.result.accounts.length > 0;

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown") actions.moveSelection(1);
    else if (event.key === "ArrowUp") actions.moveSelection(-1);
    else if (event.key === "Enter") void actions.choose();
    else return;
    event.preventDefault();
  }

  return (
    <div class="search">
      <input
        ref={input}
        type="text"
        role="combobox"
        aria-label="Search accounts"
        aria-autocomplete="list"
        aria-expanded={hasRows}
        aria-controls={hasRows ? RESULTS_ID : undefined}
        aria-activedescendant={hasRows && activeIndex.value >= 0 ? optionId(activeIndex.value) : undefined}
        placeholder="Search accounts by name or domain"
        value={query.value}
        onInput={(event) => actions.setQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <AccountResults />
    </div>
  );
}
