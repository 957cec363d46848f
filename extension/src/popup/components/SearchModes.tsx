import { Button } from "../../ui/Button.tsx";
import { useStore } from "../store-context.ts";
import { AccountSearch } from "./AccountSearch.tsx";
import { ConversationSearch } from "./ConversationSearch.tsx";

/** Two toggle buttons choose what the search box looks for; Tab reaches each, Enter or Space picks. */
export function SearchModes() {
  const { mode, actions } = useStore();
  return (
    <>
      <fieldset class="modes" aria-label="Search for">
        <Button aria-pressed={mode.value === "accounts" ? "true" : "false"} onClick={() => actions.setMode("accounts")}>
          Accounts
        </Button>
        <Button
          aria-pressed={mode.value === "conversations" ? "true" : "false"}
          onClick={() => actions.setMode("conversations")}
        >
          Search conversations
        </Button>
      </fieldset>
      {mode.value === "accounts" ? <AccountSearch /> : <ConversationSearch />}
    </>
  );
}
