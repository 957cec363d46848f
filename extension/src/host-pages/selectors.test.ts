// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { domainOf, isVisible, queryChain, type SelectorChain } from "./dom.ts";
import { GMAIL, HUBSPOT, SALESFORCE } from "./selectors.ts";

/**
 * One test per selector alternative: a snippet that only that alternative matches, with the element it
 * must find marked `data-probe`. A snippet is HTML, or a function that builds DOM HTML cannot express
 * (open shadow roots).
 */
type Snippet = string | ((container: HTMLElement) => void);

function inShadow(hostTag: string, hostAttrs: Record<string, string>, shadowHtml: string): Snippet {
  return (container) => {
    const host = document.createElement(hostTag);
    for (const [name, value] of Object.entries(hostAttrs)) host.setAttribute(name, value);
    container.append(host);
    host.attachShadow({ mode: "open" }).innerHTML = shadowHtml;
  };
}

const SNIPPETS: Record<string, Record<string, Snippet[]>> = {
  SALESFORCE: {
    view: ['<div class="windowViewMode-normal" data-probe></div>', '<div class="oneContent active" data-probe></div>'],
    recordName: [
      '<records-highlights2><slot name="primaryField"><lightning-formatted-text data-probe>Globex</lightning-formatted-text></slot></records-highlights2>',
      "<records-highlights2><h1><lightning-formatted-text data-probe>Globex</lightning-formatted-text></h1></records-highlights2>",
      inShadow("records-highlights2", {}, "<h1 data-probe>Globex</h1>"),
    ],
    website: [
      '<records-record-layout-item field-label="Website"><span data-output-element-id="output-field" data-probe>globex.com</span></records-record-layout-item>',
      '<div data-target-selection-name="sfdc:RecordField.Account.Website"><span data-output-element-id="output-field" data-probe>globex.com</span></div>',
      inShadow(
        "records-record-layout-item",
        { "field-label": "Website" },
        '<span data-output-element-id="output-field" data-probe>globex.com</span>',
      ),
    ],
    accountLookup: [
      '<records-record-layout-item field-label="Account Name"><force-lookup><a data-probe>Globex</a></force-lookup></records-record-layout-item>',
      '<records-record-layout-item field-label="Nom du compte" data-target-selection-name="sfdc:RecordField.Contact.AccountId"><force-lookup><a data-probe>Globex</a></force-lookup></records-record-layout-item>',
      "<records-highlights-details-item><force-lookup><a data-probe>Globex</a></force-lookup></records-highlights-details-item>",
      "<div><force-lookup><a data-probe>Globex</a></force-lookup></div>",
    ],
    relatedListLink: [
      '<a href="/lightning/r/Account/001D000000IqhSLIAZ/related/Contacts/view" data-probe>View All</a>',
    ],
  },
  HUBSPOT: {
    highlightCard: [
      '<div data-card-type="OBJECT_HIGHLIGHT" data-probe></div>',
      '<div data-selenium-test="highlightedPropertySidebar" data-probe></div>',
      '<div data-test-id="left-sidebar" data-probe></div>',
    ],
    name: [
      '<span data-selenium-test="highlightTitle" data-probe>Globex</span>',
      '<span data-test-id="highlight-record-label" data-probe>Globex</span>',
    ],
    domain: [
      '<a data-selenium-test="property-input-domain" data-probe>globex.com</a>',
      '<div data-test-id="highlight-property-display-domain" data-probe>globex.com</div>',
    ],
    rightSidebar: ['<div data-test-id="records-right-sidebar" data-probe></div>'],
    card: [
      '<div data-test-id="card-wrapper-ASSOCIATION_V3/0-2" data-probe></div>',
      '<div data-card-type="ASSOCIATION" data-probe></div>',
    ],
    companyLink: [
      '<a href="/contacts/1/record/0-2/42" data-probe>Globex</a>',
      '<a href="/contacts/1/company/42" data-probe>Globex</a>',
    ],
    primaryTag: [
      '<span data-test-id="primary-association-tag" data-probe>Primary</span>',
      '<span data-selenium-test="primary-label" data-probe>Primary</span>',
    ],
  },
  GMAIL: {
    main: ['<div role="main" data-probe></div>', '<section role="main" data-probe></section>'],
    subject: [
      '<h2 class="hP" data-probe>Renewal</h2>',
      '<h2 data-legacy-thread-id="18c5f3a2b1d4e6f7" data-probe>Renewal</h2>',
      '<h2 data-thread-perm-id="thread-f:1" data-probe>Renewal</h2>',
    ],
    legacyThreadId: [
      '<h2 data-legacy-thread-id="18c5f3a2b1d4e6f7" data-probe>Renewal</h2>',
      '<div data-legacy-thread-id="18c5f3a2b1d4e6f7" data-probe></div>',
    ],
    threadPermId: ['<h2 data-thread-perm-id="thread-f:1" data-probe>Renewal</h2>'],
    message: [
      '<div class="adn" data-probe></div>',
      '<div data-message-id="#msg-f:1" data-probe></div>',
      '<div data-legacy-message-id="18c5f3a2b1d4e6f7" data-probe></div>',
    ],
    sender: [
      '<span class="gD" email="bob@globex.com" data-probe>Bob</span>',
      '<h3 class="iw"><span class="zF" email="bob@globex.com" data-probe>Bob</span></h3>',
    ],
    recipient: [
      '<span class="hb"><span class="g2" email="dan@initech.example" data-probe>Dan</span></span>',
      '<div class="ajB"><span class="g2" email="dan@initech.example" data-probe>Dan</span></div>',
    ],
    accountSwitcher: [
      '<a aria-label="Google Account: Ada (ada@acme-sales.com)" href="https://accounts.google.com/SignOutOptions?hl=en" data-probe></a>',
      '<div aria-label="Google Account: Ada (ada@acme-sales.com)" data-probe></div>',
    ],
  },
};

const REGISTRY: Record<string, Record<string, SelectorChain>> = { SALESFORCE, HUBSPOT, GMAIL };

const cases = Object.entries(REGISTRY).flatMap(([host, chains]) =>
  Object.entries(chains).flatMap(([key, chain]) =>
    chain.map((path, index) => ({ name: `${host}.${key}[${index}] ${path.join(" >>> ")}`, host, key, index })),
  ),
);

afterEach(() => {
  document.body.innerHTML = "";
});

describe("selectors", () => {
  it("has a snippet for every alternative, and none for alternatives that no longer exist", () => {
    const shape = (table: Record<string, Record<string, readonly unknown[]>>) =>
      Object.fromEntries(
        Object.entries(table).map(([host, chains]) => [
          host,
          Object.fromEntries(Object.entries(chains).map(([key, list]) => [key, list.length])),
        ]),
      );
    expect(shape(SNIPPETS)).toEqual(shape(REGISTRY));
  });

  it.each(cases)("$name finds its element, and only it matches", ({ host, key, index }) => {
    const snippet = SNIPPETS[host]?.[key]?.[index];
    const chain = REGISTRY[host]?.[key];
    if (snippet === undefined || !chain) throw new Error(`no snippet for ${host}.${key}[${index}]`);
    const container = document.createElement("div");
    document.body.append(container);
    if (typeof snippet === "string") container.innerHTML = snippet;
    else snippet(container);
    const match = queryChain(container, chain);
    expect(match?.index).toBe(index);
    expect(match?.elements[0]?.hasAttribute("data-probe")).toBe(true);
  });
});

describe("isVisible", () => {
  it("sees the hidden attribute, inline and stylesheet display/visibility, on ancestors; not aria-hidden", () => {
    document.head.innerHTML = "<style>.cached { display: none } .ghost { visibility: hidden }</style>";
    document.body.innerHTML = `
      <p id="shown">x</p>
      <div aria-hidden="true"><p id="behind-modal">x</p></div>
      <div hidden><p id="a">x</p></div>
      <div style="display: none"><p id="c">x</p></div>
      <div class="cached"><p id="d">x</p></div>
      <div class="ghost"><p id="e">x</p></div>
      <div id="host"></div>`;
    const byId = (id: string) => document.getElementById(id) as Element;
    expect(isVisible(byId("shown"))).toBe(true);
    expect(isVisible(byId("behind-modal"))).toBe(true);
    for (const id of ["a", "c", "d", "e"]) expect(isVisible(byId(id)), id).toBe(false);
    const host = byId("host");
    host.attachShadow({ mode: "open" }).innerHTML = "<p>x</p>";
    const inShadowRoot = host.shadowRoot?.querySelector("p") as Element;
    expect(isVisible(inShadowRoot)).toBe(true);
    host.setAttribute("hidden", "");
    expect(isVisible(inShadowRoot)).toBe(false);
    document.head.innerHTML = "";
  });
});

describe("domainOf", () => {
  it("reduces what people type as a website to a host name", () => {
    expect(domainOf("www.Globex.com")).toBe("globex.com");
    expect(domainOf("http://www.globex.com/about?x=1")).toBe("globex.com");
    expect(domainOf(" https://shop.globex.co.uk/ ")).toBe("shop.globex.co.uk");
    expect(domainOf("globex")).toBe(null);
    expect(domainOf("")).toBe(null);
    expect(domainOf("mailto:bob@globex.com")).toBe(null);
    expect(domainOf("not a website")).toBe(null);
  });
});
