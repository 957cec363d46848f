import { render } from "preact";
import { OverviewPage } from "../../src/pages/OverviewPage.tsx";
import { createOverviewPageStore } from "../../src/pages/overview-store.ts";
import { param } from "../../src/shared/page-urls.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
const root = document.getElementById("app");
if (!root) throw new Error("overview.html has no #app element");

const store = createOverviewPageStore({ send: sendMessage, accountId: param(location.search, "accountId") });
render(<OverviewPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
onSessionChange(() => void store.load());
