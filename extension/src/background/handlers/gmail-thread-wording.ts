import type { AddEmailThreadResponse } from "@sightline/shared";
import type { GmailThreadCheck } from "../../shared/messages.ts";

// The Gmail sidebar card's sentences, made here so they do not weigh on the content script's budget.

const count = (n: number, what = "message") => `${n} ${what}${n === 1 ? "" : "s"}`;

/** What the card adds when some messages' text could not be read: they are in without it, for now. */
function partialText(unread: number): string {
  if (unread === 0) return "";
  return ` ${count(unread, "earlier message")} could not be read — open ${unread === 1 ? "it" : "them"} and add again.`;
}

/**
 * What the card says after an add: added, N new (or completed) messages, or already in, with the
 * count; then, when the page held back some messages' text, that the thread is partial.
 */
export function addedText(
  { status, messagesAdded, messagesCompleted, messageCount }: AddEmailThreadResponse,
  auto: boolean,
  unread = 0,
): string {
  const how = auto ? " automatically" : "";
  let text: string;
  if (status === "created") text = `Thread added${how} to Sightline (${count(messageCount)}).`;
  else if (status === "updated") {
    const changes = [
      messagesAdded > 0 ? `${count(messagesAdded, "new message")} added` : "",
      messagesCompleted > 0 ? `${count(messagesCompleted, "earlier message")} completed` : "",
    ].filter(Boolean);
    text = `${changes.join(" and ")}${how} (${messageCount} in Sightline).`;
  } else text = `Already in Sightline (${count(messageCount)}).`;
  return text + partialText(unread);
}

/** The card before any add: in or not, and what adding does with the collapsed messages. */
export function checkText({ storedCount, collapsed }: Pick<GmailThreadCheck, "storedCount" | "collapsed">): string {
  const state = storedCount === null ? "Not in Sightline yet." : `Already in Sightline (${count(storedCount)}).`;
  return collapsed > 0 ? `${state} Adding it expands ${count(collapsed, "collapsed message")} first.` : state;
}
