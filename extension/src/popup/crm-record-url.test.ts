import { describe, expect, it } from "vitest";
import { crmRecordUrl } from "./crm-record-url.ts";

const both = { salesforceId: "001D000000IqhSL", hubspotId: "18011223344" };
const none = { salesforceId: null, hubspotId: null };

describe("crmRecordUrl", () => {
  it("sends a Lightning tab to the account's record, on the org's own domain, with the 18-character id", () => {
    for (const tab of [
      "https://acme.lightning.force.com/lightning/r/Opportunity/006D000000AbCdEIAV/view",
      "https://acme.lightning.force.com/lightning/o/Account/list?filterName=Recent",
      "https://acme.lightning.force.com/lightning/page/home",
    ]) {
      expect(crmRecordUrl(tab, both)).toBe(
        "https://acme.lightning.force.com/lightning/r/Account/001D000000IqhSLIAZ/view",
      );
    }
    expect(crmRecordUrl("https://acme--uat.sandbox.lightning.force.com/lightning/page/home", both)).toBe(
      "https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/001D000000IqhSLIAZ/view",
    );
  });

  it("sends a HubSpot tab to the company record in the portal of the current URL, in its data centre", () => {
    expect(crmRecordUrl("https://app.hubspot.com/contacts/4412345/record/0-1/951", both)).toBe(
      "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344",
    );
    expect(crmRecordUrl("https://app.hubspot.com/reports-dashboard/4412345/view/1", both)).toBe(
      "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344",
    );
    expect(crmRecordUrl("https://app-eu1.hubspot.com/contacts/26000001/objects/0-2/views/all/list", both)).toBe(
      "https://app-eu1.hubspot.com/contacts/26000001/record/0-2/18011223344",
    );
  });

  it("answers null when the account has no id in that CRM, or a malformed one", () => {
    expect(crmRecordUrl("https://acme.lightning.force.com/lightning/page/home", none)).toBeNull();
    expect(crmRecordUrl("https://app.hubspot.com/contacts/4412345/record/0-2/1", none)).toBeNull();
    expect(
      crmRecordUrl("https://acme.lightning.force.com/lightning/page/home", { ...both, salesforceId: "001x" }),
    ).toBeNull();
    expect(
      crmRecordUrl("https://app.hubspot.com/contacts/4412345/record/0-2/1", { ...both, hubspotId: "../x" }),
    ).toBeNull();
  });

  it("answers null off the CRMs, on HubSpot pages without a portal, and without a readable URL", () => {
    for (const tab of [
      undefined,
      "",
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      "https://www.hubspot.com/contacts/4412345",
      "http://acme.lightning.force.com/lightning/page/home",
      "https://acme.my.salesforce.com/001D000000IqhSL",
      "https://app.hubspot.com/login",
      "chrome://newtab/",
    ]) {
      expect(crmRecordUrl(tab, both)).toBeNull();
    }
  });
});
