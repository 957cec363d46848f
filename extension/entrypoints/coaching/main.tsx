import { render } from "preact";
import { CoachingPage } from "../../src/pages/CoachingPage.tsx";
import { createCoachingStore } from "../../src/pages/coaching-store.ts";
import { param } from "../../src/shared/page-urls.ts";
import { sendMessage } from "../../src/ui/send-message.ts";
import { onSessionChange } from "../../src/ui/session-change.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);
const root = document.getElementById("app");
if (!root) throw new Error("coaching.html has no #app element");

const store = createCoachingStore({ send: sendMessage, userId: param(location.search, "userId") });
render(<CoachingPage store={store} />, root);
void store.load();

// Signing in from the options page (the signed-out state's button): load again.
onSessionChange(() => void store.load());
