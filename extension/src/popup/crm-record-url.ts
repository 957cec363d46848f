import type { Account } from "@sightline/shared";
import { parseUrl } from "../host-pages/dom.ts";
import { isHubSpotAppUrl } from "../host-pages/hubspot.ts";
import { isLightningUrl, salesforceId18 } from "../host-pages/salesforce.ts";

/** HubSpot app URLs carry the portal (account) id as their second path segment: `/contacts/4412345/…`. */
const HUBSPOT_PORTAL_PATH = /^\/[a-z0-9-]+\/(\d+)(?:\/|$)/;
const HUBSPOT_ID = /^\d+$/;

/**
 * The account's record page in the CRM the tab shows, on the tab's own origin (the org's My Domain, the
 * portal's data centre), or null: not a CRM tab, or the account has no id in that CRM.
 * - Salesforce Lightning: `/lightning/r/Account/{18-character id}/view`;
 * - HubSpot: `/contacts/{portalId of the current URL}/record/0-2/{companyId}`.
 */
export function crmRecordUrl(
  tabUrl: string | undefined,
  account: Pick<Account, "salesforceId" | "hubspotId">,
): string | null {
  const url = tabUrl ? parseUrl(tabUrl) : null;
  if (!url) return null;
  if (isLightningUrl(url)) {
    const id = account.salesforceId ? salesforceId18(account.salesforceId) : null;
    return id ? `${url.origin}/lightning/r/Account/${id}/view` : null;
  }
  if (isHubSpotAppUrl(url)) {
    const portalId = HUBSPOT_PORTAL_PATH.exec(url.pathname)?.[1];
    const companyId = account.hubspotId?.trim();
    if (!portalId || !companyId || !HUBSPOT_ID.test(companyId)) return null;
    return `${url.origin}/contacts/${portalId}/record/0-2/${companyId}`;
  }
  return null;
}
