import { readGmailThreadForImport } from "../src/host-pages/gmail-thread-messages.ts";

// Thin entrypoint: run by the background in a Gmail tab (scripting.executeScript, isolated world) when
// the sidebar asks for the open thread; kept out of the content script, which has a 20 KB budget.
export default defineUnlistedScript(() => readGmailThreadForImport(location.href, document));
