import { canonicalSalesforceId, type TranscriptSegment } from "@sightline/shared";
import type { GongCallMeta, GongContext, GongExtensiveCall, GongMonologue, GongParty } from "../gong-schemas.ts";

/** A Gong call in Sightline's terms: the conversation's facts, who took part, the Transcript segments, CRM ids. */
export interface NormalizedGongCall {
  callId: string;
  title: string;
  startedAt: Date | null;
  durationSeconds: number | null;
  /** The primary user's (the call's owner in Gong) address, lower-cased, when a party says it. */
  hostEmail: string | null;
  people: NormalizedParty[];
  crm: { salesforceAccountIds: string[]; hubspotCompanyIds: string[] };
}

export interface NormalizedParty {
  name: string;
  /** Lower-cased. */
  email: string | null;
  title: string | null;
  /** From Gong's affiliation: Internal is ours, External theirs; Unknown is left to routing's evidence. */
  affiliation: "ours" | "theirs" | "unknown";
  speakerId: string | null;
}

const lower = (v: string | null | undefined) => v?.trim().toLowerCase() || null;

function affiliationSide(affiliation: string | null | undefined): NormalizedParty["affiliation"] {
  if (affiliation === "Internal") return "ours";
  if (affiliation === "External") return "theirs";
  return "unknown";
}

function partyName(p: GongParty): string {
  return p.name?.trim() || p.emailAddress?.trim() || "Unknown";
}

/** CRM account ids in Gong's context: Salesforce Account objects (18-character form), HubSpot Account/Company objects. */
export function crmAccountIds(context: readonly GongContext[] | null | undefined): NormalizedGongCall["crm"] {
  const salesforce = new Set<string>();
  const hubspot = new Set<string>();
  for (const system of context ?? []) {
    const name = system.system?.toLowerCase();
    for (const object of system.objects ?? []) {
      const type = object.objectType?.toLowerCase();
      const id = object.objectId?.trim();
      if (!id) continue;
      if (name === "salesforce" && type === "account") {
        const canonical = canonicalSalesforceId(id);
        if (canonical) salesforce.add(canonical);
      } else if (name === "hubspot" && (type === "account" || type === "company")) hubspot.add(id);
    }
  }
  return { salesforceAccountIds: [...salesforce], hubspotCompanyIds: [...hubspot] };
}

/** The call's facts and parties; a call without parties (Gong sends such) has none, and that is fine. */
export function normalizeGongCall(call: GongExtensiveCall | { metaData: GongCallMeta }): NormalizedGongCall {
  const meta = call.metaData;
  const parties = "parties" in call ? (call.parties ?? []) : [];
  const context = "context" in call ? call.context : undefined;
  const started = Date.parse(meta.started ?? meta.scheduled ?? "");
  const host = meta.primaryUserId ? parties.find((p) => p.userId && p.userId === meta.primaryUserId) : undefined;
  return {
    callId: meta.id,
    title: meta.title?.trim() || "Gong call",
    startedAt: Number.isNaN(started) ? null : new Date(started),
    durationSeconds: typeof meta.duration === "number" ? Math.round(meta.duration) : null,
    hostEmail: lower(host?.emailAddress),
    people: parties.map((p) => ({
      name: partyName(p),
      email: lower(p.emailAddress),
      title: p.title?.trim() || null,
      affiliation: affiliationSide(p.affiliation),
      speakerId: p.speakerId ?? null,
    })),
    crm: crmAccountIds(context),
  };
}

/**
 * Gong's monologues as Transcript segments, one per sentence (start/end are ms from the call's start),
 * in time order. The speaker is the party whose speakerId spoke; a speaker no party names (a call
 * without parties) becomes "Speaker 1", "Speaker 2"... in order of first appearance.
 */
export function gongTranscriptSegments(
  monologues: readonly GongMonologue[],
  people: readonly NormalizedParty[],
): { segments: TranscriptSegment[]; speakers: string[] } {
  const bySpeakerId = new Map(people.flatMap((p) => (p.speakerId ? [[p.speakerId, p.name] as const] : [])));
  const anonymous = new Map<string, string>();
  const nameOf = (speakerId: string | null | undefined): string | null => {
    if (!speakerId) return null;
    const known = bySpeakerId.get(speakerId);
    if (known) return known;
    let name = anonymous.get(speakerId);
    if (!name) {
      name = `Speaker ${anonymous.size + 1}`;
      anonymous.set(speakerId, name);
    }
    return name;
  };
  const segments: TranscriptSegment[] = [];
  for (const monologue of monologues) {
    const speaker = nameOf(monologue.speakerId);
    for (const s of monologue.sentences) {
      const text = s.text.trim();
      if (!text) continue;
      const startMs = Math.max(0, Math.round(s.start));
      segments.push({ speaker, startMs, endMs: Math.max(startMs, Math.round(s.end)), text });
    }
  }
  segments.sort((a, b) => a.startMs - b.startMs);
  const speakers: string[] = [];
  for (const s of segments) if (s.speaker && !speakers.includes(s.speaker)) speakers.push(s.speaker);
  return { segments, speakers };
}
