import type { AddEmailThreadResponse } from "@sightline/shared";
import type { GmailThreadCheck } from "../../shared/messages.ts";

// The Gmail sidebar card's sentences, made here so they do not weigh on the content script's budget.

const count = (n: number, what = "message") => `${n} ${what}${n === 1 ? "" : "s"}`;

/** What the card says after an add: added, N new messages, or already in, with the count. */
export function addedText({ status, messagesAdded, messageCount }: AddEmailThreadResponse, auto: boolean): string {
  const how = auto ? " automatically" : "";
  if (status === "created") return `Thread added${how} to Sightline (${count(messageCount)}).`;
  if (status === "updated") return `${count(messagesAdded, "new message")} added${how} (${messageCount} in Sightline).`;
  return `Already in Sightline (${count(messageCount)}).`;
}

/** The card before any add: in or not, and what the page holds back. */
export function checkText({ storedCount, collapsed }: Pick<GmailThreadCheck, "storedCount" | "collapsed">): string {
  const state = storedCount === null ? "Not in Sightline yet." : `Already in Sightline (${count(storedCount)}).`;
  return collapsed > 0 ? `${state} Expand ${count(collapsed, "collapsed message")} to include them.` : state;
}
