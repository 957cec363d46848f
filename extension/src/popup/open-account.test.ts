import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { accountItem } from "../background/test-fixtures.ts";
import { openAccount } from "./open-account.ts";

const globex = { ...accountItem("Globex", ["globex.com"]), salesforceId: "001D000000IqhSL", hubspotId: "18011223344" };
const overviewUrl = () => fakeBrowser.runtime.getURL(`/overview.html?accountId=${globex.id}`);

let windowId = 0;

/** The tab the user looks at: active in the focused (current) window. */
async function activeTab(url?: string) {
  return fakeBrowser.tabs.create({ windowId, active: true, ...(url ? { url } : {}) });
}

beforeEach(async () => {
  fakeBrowser.reset();
  const window = await fakeBrowser.windows.create({ focused: true });
  windowId = window?.id ?? 0;
});

describe("openAccount", () => {
  it("navigates an active Salesforce Lightning tab to the account's record page", async () => {
    const tab = await activeTab("https://acme.lightning.force.com/lightning/o/Account/home");
    expect(await openAccount(globex)).toBe("crm-tab");
    expect((await fakeBrowser.tabs.get(tab.id ?? -1))?.url).toBe(
      "https://acme.lightning.force.com/lightning/r/Account/001D000000IqhSLIAZ/view",
    );
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).not.toContain(overviewUrl());
  });

  it("navigates an active HubSpot tab to the company record in the same portal", async () => {
    const tab = await activeTab("https://app.hubspot.com/contacts/4412345/objects/0-2/views/all/list");
    expect(await openAccount(globex)).toBe("crm-tab");
    expect((await fakeBrowser.tabs.get(tab.id ?? -1))?.url).toBe(
      "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344",
    );
  });

  it("opens the overview page in a new tab when the active tab is not a CRM, and leaves that tab alone", async () => {
    const gmail = "https://mail.google.com/mail/u/0/#inbox";
    const tab = await activeTab(gmail);
    expect(await openAccount(globex)).toBe("overview");
    expect((await fakeBrowser.tabs.get(tab.id ?? -1))?.url).toBe(gmail);
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain(overviewUrl());
  });

  it("opens the overview page when the account has no id in the tab's CRM", async () => {
    const lightning = "https://acme.lightning.force.com/lightning/page/home";
    const tab = await activeTab(lightning);
    expect(await openAccount({ ...globex, salesforceId: null })).toBe("overview");
    expect((await fakeBrowser.tabs.get(tab.id ?? -1))?.url).toBe(lightning);
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain(overviewUrl());
  });

  it("opens the overview page when the tab's URL is not readable (no host access)", async () => {
    await activeTab();
    expect(await openAccount(globex)).toBe("overview");
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain(overviewUrl());
  });
});
