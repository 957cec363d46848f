import type { Services } from "../platform/services.ts";
import { signLink, verifyLink } from "../platform/signed-links.ts";

/**
 * Short-lived links to kept media: `/media/{token}`, signed like every bearer link
 * (platform/signed-links.ts) for the organization and the media file's id, living MEDIA_LINK_SECONDS;
 * the Worker checks the file still belongs to the token's organization before serving it.
 */
export interface MediaClaim {
  organizationId: string;
  mediaId: string;
  expiresAt: number;
}

const PURPOSE = "media";

export async function signMediaLink(services: Services, organizationId: string, mediaId: string) {
  return signLink(services, PURPOSE, organizationId, mediaId, services.config.mediaLinkSeconds);
}

/** The claim of a genuine, unexpired token; null for anything else (forged, altered, expired, garbage). */
export async function verifyMediaLink(services: Services, token: string): Promise<MediaClaim | "expired" | null> {
  const claim = await verifyLink(services, PURPOSE, token);
  if (claim === null || claim === "expired") return claim;
  return { organizationId: claim.organizationId, mediaId: claim.subjectId, expiresAt: claim.expiresAt };
}
