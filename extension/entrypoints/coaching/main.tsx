import { render } from "preact";
import { browser } from "wxt/browser";
import { CoachingPage } from "../../src/pages/CoachingPage.tsx";
import { createCoachingStore } from "../../src/pages/coaching-store.ts";
import { param } from "../../src/pages/urls.ts";
import { sendMessage } from "../../src/popup/send-message.ts";
import "./style.css";

const root = document.getElementById("app");
if (!root) throw new Error("coaching.html has no #app element");

const store = createCoachingStore({ send: sendMessage, userId: param(location.search, "userId") });
render(<CoachingPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "session" in changes) void store.load();
});
