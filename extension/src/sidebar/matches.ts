/** The CRMs: Salesforce Lightning and HubSpot (US and EU). */
export const CRM_MATCHES = [
  "https://*.lightning.force.com/*",
  "https://app.hubspot.com/*",
  "https://app-eu1.hubspot.com/*",
];

/** Where the sidebar runs (top frame only): the CRMs and Gmail. */
export const SIDEBAR_MATCHES = [...CRM_MATCHES, "https://mail.google.com/mail/*"];
