import { and, eq, inArray, or } from "drizzle-orm";
import { accounts } from "../../../db/schema/index.ts";
import type { Db } from "../../../platform/services.ts";
import { loadRoutingEvidence } from "../../../routing/load-routing-evidence.ts";
import { participantSide } from "../../../routing/participant-side.ts";
import { type RoutingDecision, scoreRouting } from "../../../routing/score-routing.ts";
import type { NormalizedGongCall } from "../normalize/normalize-gong-call.ts";

export interface RoutedGongCall {
  decision: RoutingDecision;
  /** Per party, in order: Gong's affiliation, or (Unknown) what the address says. */
  sides: Array<"ours" | "theirs" | "unknown">;
}

/** Accounts of the organization whose Salesforce or HubSpot id is in Gong's CRM context. */
async function accountsByCrm(db: Db, organizationId: string, crm: NormalizedGongCall["crm"]): Promise<string[]> {
  const salesforce = crm.salesforceAccountIds.slice(0, 40);
  const hubspot = crm.hubspotCompanyIds.slice(0, 40);
  if (salesforce.length === 0 && hubspot.length === 0) return [];
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(
      and(
        eq(accounts.organizationId, organizationId),
        or(
          salesforce.length ? inArray(accounts.salesforceId, salesforce) : undefined,
          hubspot.length ? inArray(accounts.hubspotId, hubspot) : undefined,
        ),
      ),
    );
  return [...new Set(rows.map((r) => r.id))].sort();
}

/**
 * The call's account: parties' e-mails first, then names (routing/score-routing.ts), then Gong's CRM
 * context, where a Salesforce or HubSpot account id matching exactly one account's CRM id decides.
 * When e-mails or names point at several accounts, a CRM id naming one of them settles the tie.
 */
export async function routeGongCall(db: Db, organizationId: string, call: NormalizedGongCall): Promise<RoutedGongCall> {
  const emails = [...new Set(call.people.flatMap((p) => (p.email ? [p.email] : [])))];
  const names = [...new Set(call.people.map((p) => p.name))];
  const evidence = await loadRoutingEvidence(db, organizationId, emails, names);
  let decision = scoreRouting(evidence);
  if (decision.routing === "unassigned") {
    const byCrm = await accountsByCrm(db, organizationId, call.crm);
    const pool = decision.candidates.length
      ? byCrm.filter((id) => decision.routing === "unassigned" && decision.candidates.includes(id))
      : byCrm;
    const [only] = pool;
    if (pool.length === 1 && only) decision = { routing: "auto", accountId: only, matchedBy: "crm" };
  }
  const sides = call.people.map((p) =>
    p.affiliation !== "unknown" ? p.affiliation : participantSide(p.email, evidence).side,
  );
  return { decision, sides };
}
