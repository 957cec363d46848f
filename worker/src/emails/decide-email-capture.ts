import type { EmailCaptureResponse } from "@sightline/shared";
import { and, eq, inArray } from "drizzle-orm";
import { accounts, organizations } from "../db/schema/index.ts";
import type { Db } from "../platform/services.ts";
import { loadRoutingEvidence } from "../routing/load-routing-evidence.ts";
import { accountForEmail, isOurEmail } from "../routing/score-routing.ts";

/**
 * Whether the sidebar may add a thread by itself: only when the organization turned auto-capture on
 * (an admin's setting, off by default) and an address that is not ours points at one of its
 * accounts, by domain (free mail never does) or as a known contact, as routing would read it.
 */
export async function decideEmailCapture(
  db: Db,
  organizationId: string,
  emails: readonly string[],
): Promise<EmailCaptureResponse> {
  const org = await db.query.organizations.findFirst({
    columns: { autoCaptureEmail: true },
    where: eq(organizations.id, organizationId),
  });
  const evidence = await loadRoutingEvidence(db, organizationId, emails, []);
  const accountIds = [
    ...new Set(
      emails.flatMap((email) => {
        if (isOurEmail(email, evidence)) return [];
        const account = accountForEmail(email, evidence);
        return account ? [account] : [];
      }),
    ),
  ];
  const found = accountIds.length
    ? await db
        .select({ id: accounts.id, name: accounts.name })
        .from(accounts)
        .where(and(eq(accounts.organizationId, organizationId), inArray(accounts.id, accountIds.slice(0, 90))))
        .orderBy(accounts.name)
    : [];
  if (!org?.autoCaptureEmail) return { capture: false, reason: "off", accounts: found };
  return found.length
    ? { capture: true, reason: "account", accounts: found }
    : { capture: false, reason: "no_account", accounts: [] };
}
