import { queryFirst, type SelectorChain } from "./dom.ts";
import { GMAIL_MESSAGE, gmailMessages } from "./gmail-thread-messages.ts";

/**
 * What expanding a thread needs, each with a fallback and a test (gmail-expand.test.ts). Gmail marks a
 * message's list item `h7` when expanded, `kv`/`ky` when collapsed (a header row: sender and date) and
 * `kQ`/`kx` when hidden in the "N older messages" stack, whose count bubble is `.adx`; the thread's
 * "Expand all" button holds `img.gx` [InboxSDK gmail-message-view.ts and gmail-thread-view.ts, MIT].
 */
export const GMAIL_EXPAND = {
  /** The thread's "Expand all" control (the button around its icon). */
  expandAll: [['[role="button"] img.gx'], ["img.gx"]],
  /** The "N older messages" bubble: a click shows the hidden messages, collapsed. */
  hiddenStack: [[".adv .adx"], [".adx"], ['[role="listitem"].kQ']],
  /** A message's list item once expanded: its body may still be loading, and a click would collapse it. */
  expandedItem: [['[role="listitem"].h7']],
} as const satisfies Record<string, SelectorChain>;

/** How long the reader waits for Gmail to show the bodies it asked for. */
export const EXPAND_TIMEOUT_MS = 4000;

/** The events of a user's click: Gmail listens to mousedown/mouseup as well as click. */
function click(el: Element): void {
  const view = el.ownerDocument.defaultView;
  const init = { bubbles: true, cancelable: true, composed: true, button: 0, view };
  for (const type of ["mousedown", "mouseup", "click"]) {
    const Ctor = view?.MouseEvent ?? MouseEvent;
    el.dispatchEvent(new Ctor(type, init));
  }
}

/** The message elements of the pane whose body is not in the page. */
function unreadMessages(pane: Element): Element[] {
  return gmailMessages(pane).filter((el) => queryFirst(el, GMAIL_MESSAGE.body) === null);
}

/** Whether a message's list item is already expanded (Gmail is loading its body: wait, do not click). */
function isExpanding(message: Element): boolean {
  const item = message.closest('[role="listitem"]');
  return item !== null && GMAIL_EXPAND.expandedItem.some((path) => item.matches(path.join(" ")));
}

/** Resolves at the pane's next change, or after `ms`. */
function nextChange(pane: Element, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const View = pane.ownerDocument.defaultView;
    const Observer = View?.MutationObserver ?? MutationObserver;
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new Observer(done);
    observer.observe(pane, { subtree: true, childList: true, attributes: true, attributeFilter: ["class", "style"] });
    const timer = setTimeout(done, Math.max(0, ms));
  });
}

/**
 * Expands the collapsed messages of the open thread the way a user would, before the reader reads it:
 * "Expand all" when the thread has it, else the "N older messages" bubble and then each collapsed
 * header, each clicked once (a second click would collapse it again). Waits until every message shows
 * its body or `timeoutMs` has passed, whichever comes first; messages still without a body are then
 * read with what their header shows. Returns how many messages were still without a body.
 */
export async function expandCollapsedMessages(pane: Element, timeoutMs = EXPAND_TIMEOUT_MS): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  // By message id where there is one: Gmail may replace a message's element while it loads its body.
  const clicked = new Set<Element | string>();
  const once = (el: Element | null) => {
    const key = el?.getAttribute("data-legacy-message-id") || el?.getAttribute("data-message-id") || el;
    if (!el || !key || clicked.has(key)) return false;
    clicked.add(key);
    click(el.closest('[role="button"]') ?? el);
    return true;
  };
  let expandAllTried = false;
  for (;;) {
    const unread = unreadMessages(pane);
    const stack = queryFirst(pane, GMAIL_EXPAND.hiddenStack);
    if (unread.length === 0 && !stack) return 0;
    if (Date.now() >= deadline) return unread.length;
    if (!expandAllTried) {
      expandAllTried = true;
      if (!once(queryFirst(pane, GMAIL_EXPAND.expandAll))) continue;
    } else {
      once(stack);
      for (const el of unread) if (!isExpanding(el)) once(el);
    }
    await nextChange(pane, deadline - Date.now());
  }
}
