/** Where the sidebar runs (top frame only): Salesforce Lightning, HubSpot (US and EU) and Gmail. */
export const SIDEBAR_MATCHES = [
  "https://*.lightning.force.com/*",
  "https://app.hubspot.com/*",
  "https://app-eu1.hubspot.com/*",
  "https://mail.google.com/mail/*",
];
