import { isVisible, parseUrl, queryChain, queryFirst, textOf } from "./dom.ts";
import { GMAIL } from "./selectors.ts";

/** The open Gmail thread's participants. */
export interface GmailThread {
  /** The `u/<n>` account slot of the URL (0 when the URL has none). */
  accountIndex: number;
  /** The mailbox view the thread was opened from: "inbox", "label/Customers", "search/acme", … */
  view: string;
  /** The token in the URL (not the legacy hex id). */
  threadToken: string;
  /** The legacy hex thread id, when the page carries it. */
  legacyThreadId?: string;
  subject?: string;
  /** The signed-in user's address, when the page tells it (it is left out of `participants`). */
  userEmail?: string;
  /** From, To and Cc addresses of every message shown, lowercased, deduplicated, senders first. */
  participants: string[];
}

export interface GmailUrlMatch {
  accountIndex: number;
  view: string;
  threadToken: string;
}

/** Views whose thread URLs are `#<view>/<token>`. */
const ONE_PART_VIEWS = new Set([
  "inbox",
  "starred",
  "snoozed",
  "imp",
  "sent",
  "scheduled",
  "drafts",
  "all",
  "spam",
  "trash",
  "chats",
]);
/** Views whose thread URLs are `#<view>/<argument>/<token>`. */
const TWO_PART_VIEWS = new Set(["label", "search", "category", "advanced-search", "section_query"]);
/** Thread tokens ("FMfcgz…", 32 letters) and older hex ids (16 digits); never "p2" (a page number) or a word. */
const TOKEN = /^[A-Za-z0-9]{16,}$/;
const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;

/** The thread a Gmail URL shows, or null (list views, settings, compose, other hosts). */
export function matchGmailUrl(input: string | URL): GmailUrlMatch | null {
  const url = parseUrl(input);
  if (url?.protocol !== "https:" || url.hostname !== "mail.google.com") return null;
  const path = /^\/mail\/(?:u\/(\d+)\/?)?$/.exec(url.pathname);
  if (!path) return null;
  const segments = url.hash.replace(/^#/, "").split("?")[0]?.split("/") ?? [];
  const [view, ...rest] = segments;
  if (!view) return null;
  let token: string | undefined;
  let argument: string | undefined;
  if (ONE_PART_VIEWS.has(view) && rest.length === 1) token = rest[0];
  else if (TWO_PART_VIEWS.has(view) && rest.length === 2) [argument, token] = rest;
  if (!token || !TOKEN.test(token)) return null;
  return {
    accountIndex: path[1] ? Number(path[1]) : 0,
    view: argument === undefined ? view : `${view}/${argument}`,
    threadToken: token,
  };
}

function normalizeEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase() ?? "";
  return EMAIL.test(email) ? email : null;
}

/**
 * The signed-in address: from the title ("Inbox (3) - me@acme.com - Gmail"; Workspace titles end with
 * "- <Org> Mail"), else from the account switcher's label ("Google Account: Ada (ada@acme.com)").
 */
export function gmailUserEmail(doc: Document): string | null {
  const parts = doc.title.split(" - ");
  if (parts.length >= 3) {
    const fromTitle = normalizeEmail(parts[parts.length - 2]);
    if (fromTitle) return fromTitle;
  }
  const switcher = queryFirst(doc, GMAIL.accountSwitcher);
  const label = switcher?.getAttribute("aria-label") ?? "";
  const inLabel = /[^\s()<>"']+@[^\s()<>"']+/.exec(label)?.[0];
  return normalizeEmail(inLabel);
}

/** The visible main pane that shows a thread (the hidden inbox list is also a main pane). */
function threadPane(doc: Document): Element | null {
  const panes = queryChain(
    doc,
    GMAIL.main,
    (pane) => isVisible(pane) && (queryFirst(pane, GMAIL.subject) !== null || queryFirst(pane, GMAIL.message) !== null),
  );
  return panes?.elements[0] ?? null;
}

function legacyThreadId(pane: Element): string | null {
  const legacy = queryFirst(pane, GMAIL.legacyThreadId)?.getAttribute("data-legacy-thread-id")?.trim();
  if (legacy && /^[0-9a-f]{8,}$/i.test(legacy)) return legacy.toLowerCase();
  const perm = queryFirst(pane, GMAIL.threadPermId)?.getAttribute("data-thread-perm-id") ?? "";
  const decimal = /^thread-f:(\d+)$/.exec(perm)?.[1];
  return decimal ? BigInt(decimal).toString(16) : null;
}

/**
 * Reads an open Gmail thread: subject, legacy id and participants, only from the visible thread pane.
 * Null when the URL is a list view (or not Gmail). While the thread has not rendered yet, the result
 * has the URL's token and no participants.
 */
export function readGmailThread(url: string | URL, doc: Document): GmailThread | null {
  const match = matchGmailUrl(url);
  if (!match) return null;
  const userEmail = gmailUserEmail(doc);
  const thread: GmailThread = { ...match, participants: [] };
  if (userEmail) thread.userEmail = userEmail;
  const pane = threadPane(doc);
  if (!pane) return thread;

  const subject = textOf(queryFirst(pane, GMAIL.subject));
  if (subject) thread.subject = subject;
  const legacy = legacyThreadId(pane);
  if (legacy) thread.legacyThreadId = legacy;

  const seen = new Set<string>();
  for (const chain of [GMAIL.sender, GMAIL.recipient]) {
    for (const el of queryChain(pane, chain)?.elements ?? []) {
      const email = normalizeEmail(el.getAttribute("email"));
      if (!email || email === userEmail || seen.has(email)) continue;
      seen.add(email);
      thread.participants.push(email);
    }
  }
  return thread;
}
