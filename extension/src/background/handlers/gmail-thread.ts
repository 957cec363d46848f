import type { AddEmailThreadResponse } from "@sightline/shared";
import { browser } from "wxt/browser";
import { fail, type GmailThreadCheck, type OpenEmailThread, ok, type Result } from "../../shared/messages.ts";
import type { Sender } from "../router.ts";
import { addEmailThread, getEmailThreads, shouldCaptureEmail } from "./email-threads.ts";
import { addedText, checkText } from "./gmail-thread-wording.ts";

/** The unlisted script (entrypoints/gmail-thread-reader.ts) that reads the open thread in its tab. */
export const GMAIL_READER_FILE = "/gmail-thread-reader.js";
/** The one (entrypoints/gmail-thread-expanding-reader.ts) that first expands collapsed messages, as a click would. */
export const GMAIL_EXPANDING_READER_FILE = "/gmail-thread-expanding-reader.js";

/**
 * Reads the open Gmail thread of the tab whose sidebar asks: the reader runs in that tab and frame
 * (the extension's isolated world, not the page's), so neither the reader nor the thread logic below
 * weighs on the content script's 20 KB budget. Only a Gmail tab is read; null when it shows no thread.
 * `expand`: open the collapsed messages first (only for the user's own "Add": a check or an
 * auto-capture must not change what the user sees).
 */
export async function readGmailThread(sender: Sender, expand = false): Promise<Result<OpenEmailThread | null>> {
  const tabId = sender.tab?.id;
  if (tabId === undefined || !sender.url?.startsWith("https://mail.google.com/mail/"))
    return fail("invalid", "Only an open Gmail tab can be read");
  const [frame] = await browser.scripting.executeScript({
    target: { tabId, frameIds: [sender.frameId ?? 0] },
    files: [expand ? GMAIL_EXPANDING_READER_FILE : GMAIL_READER_FILE],
  });
  return ok((frame?.result as OpenEmailThread | null | undefined) ?? null);
}

/**
 * The sidebar's question on opening a thread: what the page shows (readable and collapsed messages),
 * how many messages Sightline holds (null: not in), and whether the organization captures it by itself.
 */
export async function checkGmailThread(sender: Sender): Promise<Result<GmailThreadCheck | null>> {
  const read = await readGmailThread(sender);
  if (!read.ok || !read.value) return read as Result<null>;
  const thread = read.value;
  const readable = thread.messages.length - (thread.unreadMessageIds?.length ?? 0);
  const shown = { threadId: thread.threadId, readable, collapsed: thread.collapsed };
  if (shown.readable === 0)
    return ok({ ...shown, storedCount: null, capture: false, summary: checkText({ storedCount: null, ...shown }) });
  const emails = (thread.participants ?? []).map((p) => p.email);
  const [stored, capture] = await Promise.all([
    getEmailThreads({ threadIds: [thread.threadId] }),
    emails.length > 0 ? shouldCaptureEmail({ emails }) : null,
  ]);
  if (!stored.ok) return stored;
  const storedCount = stored.value.find((t) => t.threadId === thread.threadId)?.messageCount ?? null;
  // A failed capture question only means no auto-capture; the button still works.
  const summary = checkText({ storedCount, collapsed: shown.collapsed });
  return ok({ ...shown, storedCount, capture: capture?.ok === true && capture.value.capture, summary });
}

/**
 * "Add this thread to Sightline" (or auto-capture): the thread through POST /emails. The user's add
 * expands collapsed messages first; a message whose text still cannot be read is sent with what its
 * header shows (sender, date) and the card says the thread is partial: adding it again once the
 * message is open fills the text in (the server completes it by message id, never duplicates it).
 */
export async function addGmailThread(
  input: { auto: boolean },
  sender: Sender,
): Promise<Result<AddEmailThreadResponse & { summary: string }>> {
  const read = await readGmailThread(sender, !input.auto);
  if (!read.ok) return read;
  const thread = read.value;
  if (!thread || thread.messages.length <= (thread.unreadMessageIds?.length ?? 0))
    return fail("invalid", "No message of this thread could be read: open one and add the thread again");
  const { threadId, subject, participants, messages } = thread;
  const added = await addEmailThread({ thread: { threadId, subject, participants, messages } });
  return added.ok ? ok({ ...added.value, summary: addedText(added.value, input.auto, thread.collapsed) }) : added;
}
