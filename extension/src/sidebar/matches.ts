/** The CRMs: Salesforce Lightning and HubSpot (US and EU). */
export const CRM_MATCHES = [
  "https://*.lightning.force.com/*",
  "https://app.hubspot.com/*",
  "https://app-eu1.hubspot.com/*",
];

/** Gmail (also a host permission: the background reads the open thread there). */
export const GMAIL_MATCH = "https://mail.google.com/mail/*";

/** Where the sidebar runs (top frame only): the CRMs and Gmail. */
export const SIDEBAR_MATCHES = [...CRM_MATCHES, GMAIL_MATCH];
