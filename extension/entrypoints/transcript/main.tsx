import { render } from "preact";
import { browser } from "wxt/browser";
import { TranscriptPage } from "../../src/pages/TranscriptPage.tsx";
import { createTranscriptStore } from "../../src/pages/transcript-store.ts";
import { param, parseMs } from "../../src/pages/urls.ts";
import { sendMessage } from "../../src/popup/send-message.ts";
import "./style.css";

const root = document.getElementById("app");
if (!root) throw new Error("transcript.html has no #app element");

const store = createTranscriptStore({
  send: sendMessage,
  conversationId: param(location.search, "conversationId"),
  t: parseMs(param(location.search, "t")),
});
render(<TranscriptPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "session" in changes) void store.load();
});
