// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import companyHtml from "./fixtures/hubspot-company.html?raw";
import contactHtml from "./fixtures/hubspot-contact.html?raw";
import { showFixture } from "./fixtures/show.ts";
import { HUBSPOT_NON_RECORDS, HUBSPOT_URLS } from "./fixtures/urls.ts";
import { matchHubSpotUrl, readHubSpotPage } from "./hubspot.ts";

const COMPANY_URL = "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344";
const CONTACT_URL = "https://app.hubspot.com/contacts/4412345/record/0-1/5501";
const DEAL_URL = "https://app.hubspot.com/contacts/4412345/record/0-3/7700";

describe("matchHubSpotUrl", () => {
  it.each(HUBSPOT_URLS)("reads $url", ({ url, portalId, objectTypeId, recordId }) => {
    expect(matchHubSpotUrl(url)).toEqual({ portalId, objectTypeId, recordId });
  });

  it.each(HUBSPOT_NON_RECORDS)("is not a record: %s", (url) => {
    expect(matchHubSpotUrl(url)).toBe(null);
  });
});

describe("readHubSpotPage", () => {
  it("reads a company from its visible highlight card, not from the association card or a hidden card", () => {
    const doc = showFixture(companyHtml);
    expect(readHubSpotPage(COMPANY_URL, doc)).toEqual({
      crm: "hubspot",
      portalId: "4412345",
      objectTypeId: "0-2",
      recordId: "18011223344",
      companyId: "18011223344",
      name: "Globex Corporation",
      domain: "globex.com",
    });
  });

  it("reads the name only inside the highlight card, even when another card matches a preferred selector", () => {
    const doc = showFixture(companyHtml);
    const title = doc.querySelectorAll('[data-selenium-test="highlightTitle"]')[1];
    title?.removeAttribute("data-selenium-test");
    title?.setAttribute("data-test-id", "highlight-record-label");
    doc
      .querySelector('[data-test-id="association-card-item"]')
      ?.insertAdjacentHTML(
        "beforeend",
        '<div role="tooltip"><span data-selenium-test="highlightTitle">Globex Holdings</span></div>',
      );
    expect(readHubSpotPage(COMPANY_URL, doc)?.name).toBe("Globex Corporation");
  });

  it("reads the company from the older URL too", () => {
    const doc = showFixture(companyHtml);
    expect(readHubSpotPage("https://app.hubspot.com/contacts/4412345/company/18011223344/", doc)).toMatchObject({
      companyId: "18011223344",
      name: "Globex Corporation",
    });
  });

  it("reads the domain from an input and from the highlight property as a fallback", () => {
    const doc = showFixture(companyHtml);
    const visibleCard = doc.querySelectorAll('[data-card-type="OBJECT_HIGHLIGHT"]')[1];
    visibleCard?.querySelector('[data-selenium-test="property-input-domain"]')?.remove();
    visibleCard?.insertAdjacentHTML(
      "beforeend",
      '<div data-test-id="highlight-property-display-domain">https://www.Globex.com/</div>',
    );
    expect(readHubSpotPage(COMPANY_URL, doc)?.domain).toBe("globex.com");
    visibleCard?.insertAdjacentHTML(
      "afterbegin",
      '<input data-selenium-test="property-input-domain" value="globex-corp.com" />',
    );
    expect(readHubSpotPage(COMPANY_URL, doc)?.domain).toBe("globex-corp.com");
  });

  it("resolves a contact to its primary company, not to the other one or the contact's typed company name", () => {
    const doc = showFixture(contactHtml);
    expect(readHubSpotPage(CONTACT_URL, doc)).toEqual({
      crm: "hubspot",
      portalId: "4412345",
      objectTypeId: "0-1",
      recordId: "5501",
      companyId: "18011223344",
      name: "Globex Corporation",
    });
  });

  it("takes a deal's only company, and none when several are listed without a primary tag", () => {
    const doc = showFixture(contactHtml);
    doc.querySelector('[data-test-id="primary-association-tag"]')?.remove();
    expect(readHubSpotPage(DEAL_URL, doc)).toEqual({
      crm: "hubspot",
      portalId: "4412345",
      objectTypeId: "0-3",
      recordId: "7700",
    });
    doc
      .querySelector('a[href$="/record/0-2/18044556677"]')
      ?.closest('[data-test-id="association-card-item"]')
      ?.remove();
    expect(readHubSpotPage(DEAL_URL, doc)).toMatchObject({ companyId: "18011223344", name: "Globex Corporation" });
  });

  it("ignores association cards in a hidden right sidebar (a tab left in the DOM)", () => {
    const doc = showFixture(contactHtml);
    doc.querySelector('[data-test-id="records-right-sidebar"]')?.setAttribute("hidden", "");
    expect(readHubSpotPage(CONTACT_URL, doc)?.companyId).toBeUndefined();
  });

  it("returns the URL's record alone before anything has rendered, and null off record pages", () => {
    const doc = showFixture("<html><body></body></html>");
    expect(readHubSpotPage(COMPANY_URL, doc)).toEqual({
      crm: "hubspot",
      portalId: "4412345",
      objectTypeId: "0-2",
      recordId: "18011223344",
      companyId: "18011223344",
    });
    expect(readHubSpotPage("https://app.hubspot.com/contacts/4412345/objects/0-2/views/all/list", doc)).toBe(null);
  });
});
