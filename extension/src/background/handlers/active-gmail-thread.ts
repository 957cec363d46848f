import { browser } from "wxt/browser";
import { type GmailThreadCheck, ok, type Result } from "../../shared/messages.ts";
import { checkGmailThread } from "./gmail-thread.ts";

const GMAIL = "https://mail.google.com/mail/";

/**
 * The popup's "is this thread in?": the active tab, when it is Gmail (host access gives its URL),
 * is read like the sidebar's own tab (top frame, the reader run by the background), so the content
 * script stays as it is. null when the active tab is not Gmail or shows no thread.
 */
export async function checkActiveGmailThread(): Promise<Result<GmailThreadCheck | null>> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined || !tab.url?.startsWith(GMAIL)) return ok(null);
  return checkGmailThread({ tab: { id: tab.id }, url: tab.url, frameId: 0 });
}
