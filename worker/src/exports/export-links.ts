import type { Services } from "../platform/services.ts";
import { signLink, verifyLink } from "../platform/signed-links.ts";

/** How long a download link works: minutes, since anyone holding it may download the organization's data. */
export const EXPORT_LINK_SECONDS = 600;
const PURPOSE = "export";

export const signExportLink = (services: Services, organizationId: string, exportId: string) =>
  signLink(services, PURPOSE, organizationId, exportId, EXPORT_LINK_SECONDS);

export const verifyExportLink = (services: Services, token: string) => verifyLink(services, PURPOSE, token);
