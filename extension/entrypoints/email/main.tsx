import { render } from "preact";
import { EmailPage } from "../../src/pages/EmailPage.tsx";
import { createEmailStore } from "../../src/pages/email-store.ts";
import { param } from "../../src/shared/page-urls.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
const root = document.getElementById("app");
if (!root) throw new Error("email.html has no #app element");

const search = location.search;
const store = createEmailStore({
  send: sendMessage,
  target: {
    conversationId: param(search, "conversationId"),
    messageId: param(search, "messageId"),
    quote: param(search, "quote"),
  },
});
render(<EmailPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
onSessionChange(() => void store.load());
