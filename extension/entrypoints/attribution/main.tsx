import { render } from "preact";
import { AttributionPage } from "../../src/pages/AttributionPage.tsx";
import { createAttributionStore } from "../../src/pages/attribution-store.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
const root = document.getElementById("app");
if (!root) throw new Error("attribution.html has no #app element");

const store = createAttributionStore({ send: sendMessage });
render(<AttributionPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
onSessionChange(() => void store.load());
