// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import accountHtml from "./fixtures/salesforce-account.html?raw";
import cachedHtml from "./fixtures/salesforce-cached-record.html?raw";
import opportunityHtml from "./fixtures/salesforce-opportunity.html?raw";
import { showFixture } from "./fixtures/show.ts";
import { SALESFORCE_NON_RECORDS, SALESFORCE_URLS } from "./fixtures/urls.ts";
import { matchSalesforceUrl, readSalesforcePage, salesforceId18, sameSalesforceId } from "./salesforce.ts";

const ACCOUNT_URL = "https://acme.lightning.force.com/lightning/r/Account/001D000000IqhSLIAZ/view";
const OPPORTUNITY_URL = "https://acme.lightning.force.com/lightning/r/Opportunity/0066g00000AbCdEAAV/view";
const INITECH_URL = "https://acme.lightning.force.com/lightning/r/Account/0015000000Gv7qJAAR/view";

describe("matchSalesforceUrl", () => {
  it.each(SALESFORCE_URLS)("reads $url", ({ url, objectType, recordId }) => {
    expect(matchSalesforceUrl(url)).toEqual({ objectType, recordId });
  });

  it.each(SALESFORCE_NON_RECORDS)("is not a record: %s", (url) => {
    expect(matchSalesforceUrl(url)).toBe(null);
  });
});

describe("salesforceId18", () => {
  it("adds the case checksum to 15-character ids and accepts only the right one on 18-character ids", () => {
    expect(salesforceId18("001D000000IqhSL")).toBe("001D000000IqhSLIAZ");
    expect(salesforceId18("0015000000Gv7qJ")).toBe("0015000000Gv7qJAAR");
    expect(salesforceId18("0015000000Gv7qJaar")).toBe("0015000000Gv7qJAAR");
    expect(salesforceId18("0015000000Gv7qJAAA")).toBe(null);
    expect(salesforceId18("0015000000Gv7q")).toBe(null);
  });

  it("compares 15- and 18-character ids case-sensitively on the first 15", () => {
    expect(sameSalesforceId("001D000000IqhSL", "001D000000IqhSLIAZ")).toBe(true);
    expect(sameSalesforceId("001D000000Iqhsl", "001D000000IqhSLIAZ")).toBe(false);
  });
});

describe("readSalesforcePage", () => {
  it("reads an Account page: its id, name, website and domain; not the Parent Account lookup", () => {
    const doc = showFixture(accountHtml);
    expect(readSalesforcePage(ACCOUNT_URL, doc)).toEqual({
      crm: "salesforce",
      objectType: "Account",
      recordId: "001D000000IqhSLIAZ",
      accountRecordId: "001D000000IqhSLIAZ",
      accountName: "Globex Corporation",
      website: "www.globex.com",
      domain: "globex.com",
    });
  });

  it("resolves an Opportunity page to the Account it shows, not to its owner", () => {
    const doc = showFixture(opportunityHtml);
    expect(readSalesforcePage(OPPORTUNITY_URL, doc)).toEqual({
      crm: "salesforce",
      objectType: "Opportunity",
      recordId: "0066g00000AbCdEAAV",
      accountRecordId: "001D000000IqhSLIAZ",
      accountName: "Globex Corporation",
    });
  });

  it("resolves an Opportunity through the highlights panel when the layout has no Account Name field", () => {
    const doc = showFixture(opportunityHtml);
    for (const item of Array.from(doc.querySelectorAll('records-record-layout-item[field-label="Account Name"]'))) {
      item.remove();
    }
    expect(readSalesforcePage(OPPORTUNITY_URL, doc)?.accountRecordId).toBe("001D000000IqhSLIAZ");
  });

  it("leaves the account out when the page links to several accounts and none is the Account Name field", () => {
    const doc = showFixture(opportunityHtml);
    for (const el of Array.from(doc.querySelectorAll("records-record-layout-item, records-highlights-details-item"))) {
      el.remove();
    }
    const view = doc.querySelector(".windowViewMode-normal");
    view?.insertAdjacentHTML(
      "beforeend",
      '<force-lookup><a data-recordid="001D000000IqhSLIAZ">Globex</a></force-lookup>' +
        '<force-lookup><a data-recordid="0015000000Gv7qJAAR">Initech</a></force-lookup>',
    );
    expect(readSalesforcePage(OPPORTUNITY_URL, doc)?.accountRecordId).toBeUndefined();
    doc.querySelectorAll("force-lookup")[1]?.remove();
    expect(readSalesforcePage(OPPORTUNITY_URL, doc)?.accountRecordId).toBe("001D000000IqhSLIAZ");
  });

  it("ignores the cached, hidden view of the previous record", () => {
    const doc = showFixture(cachedHtml);
    expect(readSalesforcePage(INITECH_URL, doc)).toEqual({
      crm: "salesforce",
      objectType: "Account",
      recordId: "0015000000Gv7qJAAR",
      accountRecordId: "0015000000Gv7qJAAR",
      accountName: "Initech",
      website: "initech.example",
      domain: "initech.example",
    });
  });

  it("ignores a view that is still visible but shows another record (its related lists point elsewhere)", () => {
    const doc = showFixture(cachedHtml);
    doc.querySelector("style")?.remove(); // both views visible, neither marked active
    doc.querySelector('[data-view="initech"]')?.classList.remove("active");
    expect(readSalesforcePage(INITECH_URL, doc)?.accountName).toBe("Initech");
    doc.querySelector('[data-view="initech"]')?.remove(); // the new record has not rendered yet
    const early = readSalesforcePage(INITECH_URL, doc);
    expect(early).toEqual({
      crm: "salesforce",
      objectType: "Account",
      recordId: "0015000000Gv7qJAAR",
      accountRecordId: "0015000000Gv7qJAAR",
    });
  });

  it("falls back to the title for the name once the record view is shown", () => {
    const doc = showFixture(accountHtml);
    doc.querySelector("records-highlights2")?.remove();
    expect(readSalesforcePage(ACCOUNT_URL, doc)?.accountName).toBe("Globex Corporation");
    doc.querySelector(".windowViewMode-normal")?.remove();
    expect(readSalesforcePage(ACCOUNT_URL, doc)?.accountName).toBeUndefined();
  });

  it("reads the website's href when the field shows no text", () => {
    const doc = showFixture(accountHtml);
    const link = doc.querySelector('a[href="http://www.globex.com"]');
    if (link) link.textContent = "";
    expect(readSalesforcePage(ACCOUNT_URL, doc)).toMatchObject({
      website: "http://www.globex.com",
      domain: "globex.com",
    });
  });

  it("reads values rendered inside native shadow roots", () => {
    const doc = showFixture(accountHtml);
    const item = doc.querySelector('records-record-layout-item[field-label="Website"]');
    if (!item) throw new Error("fixture changed");
    item.innerHTML = "";
    const root = item.attachShadow({ mode: "open" });
    root.innerHTML =
      '<span data-output-element-id="output-field"><a href="https://globex.co.uk">globex.co.uk</a></span>';
    expect(readSalesforcePage(ACCOUNT_URL, doc)?.domain).toBe("globex.co.uk");
  });

  it("returns the URL's record alone before anything has rendered, and null off record pages", () => {
    const doc = showFixture("<html><body></body></html>");
    expect(readSalesforcePage(OPPORTUNITY_URL, doc)).toEqual({
      crm: "salesforce",
      objectType: "Opportunity",
      recordId: "0066g00000AbCdEAAV",
    });
    expect(
      readSalesforcePage("https://acme.lightning.force.com/lightning/o/Account/list", showFixture(accountHtml)),
    ).toBe(null);
  });
});
