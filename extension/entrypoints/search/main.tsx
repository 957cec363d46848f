import { render } from "preact";
import { SearchPage } from "../../src/pages/SearchPage.tsx";
import { createSearchPageStore } from "../../src/pages/search-page-store.ts";
import { param, searchPath } from "../../src/shared/page-urls.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
const root = document.getElementById("app");
if (!root) throw new Error("search.html has no #app element");

// The query goes into the URL (replaced), so back from a transcript returns to the same results.
const store = createSearchPageStore({
  send: sendMessage,
  onQuery: (q) => history.replaceState(null, "", searchPath(q)),
});
store.setQuery(param(location.search, "q") ?? "");
render(<SearchPage store={store} />, root);
void store.loadAccounts();
void store.run();

onSessionChange(() => {
  void store.loadAccounts();
  void store.run();
});
