/** Keys typed in the sidebar must not reach the host page's shortcuts (Gmail's j/k, Salesforce's g). */
const ISOLATED_EVENTS = ["keydown", "keyup", "keypress"];

export interface ShadowHost {
  /** The element put on the page: an unknown custom element, so no host-page rule targets it. */
  host: HTMLElement;
  /** Where the UI renders, inside the shadow root. */
  container: HTMLElement;
  attach(): void;
  detach(): void;
}

/**
 * A shadow root for the sidebar, like WXT's createShadowRootUi but without its auto-mount machinery
 * (wait-element, many-keys-map, defu: ~3 KB gzipped the content-script budget cannot spare).
 * `:host { all: initial }` stops the page's inherited styles at the boundary; the sidebar's own CSS
 * lives only inside. The host is inline and empty in the page's flow (its content is position:
 * fixed), so attaching it moves nothing on the page.
 */
export function createShadowHost(
  doc: Document,
  name: string,
  css: string,
  mode: ShadowRootMode = "closed",
): ShadowHost {
  const host = doc.createElement(name);
  host.setAttribute("data-sightline", "");
  // Closed in what ships: the host page cannot reach the sidebar through host.shadowRoot (src/build/flavour.ts).
  const shadow = host.attachShadow({ mode });
  const style = doc.createElement("style");
  style.textContent = `:host{all:initial !important}\n${css}`;
  const container = doc.createElement("div");
  shadow.append(style, container);
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, (event) => event.stopPropagation());
  return {
    host,
    container,
    attach() {
      if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    },
    detach() {
      host.remove();
    },
  };
}
