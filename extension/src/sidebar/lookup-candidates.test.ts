// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import gmailHtml from "../host-pages/fixtures/gmail-thread.html?raw";
import hubspotHtml from "../host-pages/fixtures/hubspot-company.html?raw";
import hubspotContactHtml from "../host-pages/fixtures/hubspot-contact.html?raw";
import salesforceHtml from "../host-pages/fixtures/salesforce-account.html?raw";
import opportunityHtml from "../host-pages/fixtures/salesforce-opportunity.html?raw";
import { showFixture } from "../host-pages/fixtures/show.ts";
import { resolveHostPage } from "../host-pages/navigation.ts";
import { pageLookup } from "./lookup-candidates.ts";

const SF_ACCOUNT = "https://acme.lightning.force.com/lightning/r/Account/001D000000IqhSLIAZ/view";
const SF_OPPORTUNITY = "https://acme.lightning.force.com/lightning/r/Opportunity/0066g00000AbCdEAAV/view";
const HS_COMPANY = "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344";
const HS_CONTACT = "https://app.hubspot.com/contacts/4412345/record/0-1/5501";
const GMAIL_THREAD = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm";

const lookupFor = (url: string, html: string) => pageLookup(resolveHostPage(url, showFixture(html)));

describe("pageLookup", () => {
  it("asks Salesforce account pages by record id, then website domain, then name", () => {
    expect(lookupFor(SF_ACCOUNT, salesforceHtml)).toEqual({
      key: expect.any(String),
      identity: "salesforce:001D000000IqhSLIAZ",
      candidates: [
        { crm: "salesforce", crmId: "001D000000IqhSLIAZ", domain: "globex.com", name: "Globex Corporation" },
      ],
      lookedUp: "Salesforce account 001D000000IqhSLIAZ, www.globex.com, Globex Corporation",
    });
  });

  it("asks Salesforce opportunity pages about their account", () => {
    const lookup = lookupFor(SF_OPPORTUNITY, opportunityHtml);
    expect(lookup?.candidates).toEqual([{ crm: "salesforce", crmId: "001D000000IqhSLIAZ", name: expect.any(String) }]);
    expect(lookup?.identity).toBe("salesforce:0066g00000AbCdEAAV");
  });

  it("keeps the identity while a record finishes rendering, so the key changes but the sidebar does not flicker", () => {
    const early = lookupFor(SF_ACCOUNT, "<html><body></body></html>");
    const late = lookupFor(SF_ACCOUNT, salesforceHtml);
    expect(early?.candidates).toEqual([{ crm: "salesforce", crmId: "001D000000IqhSLIAZ" }]);
    expect(early?.identity).toBe(late?.identity);
    expect(early?.key).not.toBe(late?.key);
  });

  it("asks HubSpot company pages by company id, domain and name; contact pages by their company", () => {
    expect(lookupFor(HS_COMPANY, hubspotHtml)?.candidates).toEqual([
      { crm: "hubspot", crmId: "18011223344", domain: "globex.com", name: "Globex Corporation" },
    ]);
    expect(lookupFor(HS_CONTACT, hubspotContactHtml)?.candidates[0]).toMatchObject({ crm: "hubspot" });
  });

  it("asks Gmail threads about each participant in order, never the user's own address", () => {
    const lookup = lookupFor(GMAIL_THREAD, gmailHtml);
    expect(lookup?.candidates).toEqual([
      { email: "bob@globex.com" },
      { email: "carol@globex.com" },
      { email: "dan@initech.example" },
    ]);
    expect(lookup?.lookedUp).toBe("bob@globex.com, carol@globex.com, dan@initech.example");
  });

  it("has nothing to ask on list views and unrendered threads", () => {
    expect(pageLookup(null)).toBe(null);
    expect(lookupFor("https://mail.google.com/mail/u/0/#inbox", gmailHtml)).toBe(null);
    expect(lookupFor(GMAIL_THREAD, "<html><body></body></html>")).toBe(null);
    expect(lookupFor("https://acme.lightning.force.com/lightning/o/Account/home", salesforceHtml)).toBe(null);
  });
});
