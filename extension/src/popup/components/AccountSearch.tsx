import { handleListboxKey, optionId } from "../../ui/listbox.ts";
import { useFocusOnMount } from "../../ui/use-focus-on-mount.ts";
import { useStore } from "../store-context.ts";
import { AccountResults, RESULTS_ID } from "./AccountResults.tsx";

/** A combobox: typing searches, arrow keys move the highlighted row, Enter chooses it. */
export function AccountSearch() {
  const { query, search, activeIndex, actions } = useStore();
  const input = useFocusOnMount<HTMLInputElement>();
  const state = search.value;
  const hasRows = state.status === "ready" && state.result.accounts.length > 0;

  function onKeyDown(event: KeyboardEvent) {
    handleListboxKey(event, {
      move: actions.moveSelection,
      jump: actions.jumpSelection,
      choose: () => void actions.choose(),
    });
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
        aria-activedescendant={hasRows && activeIndex.value >= 0 ? optionId(RESULTS_ID, activeIndex.value) : undefined}
        placeholder="Search accounts by name or domain"
        value={query.value}
        onInput={(event) => actions.setQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <AccountResults />
    </div>
  );
}
