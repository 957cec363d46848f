import { stripReplyText } from "@sightline/shared/emails/strip-reply-text";
import { isVisible, queryChain, queryFirst, type SelectorChain, textOf } from "./dom.ts";
import { readGmailThread } from "./gmail.ts";
import { dateLocales, parseGmailDate } from "./gmail-date.ts";
import { GMAIL } from "./selectors.ts";

/**
 * What reading a message's text needs beyond GMAIL (selectors.ts): each with a fallback, each tested
 * in gmail-thread-messages.test.ts. [gmail.js, MIT; InboxSDK, MIT/Apache-2.0]
 */
export const GMAIL_MESSAGE = {
  /**
   * Every message of the thread, expanded (`div.adn`) or collapsed (`div.adf.ads`, InboxSDK's collapsed
   * message; the fixtures keep `div.adn` for both): one selector list, so one alternative finds both.
   */
  message: [["div.adn, div.adf.ads"], ["div[data-message-id]"], ["div[data-legacy-message-id]"]],
  /** A message's sender, expanded or collapsed (InboxSDK reads `td.gF span[email]`). */
  sender: [["span.gD[email]"], ["td.gF span[email]"], ["h3 span[email]"]],
  /**
   * The message's date, expanded or collapsed: the full date, in the UI language, is the title of the
   * short one ("Thu, Nov 12, 2026, 9:41 AM", "3 déc. 2026, 14:05"; gmail-date.ts reads it).
   */
  date: [["span.g3[title]"], ["td.gH span[title]"]],
  /** The body of an expanded message (collapsed ones have none in the page; gmail-expand.ts opens them). */
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

/** A thread as `POST /api/v1/emails` takes it, plus which messages' text could not be read. */
export interface GmailThreadForImport {
  threadId: string;
  subject: string;
  participants: GmailPerson[];
  /** Every message with an id, sender and date; one whose text is not in the page has an empty body. */
  messages: GmailMessage[];
  /** The messages of `messages` sent without their text (still collapsed): adding again fills them in. */
  unreadMessageIds: string[];
  /** Messages whose text could not be read: those above, and any without an id, sender or date. */
  collapsed: number;
}

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;
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
 * A message's id: the legacy hex id, else the hex form of its permanent id ("#msg-f:<decimal>", the
 * same number), so a message read before and after Gmail adds the legacy id is one message.
 */
function messageIdOf(el: Element): string {
  const legacy = el.getAttribute("data-legacy-message-id")?.trim();
  if (legacy) return legacy;
  const sync = (el.getAttribute("data-message-id") ?? "").replace(/^#/, "").trim();
  const decimal = /^msg-f:(\d+)$/.exec(sync)?.[1];
  return decimal ? BigInt(decimal).toString(16) : sync;
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

/** The visible main pane that holds the open thread's messages (the hidden inbox list is one too). */
export function gmailThreadPane(doc: Document): Element | null {
  return (
    queryChain(doc, GMAIL.main, (el) => isVisible(el) && queryFirst(el, GMAIL_MESSAGE.message) !== null)?.elements[0] ??
    null
  );
}

/** The thread's messages in page order, each once (an element inside another match is not another message). */
export function gmailMessages(pane: Element): Element[] {
  const found = queryChain(pane, GMAIL_MESSAGE.message)?.elements ?? [];
  return found.filter((el) => !found.some((other) => other !== el && other.contains(el)));
}

/**
 * Reads the open Gmail thread for import: the thread id (the legacy hex id, the same in every view;
 * else the URL's token), subject, participants with names, and each message's id, date (in the page's
 * language), sender, recipients and new text. A collapsed message (its text is not in the page) is
 * read with what its header shows, with an empty body, and listed in `unreadMessageIds`; one without an
 * id, sender or readable date is only counted. Null when the page shows no thread.
 */
export function readGmailThreadForImport(url: string | URL, doc: Document): GmailThreadForImport | null {
  const thread = readGmailThread(url, doc);
  if (!thread) return null;
  const pane = gmailThreadPane(doc);
  if (!pane) return null;
  const locales = dateLocales(doc);
  const people = new Map<string, string | null>();
  const meet = (p: GmailPerson | null) => {
    if (p && (!people.has(p.email) || (people.get(p.email) === null && p.name))) people.set(p.email, p.name);
  };
  const messages: GmailMessage[] = [];
  const unreadMessageIds: string[] = [];
  let collapsed = 0;
  for (const el of gmailMessages(pane)) {
    const from = person(queryFirst(el, GMAIL_MESSAGE.sender));
    meet(from);
    const body = queryFirst(el, GMAIL_MESSAGE.body);
    const id = messageIdOf(el);
    const dateEl = queryFirst(el, GMAIL_MESSAGE.date);
    const sentAt = parseGmailDate(dateEl?.getAttribute("title") || dateEl?.getAttribute("alt") || "", locales);
    if (!body) collapsed++;
    if (!from || !id || !sentAt) {
      if (body) collapsed++;
      continue;
    }
    if (!body) {
      unreadMessageIds.push(id);
      messages.push({ messageId: id, sentAt, from, to: [], cc: [], body: "" });
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
    unreadMessageIds,
    collapsed,
  };
}
