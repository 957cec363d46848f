import { accountForEmail, isOurEmail, type RoutingEvidence } from "./score-routing.ts";

export interface ParticipantSide {
  side: "ours" | "theirs" | "unknown";
  /** For "theirs": the account the address points at. */
  accountId: string | null;
}

/**
 * Which side of the table a participant sits on, from their address alone: our domains and users are
 * "ours", an address that points at an account is "theirs", anything else (no address, free mail
 * nobody registered) is "unknown" rather than a guess.
 */
export function participantSide(
  email: string | null,
  evidence: Pick<RoutingEvidence, "ourDomains" | "userEmails" | "accountByDomain" | "accountByContactEmail">,
): ParticipantSide {
  if (!email) return { side: "unknown", accountId: null };
  if (isOurEmail(email, evidence)) return { side: "ours", accountId: null };
  const accountId = accountForEmail(email, evidence);
  return accountId ? { side: "theirs", accountId } : { side: "unknown", accountId: null };
}
