import type { AccountListItem } from "@sightline/shared";
import { browser } from "wxt/browser";
import { overviewPath } from "../shared/page-urls.ts";
import { crmRecordUrl } from "./crm-record-url.ts";

/** Where a chosen account was shown: its record page in the active CRM tab, or the overview page in a new tab. */
export type OpenedAccount = "crm-tab" | "overview";

/**
 * Opens a chosen account where the user already works. When the active tab is Salesforce Lightning or
 * HubSpot and the account has that CRM's id, the tab goes to the account's record page, where the
 * sidebar shows it; otherwise the extension's overview page opens in a new tab.
 *
 * Reading the active tab's URL needs no `tabs` permission: Chrome reveals `tab.url` only for hosts in
 * the manifest's host_permissions, which list the CRM patterns (content-script matches alone do not).
 * Any other tab's URL reads as undefined, which is exactly "not a CRM tab".
 */
export async function openAccount(account: AccountListItem): Promise<OpenedAccount> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const recordUrl = crmRecordUrl(tab?.url, account);
  if (tab?.id !== undefined && recordUrl) {
    await browser.tabs.update(tab.id, { url: recordUrl });
    return "crm-tab";
  }
  await browser.tabs.create({ url: browser.runtime.getURL(overviewPath(account.id)) });
  return "overview";
}
