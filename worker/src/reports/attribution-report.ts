import type { AttributionQuery, AttributionReport, AttributionRow, LeadSource } from "@sightline/shared";
import { sql } from "drizzle-orm";
import type { Db } from "../platform/services.ts";

interface AccountFigures {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  crm_lead_source: string | null;
  conversations: number;
  wins: number;
  issues: number;
  /** 0..1 (the closing-probability row's confidence), null when none in the window. */
  closing: number | null;
  /** The latest sentiment reading's closing label, null when no analyzed conversation in the window. */
  ending: string | null;
}

/**
 * Per account of the organization: its lead source (its own; else that of its earliest contact
 * with one: the lead the account came from), and its figures in the window, each a LIMITed or
 * counted lookup on the (organization, account, kind, time) insight index or the conversations'
 * (organization, account, start) index. How the latest call ended: the last reading of the latest
 * sentiment row's curve over the call (the overall label for rows without one).
 */
function accountFigures(db: Db, organizationId: string, from: number, to: number) {
  const inWindow = (column: string) => sql.raw(`${column} >= ${from} AND ${column} <= ${to}`);
  const countOf = (kind: string) => sql`(SELECT count(*) FROM insights i WHERE i.organization_id = a.organization_id
      AND i.account_id = a.id AND i.kind = ${kind} AND ${inWindow("i.occurred_at")})`;
  return db.all<AccountFigures>(sql`
    WITH first_contact AS (
      SELECT k.account_id, k.utm_source, k.utm_medium, k.utm_campaign, k.crm_lead_source,
        row_number() OVER (PARTITION BY k.account_id ORDER BY k.created_at, k.id) AS n
      FROM contacts k
      WHERE k.organization_id = ${organizationId} AND k.account_id IS NOT NULL
        AND coalesce(k.utm_source, k.utm_medium, k.utm_campaign, k.crm_lead_source) IS NOT NULL
    )
    SELECT
      CASE WHEN own THEN a.utm_source ELSE f.utm_source END AS utm_source,
      CASE WHEN own THEN a.utm_medium ELSE f.utm_medium END AS utm_medium,
      CASE WHEN own THEN a.utm_campaign ELSE f.utm_campaign END AS utm_campaign,
      CASE WHEN own THEN a.crm_lead_source ELSE f.crm_lead_source END AS crm_lead_source,
      (SELECT count(*) FROM conversations c WHERE c.organization_id = a.organization_id AND c.account_id = a.id
        AND ${inWindow("c.started_at")}) AS conversations,
      ${countOf("win")} AS wins,
      ${countOf("issue")} AS issues,
      (SELECT i.confidence FROM insights i WHERE i.organization_id = a.organization_id AND i.account_id = a.id
        AND i.kind = 'closing_probability' AND ${inWindow("i.occurred_at")}
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) AS closing,
      (SELECT coalesce(json_extract(i.data, '$.overTime[#-1].label'), i.text) FROM insights i
        WHERE i.organization_id = a.organization_id AND i.account_id = a.id
        AND i.kind = 'sentiment' AND ${inWindow("i.occurred_at")}
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1) AS ending
    FROM (SELECT *, coalesce(utm_source, utm_medium, utm_campaign, crm_lead_source) IS NOT NULL AS own
      FROM accounts WHERE organization_id = ${organizationId}) a
    LEFT JOIN first_contact f ON f.account_id = a.id AND f.n = 1`);
}

/** The part of a lead source a grouping keeps. */
function grouped(row: AccountFigures, by: AttributionQuery["by"]): LeadSource {
  const keep = (part: AttributionQuery["by"]) => by === "lead_source" || by === part;
  return {
    utmSource: keep("utm_source") ? row.utm_source : null,
    utmMedium: keep("utm_medium") ? row.utm_medium : null,
    utmCampaign: keep("utm_campaign") ? row.utm_campaign : null,
    crmLeadSource: keep("crm") ? row.crm_lead_source : null,
  };
}

export function leadSourceLabel(source: LeadSource): string {
  const utm = [source.utmSource, source.utmMedium, source.utmCampaign];
  const parts: string[] = [];
  if (utm.some((p) => p !== null)) parts.push(`utm: ${utm.map((p) => p ?? "-").join(" / ")}`);
  if (source.crmLeadSource !== null) parts.push(`crm: ${source.crmLeadSource}`);
  return parts.length ? parts.join(", ") : "(none)";
}

/**
 * `GET /reports/attribution`: per lead source, its accounts, their conversations, wins and issues in
 * the window, the mean of their latest closing probabilities, and the share of them (with an
 * analyzed conversation) whose latest one ended positive. Most accounts first; "(none)" last.
 */
export async function buildAttributionReport(
  db: Db,
  organizationId: string,
  range: { from: Date | null; to: Date },
  by: AttributionQuery["by"],
): Promise<AttributionReport> {
  const rows = await accountFigures(db, organizationId, range.from?.getTime() ?? 0, range.to.getTime());
  const groups = new Map<string, { source: LeadSource; rows: AccountFigures[] }>();
  for (const row of rows) {
    const source = grouped(row, by);
    const key = JSON.stringify(source);
    const group = groups.get(key) ?? { source, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  const out: AttributionRow[] = [...groups.values()].map(({ source, rows: members }) => {
    const scored = members.flatMap((m) => (m.closing === null ? [] : [Number(m.closing) * 100]));
    const ended = members.filter((m) => m.ending !== null);
    const sum = (pick: (m: AccountFigures) => number) => members.reduce((n, m) => n + Number(pick(m)), 0);
    return {
      leadSource: source,
      label: leadSourceLabel(source),
      accounts: members.length,
      conversations: sum((m) => m.conversations),
      averageClosingProbability: scored.length
        ? Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 10) / 10
        : null,
      wins: sum((m) => m.wins),
      issues: sum((m) => m.issues),
      positiveLatestShare: ended.length
        ? Math.round((ended.filter((m) => m.ending === "positive").length / ended.length) * 1000) / 1000
        : null,
      accountsWithLatestCall: ended.length,
    };
  });
  out.sort(
    (a, b) =>
      Number(a.label === "(none)") - Number(b.label === "(none)") ||
      b.accounts - a.accounts ||
      a.label.localeCompare(b.label),
  );
  return {
    period: { from: range.from?.toISOString() ?? null, to: range.to.toISOString() },
    by,
    rows: out,
  };
}
