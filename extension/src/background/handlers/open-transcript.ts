import { browser } from "wxt/browser";
import { ok, type Result } from "../../shared/messages.ts";
import { transcriptPath } from "../../shared/page-urls.ts";

/**
 * "Open transcript at m:ss" from the sidebar or the overview page: content scripts cannot open
 * extension pages themselves, so the background opens transcript.html in a new tab.
 */
export async function openTranscript(input: { conversationId: string; t: number | null }): Promise<Result<true>> {
  await browser.tabs.create({ url: browser.runtime.getURL(transcriptPath(input.conversationId, input.t)) });
  return ok(true);
}
