import type { SelectorChain } from "./dom.ts";

/**
 * Every selector the host-page readers use, in one place. Each entry is a chain of alternatives, best
 * first; `selectors.test.ts` has one test per alternative, and fails when an alternative is added here
 * without one. Sources are in ../shared/notes/host-pages.md; entries marked "unverified" are our best
 * reconstruction and the first place to look when a host changes its DOM.
 */

export const SALESFORCE = {
  /** The record view being shown; earlier records stay cached in the DOM, hidden. */
  view: [[".windowViewMode-normal"], [".oneContent.active"]],
  /** The record's name in the highlights panel. */
  recordName: [
    ['records-highlights2 slot[name="primaryField"] lightning-formatted-text'],
    ["records-highlights2 h1 lightning-formatted-text"],
    // Native shadow DOM: the heading lives inside the highlights component's shadow root.
    ["records-highlights2", "h1"],
  ],
  /** The Account's Website field value (the label is localized; the selection name is not). */
  website: [
    ['records-record-layout-item[field-label="Website"] [data-output-element-id="output-field"]'],
    ['[data-target-selection-name="sfdc:RecordField.Account.Website"] [data-output-element-id="output-field"]'],
    ['records-record-layout-item[field-label="Website"]', '[data-output-element-id="output-field"]'],
  ],
  /**
   * The link to the Account an Opportunity or Contact belongs to. Only links to Account ids (prefix
   * 001) count, and an alternative that finds links to several accounts is skipped (the last one,
   * any lookup on the page, is only trusted when it is unambiguous).
   */
  accountLookup: [
    ['records-record-layout-item[field-label="Account Name"] force-lookup a'],
    ['[data-target-selection-name$=".AccountId"] force-lookup a'],
    ["records-highlights-details-item force-lookup a"],
    ["force-lookup a"],
  ],
  /** Related-list links carry the id of the record a view belongs to (to spot a stale, still visible view). */
  relatedListLink: [['a[href*="/lightning/r/"][href*="/related/"]']],
} as const satisfies Record<string, SelectorChain>;

export const HUBSPOT = {
  /** The record's highlight card (left sidebar); names and properties are read only inside it. */
  highlightCard: [
    ['[data-card-type="OBJECT_HIGHLIGHT"]'],
    ['[data-selenium-test="highlightedPropertySidebar"]'],
    ['[data-test-id="left-sidebar"]'],
  ],
  /** The record's name inside the highlight card. */
  name: [['[data-selenium-test="highlightTitle"]'], ['[data-test-id="highlight-record-label"]']],
  /** A company's domain inside the highlight card (unverified). */
  domain: [['[data-selenium-test="property-input-domain"]'], ['[data-test-id="highlight-property-display-domain"]']],
  /** The right sidebar, where association cards live (unverified beyond the attribute name). */
  rightSidebar: [['[data-test-id="records-right-sidebar"]']],
  /** A card inside the right sidebar (each association card is one). */
  card: [['[data-test-id^="card-wrapper-"]'], ["[data-card-type]"]],
  /** Links to company records (their href holds the company id). */
  companyLink: [['a[href*="/record/0-2/"]'], ['a[href*="/company/"]']],
  /** The "Primary" tag next to an associated company (unverified). */
  primaryTag: [['[data-test-id*="primary"]'], ['[data-selenium-test*="primary"]']],
} as const satisfies Record<string, SelectorChain>;

export const GMAIL = {
  /** Main panes; the inbox list stays in the DOM, hidden, while a thread is open. */
  main: [['div[role="main"]'], ['[role="main"]']],
  /** The open thread's subject heading. */
  subject: [["h2.hP"], ["h2[data-legacy-thread-id]"], ["h2[data-thread-perm-id]"]],
  /** Where the legacy (hex) thread id lives. */
  legacyThreadId: [["h2[data-legacy-thread-id]"], ["[data-legacy-thread-id]"]],
  /** Where the permanent thread id ("thread-f:<decimal>") lives; its hex form is the legacy id. */
  threadPermId: [["[data-thread-perm-id]"]],
  /** A message of the thread (expanded or collapsed). */
  message: [["div.adn"], ["div[data-message-id]"], ["div[data-legacy-message-id]"]],
  /** Senders: expanded and collapsed messages both show the sender. */
  sender: [["span.gD[email]"], ["h3 span[email]"]],
  /** Recipients (To, Cc, Bcc) of expanded messages. */
  recipient: [["span.hb span.g2[email]"], ["span.g2[email]"]],
  /** The Google account switcher, whose label holds the signed-in address. */
  accountSwitcher: [
    ['a[aria-label*="@"][href*="accounts.google.com/SignOutOptions"]'],
    ['[aria-label^="Google Account"][aria-label*="@"]'],
  ],
} as const satisfies Record<string, SelectorChain>;
