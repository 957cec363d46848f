import { render } from "preact";
import { browser } from "wxt/browser";
import { OverviewPage } from "../../src/pages/OverviewPage.tsx";
import { createOverviewPageStore } from "../../src/pages/overview-store.ts";
import { param } from "../../src/pages/urls.ts";
import { sendMessage } from "../../src/popup/send-message.ts";
import { SIDEBAR_CSS } from "../../src/sidebar/styles.ts";
import "./style.css";

// The sidebar's own CSS (normally inside its shadow root), then style.css turns the panel into a page.
const style = document.createElement("style");
style.textContent = SIDEBAR_CSS;
document.head.prepend(style);

const root = document.getElementById("app");
if (!root) throw new Error("overview.html has no #app element");

const store = createOverviewPageStore({ send: sendMessage, accountId: param(location.search, "accountId") });
render(<OverviewPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "session" in changes) void store.load();
});
