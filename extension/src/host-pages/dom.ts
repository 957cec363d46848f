/**
 * Small DOM helpers shared by the host-page readers. Everything here is read-only: the readers never
 * change the host page (the one exception, gmail-expand.ts, clicks as a user would, and only when the
 * user adds a Gmail thread).
 */

/**
 * One way of finding an element: a list of CSS selectors applied one after the other. The first step is
 * matched inside the scope; every further step inside the elements the previous step found, including
 * their open shadow roots (Salesforce renders some values inside real shadow roots). A step looks into
 * shadow roots only when the light DOM has no match and the step is one compound selector (no
 * combinators): to cross a boundary, split the selector into steps.
 */
export type SelectorPath = readonly string[];

/** Alternatives for one thing on a page, best first: the first one that finds something wins. */
export type SelectorChain = readonly SelectorPath[];

/** The parent of a node, stepping from a shadow root to its host. */
function parentOf(node: Node): Element | null {
  if (node.parentElement) return node.parentElement;
  const parent = node.parentNode;
  if (parent && "host" in parent) return (parent as ShadowRoot).host;
  return null;
}

/** Hidden by markup alone (cheap, and all that a detached or window-less document can tell). */
function hiddenByMarkup(el: Element): boolean {
  // Not aria-hidden: Lightning and Gmail set it on the whole page behind a modal, which stays in view.
  if (el.hasAttribute("hidden")) return true;
  const style = (el as HTMLElement).style as CSSStyleDeclaration | undefined;
  if (style && (style.display === "none" || style.visibility === "hidden")) return true;
  return false;
}

/**
 * Whether an element is shown: neither it nor an ancestor (across shadow boundaries) is hidden by the
 * `hidden` attribute, `display: none` or `visibility: hidden`. Layout is not
 * consulted (no offsetParent), so the same answer comes from a browser and from a test DOM.
 */
export function isVisible(el: Element): boolean {
  for (let node: Element | null = el; node; node = parentOf(node)) {
    if (hiddenByMarkup(node)) return false;
  }
  const view = el.ownerDocument.defaultView;
  if (!view || !el.isConnected) return true;
  if (typeof el.checkVisibility === "function") {
    return el.checkVisibility({ visibilityProperty: true });
  }
  for (let node: Element | null = el; node; node = parentOf(node)) {
    const style = view.getComputedStyle(node);
    if (style.display === "none" || style.visibility === "hidden") return false;
  }
  return true;
}

/** Every open shadow root inside `root` (not `root`'s own), depth first. */
function shadowRootsIn(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (scope: ParentNode) => {
    for (const el of Array.from(scope.querySelectorAll("*"))) {
      if (el.shadowRoot) {
        found.push(el.shadowRoot);
        visit(el.shadowRoot);
      }
    }
  };
  visit(root);
  return found;
}

/** Whether a selector is one compound selector (no combinators, no list): only those cross shadow roots. */
function isCompound(selector: string): boolean {
  const outsideBrackets = selector.replace(/\[[^\]]*\]/g, "[]").trim();
  return !/[\s>+~,]/.test(outsideBrackets);
}

/**
 * `selector` inside `scope`: its light DOM first; only when that finds nothing and the selector is a
 * single compound selector, its open shadow roots too (a selector with combinators would otherwise
 * have to match across a shadow boundary, which browsers never do).
 */
function queryStep(scope: ParentNode, selector: string): Element[] {
  const light = Array.from(scope.querySelectorAll(selector));
  if (light.length > 0 || !isCompound(selector)) return light;
  const own = "shadowRoot" in scope ? (scope as Element).shadowRoot : null;
  const roots = own ? [own, ...shadowRootsIn(own)] : [];
  roots.push(...shadowRootsIn(scope));
  const deep: Element[] = [];
  for (const root of roots) {
    // Each shadow root's own light DOM only: nested roots are already in the list.
    deep.push(...Array.from(root.querySelectorAll(selector)));
  }
  return deep;
}

/** Every element one path finds inside `scope`, in document order per step, without duplicates. */
export function queryPath(scope: ParentNode, path: SelectorPath): Element[] {
  let current: ParentNode[] = [scope];
  for (const step of path) {
    const next: Element[] = [];
    for (const node of current) next.push(...queryStep(node, step));
    current = Array.from(new Set(next));
    if (current.length === 0) return [];
  }
  return current as Element[];
}

export interface ChainMatch {
  /** The elements the winning alternative found (after the filter), never empty. */
  elements: Element[];
  /** Which alternative of the chain won (0 = the preferred selector). */
  index: number;
}

/**
 * Tries each alternative of a chain in turn and returns what the first successful one found. `accept`
 * filters elements (e.g. visible ones, ones with text); an alternative whose matches are all rejected
 * counts as not found.
 */
export function queryChain(
  scope: ParentNode,
  chain: SelectorChain,
  accept: (el: Element) => boolean = () => true,
): ChainMatch | null {
  for (const [index, path] of chain.entries()) {
    const elements = queryPath(scope, path).filter(accept);
    if (elements.length > 0) return { elements, index };
  }
  return null;
}

/** The first element a chain finds, or null. */
export function queryFirst(scope: ParentNode, chain: SelectorChain, accept?: (el: Element) => boolean): Element | null {
  return queryChain(scope, chain, accept)?.elements[0] ?? null;
}

/** Text of an element with runs of whitespace collapsed, or null when empty. */
export function textOf(el: Element | null | undefined): string | null {
  const text = el?.textContent?.replace(/\s+/g, " ").trim() ?? "";
  return text === "" ? null : text;
}

export function hasText(el: Element): boolean {
  return textOf(el) !== null;
}

/** Host name of a website as people type it ("www.Acme.com/about", "https://acme.com"), or null. */
export function domainOf(website: string | null | undefined): string | null {
  const trimmed = website?.trim() ?? "";
  if (trimmed === "") return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) return null;
  const host = url.hostname
    .toLowerCase()
    .replace(/^www\./, "")
    .replace(/\.$/, "");
  // A domain has at least one dot and only host-name characters (IDNs arrive punycoded from URL).
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) return null;
  return host;
}

/** Parses a URL, or null. */
export function parseUrl(url: string | URL): URL | null {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
