import { expandCollapsedMessages } from "../src/host-pages/gmail-expand.ts";
import { gmailThreadPane, readGmailThreadForImport } from "../src/host-pages/gmail-thread-messages.ts";

// Thin entrypoint, run by the background when the user adds the open thread: expands its collapsed
// messages as a click would (bounded wait), then reads it. The plain reader (gmail-thread-reader.ts)
// serves the sidebar's check and auto-capture, which must not change what the user sees.
export default defineUnlistedScript(async () => {
  const pane = gmailThreadPane(document);
  if (pane) await expandCollapsedMessages(pane);
  return readGmailThreadForImport(location.href, document);
});
