import { canonicalSalesforceId, normalizeAccountName } from "@sightline/shared";
import { type AnalysisContext, sideResolver } from "../../worker/src/analysis/analyzer.ts";
import {
  analyzeBuiltin,
  BUILTIN_ANALYZER_ID,
  BUILTIN_ANALYZER_VERSION,
} from "../../worker/src/analysis/builtin/builtin-analyzer.ts";
import { toInsightRows } from "../../worker/src/analysis/insight-rows.ts";
import { callCoachingStats } from "../../worker/src/coaching/call-stats.ts";
import { rebuildAllRollupsSql } from "../../worker/src/insights/rollups.ts";
import type { DemoConversation, DemoOrganization } from "./demo-data.ts";

/**
 * The demo organization as SQL for the local D1. Ids are derived from the data's keys and every
 * statement is an upsert (or a delete-then-insert of a conversation's children), so seeding twice
 * leaves the same rows. Conversation dates are relative to `now`, so the demo always looks recent.
 */
export const DEMO_ORG_ID = "org_demo";
const DAY_MS = 86_400_000;

const q = (value: string | number | boolean | null | undefined): string => {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${value.replace(/'/g, "''")}'`;
};

function upsert(table: string, row: Record<string, string | number | boolean | null>, conflict: string[]): string {
  const columns = Object.keys(row);
  const updates = columns.filter((c) => !conflict.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => q(row[c])).join(", ")}) ON CONFLICT (${conflict.join(", ")}) DO ${updates.length ? `UPDATE SET ${updates.join(", ")}` : "NOTHING"};`;
}

const slug = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, "_");

export function buildSeedSql(
  organization: DemoOrganization,
  conversations: DemoConversation[],
  options: { now: Date; tokenHash: string; tokenPrefix: string },
): string[] {
  const now = options.now.getTime();
  const org = DEMO_ORG_ID;
  const userId = (key: string) => `usr_demo_${slug(key)}`;
  const accountId = (key: string) => `acct_demo_${slug(key)}`;
  const out: string[] = [];

  out.push(
    upsert("organizations", { id: org, name: organization.name, registered_users_only: false, created_at: now }, [
      "id",
    ]),
  );
  for (const domain of organization.domains) {
    out.push(upsert("organization_domains", { organization_id: org, domain }, ["organization_id", "domain"]));
  }
  for (const user of organization.users) {
    out.push(
      upsert(
        "users",
        {
          id: userId(user.key),
          organization_id: org,
          email: user.email,
          name: user.name,
          role: user.role,
          profile_id: null,
          created_at: now,
        },
        ["id"],
      ),
    );
  }
  const demoUser = organization.users[0];
  if (!demoUser) throw new Error("demo organization needs a user");
  // The demo user's token: one row, replaced when the token changes (its hash is the only copy kept).
  out.push(
    upsert(
      "api_tokens",
      {
        id: "tok_demo",
        organization_id: org,
        user_id: userId(demoUser.key),
        token_hash: options.tokenHash,
        token_prefix: options.tokenPrefix,
        label: "demo (pnpm dev)",
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      },
      ["id"],
    ),
  );

  const emailToContact = new Map<string, string>();
  for (const account of organization.accounts) {
    const id = accountId(account.key);
    const salesforceId = account.salesforceId ? canonicalSalesforceId(account.salesforceId) : null;
    if (account.salesforceId && !salesforceId) throw new Error(`bad Salesforce id for ${account.key}`);
    out.push(
      upsert(
        "accounts",
        {
          id,
          organization_id: org,
          name: account.name,
          normalized_name: normalizeAccountName(account.name),
          salesforce_id: salesforceId,
          hubspot_id: account.hubspotId,
          crm_lead_source: account.leadSource,
          owner_user_id: account.ownerKey ? userId(account.ownerKey) : null,
          last_activity_at: null,
          created_at: now - 365 * DAY_MS,
          updated_at: now,
        },
        ["id"],
      ),
    );
    out.push(`DELETE FROM account_domains WHERE organization_id = ${q(org)} AND account_id = ${q(id)};`);
    for (const domain of account.domains) {
      out.push(
        upsert("account_domains", { organization_id: org, domain, account_id: id }, ["organization_id", "domain"]),
      );
    }
    for (const contact of account.contacts) {
      const contactId = `ctc_demo_${slug(contact.email)}`;
      emailToContact.set(contact.email, contactId);
      out.push(
        upsert(
          "contacts",
          {
            id: contactId,
            organization_id: org,
            account_id: id,
            name: contact.name,
            email: contact.email,
            phone: contact.phone,
            title: contact.title,
            side: "theirs",
            last_interaction_at: null,
            created_at: now - 300 * DAY_MS,
          },
          ["id"],
        ),
      );
    }
  }

  const userByEmail = new Map(organization.users.map((u) => [u.email, userId(u.key)]));
  for (const conversation of conversations) {
    const id = `conv_demo_${slug(conversation.key)}`;
    const day = Math.floor((now - conversation.daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
    const startedAt = day + conversation.startHourUtc * 3_600_000;
    const last = conversation.segments[conversation.segments.length - 1];
    out.push(
      upsert(
        "conversations",
        {
          id,
          organization_id: org,
          source: conversation.source,
          external_id: `demo:${conversation.key}`,
          title: conversation.title,
          started_at: startedAt,
          duration_seconds: Math.round((last?.endMs ?? 0) / 1000),
          host_user_id: userId(conversation.hostKey),
          host_email: organization.users.find((u) => u.key === conversation.hostKey)?.email ?? null,
          account_id: accountId(conversation.accountKey),
          routing: "auto",
          status: "analyzed",
          analyzer: `${BUILTIN_ANALYZER_ID}@${BUILTIN_ANALYZER_VERSION}`,
          transcript_key: null,
          transcript_hash: null,
          created_at: startedAt,
          updated_at: now,
        },
        ["id"],
      ),
    );
    out.push(`DELETE FROM participants WHERE organization_id = ${q(org)} AND conversation_id = ${q(id)};`);
    conversation.participants.forEach((p, i) => {
      out.push(
        upsert(
          "participants",
          {
            id: `${id}_p${i}`,
            organization_id: org,
            conversation_id: id,
            name: p.name,
            email: p.email,
            side: p.side,
            contact_id: emailToContact.get(p.email) ?? null,
            user_id: userByEmail.get(p.email) ?? null,
            joined_at: startedAt,
            left_at: startedAt + (last?.endMs ?? 0),
          },
          ["id"],
        ),
      );
    });
    out.push(`DELETE FROM transcript_segments WHERE organization_id = ${q(org)} AND conversation_id = ${q(id)};`);
    conversation.segments.forEach((s, seq) => {
      out.push(
        `INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (${q(org)}, ${q(id)}, ${seq}, ${q(s.speaker)}, ${s.startMs}, ${s.endMs}, ${q(s.text)});`,
      );
    });

    // The built-in analyzer (the product's default) runs here so the demo has insights from the start.
    const hostName = organization.users.find((u) => u.key === conversation.hostKey)?.name;
    const context: AnalysisContext = {
      participants: conversation.participants.map((p) => ({ name: p.name, side: p.side })),
      accountName: organization.accounts.find((a) => a.key === conversation.accountKey)?.name,
      repName: hostName,
    };
    const insights = analyzeBuiltin({ segments: conversation.segments }, context);
    out.push(`DELETE FROM insights WHERE organization_id = ${q(org)} AND conversation_id = ${q(id)};`);
    // The call's coaching figures, as the analysis job writes them with the insights.
    const stats = callCoachingStats(insights, conversation.segments, sideResolver(context));
    out.push(
      upsert(
        "conversation_coaching_stats",
        {
          organization_id: org,
          conversation_id: id,
          analyzer: `${BUILTIN_ANALYZER_ID}@${BUILTIN_ANALYZER_VERSION}`,
          duration_ms: stats.durationMs,
          our_talk_ms: stats.ourTalkMs,
          their_talk_ms: stats.theirTalkMs,
          unknown_talk_ms: stats.unknownTalkMs,
          longest_monologue_ms: stats.longestMonologueMs,
          longest_monologue_start_ms: stats.longestMonologueStartMs,
          longest_monologue_speaker: stats.longestMonologueSpeaker,
          questions_asked: stats.questionsAsked,
          customer_questions: stats.customerQuestions,
          unanswered_questions: stats.unansweredQuestions,
          next_steps: stats.nextSteps,
          next_steps_with_date: stats.nextStepsWithDate,
          created_at: now,
        },
        ["organization_id", "conversation_id"],
      ),
    );
    toInsightRows(insights).forEach((row, n) => {
      const segmentId = `(SELECT id FROM transcript_segments WHERE organization_id = ${q(org)} AND conversation_id = ${q(id)} AND seq = ${row.segmentSeq})`;
      out.push(
        `INSERT INTO insights (id, organization_id, conversation_id, account_id, kind, text, quote, segment_id, start_ms, confidence, data, analyzer, occurred_at, created_at) VALUES (${q(`${id}_i${n}`)}, ${q(org)}, ${q(id)}, ${q(accountId(conversation.accountKey))}, ${q(row.kind)}, ${q(row.text)}, ${q(row.quote)}, ${segmentId}, ${row.startMs}, ${row.confidence ?? "NULL"}, ${q(row.data ? JSON.stringify(row.data) : null)}, ${q(`${BUILTIN_ANALYZER_ID}@${BUILTIN_ANALYZER_VERSION}`)}, ${startedAt + row.startMs}, ${now});`,
      );
    });
  }

  // Derived columns, recomputed from what was just written.
  out.push(
    `UPDATE accounts SET last_activity_at = (SELECT max(started_at) FROM conversations c WHERE c.organization_id = accounts.organization_id AND c.account_id = accounts.id) WHERE organization_id = ${q(org)};`,
  );
  out.push(
    `UPDATE contacts SET last_interaction_at = (SELECT max(c.started_at) FROM participants p JOIN conversations c ON c.id = p.conversation_id AND c.organization_id = p.organization_id WHERE p.organization_id = contacts.organization_id AND p.contact_id = contacts.id) WHERE organization_id = ${q(org)};`,
  );
  // The account overview's daily rollups, rebuilt from the insight rows as migration 0003's backfill does.
  out.push(...rebuildAllRollupsSql(org));
  return out;
}
