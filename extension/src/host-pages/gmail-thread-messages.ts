import { stripReplyText } from "@sightline/shared/emails/strip-reply-text";
import { isVisible, queryChain, queryFirst, type SelectorChain, textOf } from "./dom.ts";
import { readGmailThread } from "./gmail.ts";
import { GMAIL } from "./selectors.ts";

/**
 * What reading a message's text needs beyond GMAIL (selectors.ts): each with a fallback, each tested
 * in gmail-thread-messages.test.ts. [gmail.js, MIT; InboxSDK, MIT/Apache-2.0]
 */
export const GMAIL_MESSAGE = {
  /** The message's date: the full date is the title of the short one ("Thu, Nov 12, 2026, 9:41 AM"). */
  date: [["span.g3[title]"], ["td.gH span[title]"]],
  /** The body of an expanded message (collapsed ones have none in the page). */
  body: [["div.a3s"], ["div.ii.gt"]],
  /** Inside a body: what is not the author's new text (quoted thread, signature, trimmed content). */
  notNewText: [
    [".gmail_quote"],
    ["blockquote"],
    [".gmail_attr"],
    [".gmail_signature"],
    ['[data-smartmail="gmail_signature"]'],
    [".gmail_signature_prefix"],
    ["div.adL"],
    ["div.ajR"],
  ],
} as const satisfies Record<string, SelectorChain>;

export interface GmailPerson {
  email: string;
  name: string | null;
}

export interface GmailMessage {
  messageId: string;
  sentAt: string;
  from: GmailPerson;
  to: GmailPerson[];
  cc: GmailPerson[];
  body: string;
}

/** A thread as `POST /api/v1/emails` takes it, plus how many messages were collapsed (not read). */
export interface GmailThreadForImport {
  threadId: string;
  subject: string;
  participants: GmailPerson[];
  messages: GmailMessage[];
  /** Messages shown collapsed: Gmail has not put their text in the page; expand them to include them. */
  collapsed: number;
}

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Elements after which text continues on a new line. */
const BLOCKS = new Set(["DIV", "P", "LI", "TR", "H1", "H2", "H3", "H4", "H5", "H6", "UL", "OL", "TABLE", "PRE"]);

function person(el: Element | null): GmailPerson | null {
  const email = el?.getAttribute("email")?.trim().toLowerCase() ?? "";
  if (!EMAIL.test(email)) return null;
  const name = el?.getAttribute("name")?.trim() || null;
  // Gmail names the signed-in user "me": that is not their name.
  return { email, name: name && name.toLowerCase() !== "me" ? name : null };
}

/**
 * Gmail's full date, as its title attribute spells it in English ("Thu, Nov 12, 2026, 9:41 AM",
 * also without the weekday or in 24-hour time), in the browser's time zone, as ISO 8601; null if
 * it is not one (another UI language: the message is then left out rather than misdated).
 */
export function parseGmailDate(title: string): string | null {
  const m = /([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4}),?(?: at)? (\d{1,2}):(\d{2})(?:\s*([AP]M))?/i.exec(title);
  if (!m) return null;
  const month = MONTHS.indexOf((m[1] ?? "").toLowerCase());
  if (month < 0) return null;
  let hour = Number(m[4]);
  const meridiem = m[6]?.toUpperCase();
  if (meridiem === "PM" && hour < 12) hour += 12;
  if (meridiem === "AM" && hour === 12) hour = 0;
  const date = new Date(Number(m[3]), month, Number(m[2]), hour, Number(m[5]));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The plain text of a body element: line breaks where the page breaks lines, no markup at all. */
function plainText(root: Element): string {
  let out = "";
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out += (node.textContent ?? "").replace(/[ \t\r\n]+/g, " ");
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.tagName === "BR") {
      out += "\n";
      return;
    }
    if (el.tagName === "SCRIPT" || el.tagName === "STYLE") return;
    const block = BLOCKS.has(el.tagName);
    if (block && out && !out.endsWith("\n")) out += "\n";
    for (const child of el.childNodes) walk(child);
    if (block && out && !out.endsWith("\n")) out += "\n";
  };
  walk(root);
  return out
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
}

/** A message's new text: the body without Gmail's quote, signature and trimmed blocks, then the plain-text rules. */
export function messageText(body: Element): string {
  const copy = body.cloneNode(true) as Element;
  for (const path of GMAIL_MESSAGE.notNewText) for (const el of copy.querySelectorAll(path.join(" "))) el.remove();
  return stripReplyText(plainText(copy));
}

/**
 * Reads the open Gmail thread for import: the thread id (the legacy hex id, the same in every view;
 * else the URL's token), subject, participants with names, and each expanded message's id, date,
 * sender, recipients and new text. Collapsed messages are counted, not read (their text is not in
 * the page). Null when the page shows no thread.
 */
export function readGmailThreadForImport(url: string | URL, doc: Document): GmailThreadForImport | null {
  const thread = readGmailThread(url, doc);
  if (!thread) return null;
  const pane = queryChain(doc, GMAIL.main, (el) => isVisible(el) && queryFirst(el, GMAIL.message) !== null)
    ?.elements[0];
  if (!pane) return null;
  const people = new Map<string, string | null>();
  const meet = (p: GmailPerson | null) => {
    if (p && (!people.has(p.email) || (people.get(p.email) === null && p.name))) people.set(p.email, p.name);
  };
  const messages: GmailMessage[] = [];
  let collapsed = 0;
  for (const el of queryChain(pane, GMAIL.message)?.elements ?? []) {
    const from = person(queryFirst(el, GMAIL.sender));
    meet(from);
    const body = queryFirst(el, GMAIL_MESSAGE.body);
    const id = (el.getAttribute("data-legacy-message-id") ?? el.getAttribute("data-message-id") ?? "")
      .replace(/^#/, "")
      .trim();
    const sentAt = parseGmailDate(queryFirst(el, GMAIL_MESSAGE.date)?.getAttribute("title") ?? "");
    if (!body || !from || !id || !sentAt) {
      collapsed++;
      continue;
    }
    const to = (queryChain(el, GMAIL.recipient)?.elements ?? []).flatMap((r) => {
      const p = person(r);
      meet(p);
      return p ? [p] : [];
    });
    messages.push({ messageId: id, sentAt, from, to, cc: [], body: messageText(body) });
  }
  return {
    threadId: thread.legacyThreadId ?? thread.threadToken,
    subject: thread.subject ?? textOf(queryFirst(pane, GMAIL.subject)) ?? "",
    participants: [...people].map(([email, name]) => ({ email, name })),
    messages,
    collapsed,
  };
}
