import { render } from "preact";
import { TranscriptPage } from "../../src/pages/TranscriptPage.tsx";
import { createTranscriptStore } from "../../src/pages/transcript-store.ts";
import { param, parseMs } from "../../src/shared/page-urls.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
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
onSessionChange(() => void store.load());
