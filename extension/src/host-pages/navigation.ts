import { type GmailThread, readGmailThread } from "./gmail.ts";
import { type HubSpotRecord, readHubSpotPage } from "./hubspot.ts";
import { readSalesforcePage, type SalesforceRecord } from "./salesforce.ts";

/** The page a content script is on, when it is one the sidebar is about. */
export type HostPage =
  | { host: "salesforce"; record: SalesforceRecord }
  | { host: "hubspot"; record: HubSpotRecord }
  | { host: "gmail"; thread: GmailThread };

/** Dispatches to the reader for the URL's host; null when the page is not a record or an open thread. */
export function resolveHostPage(url: string, doc: Document): HostPage | null {
  const salesforce = readSalesforcePage(url, doc);
  if (salesforce) return { host: "salesforce", record: salesforce };
  const hubspot = readHubSpotPage(url, doc);
  if (hubspot) return { host: "hubspot", record: hubspot };
  const gmail = readGmailThread(url, doc);
  if (gmail) return { host: "gmail", thread: gmail };
  return null;
}

/** How often location.href is read: page scripts' pushState cannot be observed from a content script. */
export const URL_POLL_MS = 200;
/** A burst of URL changes (a pushState followed by a replaceState) is reported once, this long after the last. */
export const URL_DEBOUNCE_MS = 50;
/** DOM changes (late highlights panels, lazy cards) are read this long after the last one… */
export const DOM_DEBOUNCE_MS = 150;
/** …but at least this often while the page keeps changing (Gmail never stops mutating). */
export const DOM_MAX_WAIT_MS = 600;

/** The parts of `window` the watchers use (a test passes its own). */
export type WatchedWindow = Pick<
  Window & typeof globalThis,
  | "location"
  | "document"
  | "addEventListener"
  | "removeEventListener"
  | "setTimeout"
  | "clearTimeout"
  | "setInterval"
  | "clearInterval"
  | "MutationObserver"
> & { navigation?: EventTarget };

export interface Watcher {
  stop(): void;
}

export interface UrlWatchOptions {
  onChange: (url: string) => void;
  win?: WatchedWindow;
  pollMs?: number;
  debounceMs?: number;
}

/**
 * Reports in-app navigations (URL changes without a reload), debounced, never the starting URL.
 * Sources: `popstate` (back/forward), `hashchange` (Gmail), the Navigation API's
 * `currententrychange` where the browser has it (it sees the page's pushState), and polling as the
 * catch-all, since a content script's isolated world cannot patch the page's history methods.
 */
export function watchUrl(options: UrlWatchOptions): Watcher {
  const win = options.win ?? (window as unknown as WatchedWindow);
  const debounceMs = options.debounceMs ?? URL_DEBOUNCE_MS;
  let reported = win.location.href;
  let timer: number | undefined;
  let stopped = false;

  const check = () => {
    if (stopped || timer !== undefined || win.location.href === reported) return;
    timer = win.setTimeout(() => {
      timer = undefined;
      const href = win.location.href;
      if (stopped || href === reported) return;
      reported = href;
      options.onChange(href);
    }, debounceMs);
  };

  const interval = win.setInterval(check, options.pollMs ?? URL_POLL_MS);
  win.addEventListener("popstate", check);
  win.addEventListener("hashchange", check);
  win.navigation?.addEventListener("currententrychange", check);

  return {
    stop() {
      stopped = true;
      win.clearInterval(interval);
      if (timer !== undefined) win.clearTimeout(timer);
      win.removeEventListener("popstate", check);
      win.removeEventListener("hashchange", check);
      win.navigation?.removeEventListener("currententrychange", check);
    },
  };
}

export interface HostPageWatchOptions {
  /** Called with the starting page at once, then whenever what the page identifies changes. */
  onChange: (page: HostPage | null, url: string) => void;
  win?: WatchedWindow;
  resolve?: (url: string, doc: Document) => HostPage | null;
  pollMs?: number;
  urlDebounceMs?: number;
  domDebounceMs?: number;
  domMaxWaitMs?: number;
}

/** Attribute changes that can change what a reader sees (visibility, links, addresses). */
const OBSERVED_ATTRIBUTES = ["class", "style", "hidden", "href", "email", "data-recordid", "title"];

/**
 * Watches the page for what it identifies: resolves on every in-app navigation and, debounced, on DOM
 * changes (records render after the URL changes; a view may be swapped without one), and reports only
 * when the result differs from the last report (so a sidebar is replaced or removed, never flickered).
 */
export function watchHostPage(options: HostPageWatchOptions): Watcher {
  const win = options.win ?? (window as unknown as WatchedWindow);
  const resolve = options.resolve ?? resolveHostPage;
  const domDebounceMs = options.domDebounceMs ?? DOM_DEBOUNCE_MS;
  const domMaxWaitMs = options.domMaxWaitMs ?? DOM_MAX_WAIT_MS;
  let lastKey: string | undefined;
  let debounce: number | undefined;
  let maxWait: number | undefined;
  let stopped = false;

  const clearTimers = () => {
    if (debounce !== undefined) win.clearTimeout(debounce);
    if (maxWait !== undefined) win.clearTimeout(maxWait);
    debounce = maxWait = undefined;
  };

  const evaluate = () => {
    clearTimers();
    if (stopped) return;
    const url = win.location.href;
    const page = resolve(url, win.document);
    const key = JSON.stringify(page);
    if (key === lastKey) return;
    lastKey = key;
    options.onChange(page, url);
  };

  const onMutation = () => {
    if (stopped) return;
    if (debounce !== undefined) win.clearTimeout(debounce);
    debounce = win.setTimeout(evaluate, domDebounceMs);
    maxWait ??= win.setTimeout(evaluate, domMaxWaitMs);
  };

  const urls = watchUrl({
    win,
    onChange: evaluate,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.urlDebounceMs === undefined ? {} : { debounceMs: options.urlDebounceMs }),
  });
  const observer = new win.MutationObserver(onMutation);
  observer.observe(win.document.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: OBSERVED_ATTRIBUTES,
  });
  evaluate();

  return {
    stop() {
      stopped = true;
      urls.stop();
      observer.disconnect();
      clearTimers();
    },
  };
}
