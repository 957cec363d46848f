import { render } from "preact";
import { TranscriptPage } from "../../src/pages/TranscriptPage.tsx";
import { createTranscriptStore } from "../../src/pages/transcript-store.ts";
import { param, parseMs, transcriptPath } from "../../src/shared/page-urls.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
const root = document.getElementById("app");
if (!root) throw new Error("transcript.html has no #app element");

const conversationId = param(location.search, "conversationId");
const store = createTranscriptStore({
  send: sendMessage,
  conversationId,
  t: parseMs(param(location.search, "t")),
  seg: parseMs(param(location.search, "seg")),
  // A jump goes into the URL (replaced, not pushed), so a reload or a copied link lands on the same moment.
  onTarget: (target) => {
    if (!conversationId || target === null) return;
    const path =
      "seg" in target ? transcriptPath(conversationId, null, target.seg) : transcriptPath(conversationId, target.t);
    history.replaceState(null, "", path);
  },
});
render(<TranscriptPage store={store} />, root);
void store.load();
void store.loadMedia();

// Signing in from the options page (the signed-out state's button): load again.
onSessionChange(() => void store.load());
