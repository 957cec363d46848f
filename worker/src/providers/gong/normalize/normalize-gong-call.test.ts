import { describe, expect, it } from "vitest";
import { crmAccountIds, gongTranscriptSegments, normalizeGongCall } from "./normalize-gong-call.ts";

describe("normalizeGongCall", () => {
  it("takes sides from affiliation, the host from the primary user, and CRM account ids", () => {
    const call = normalizeGongCall({
      metaData: { id: "42", title: " Renewal ", started: "2026-11-01T10:00:00Z", duration: 61.4, primaryUserId: "u1" },
      parties: [
        { id: "a", name: "Ada", emailAddress: "Ada@Acme.com", affiliation: "Internal", userId: "u1", speakerId: "s1" },
        { id: "b", name: null, emailAddress: "bo@globex.com", affiliation: "External", speakerId: "s2" },
        { id: "c", name: "Caller", affiliation: "Unknown" },
      ],
      context: [
        {
          system: "Salesforce",
          objects: [
            { objectType: "Account", objectId: "001D000000IqhSL" },
            { objectType: "Opportunity", objectId: "006x" },
          ],
        },
        { system: "HubSpot", objects: [{ objectType: "Company", objectId: "987" }] },
      ],
    });
    expect(call).toMatchObject({
      callId: "42",
      title: "Renewal",
      durationSeconds: 61,
      hostEmail: "ada@acme.com",
      crm: { salesforceAccountIds: ["001D000000IqhSLIAZ"], hubspotCompanyIds: ["987"] },
    });
    expect(call.people.map((p) => [p.name, p.email, p.affiliation])).toEqual([
      ["Ada", "ada@acme.com", "ours"],
      ["bo@globex.com", "bo@globex.com", "theirs"],
      ["Caller", null, "unknown"],
    ]);
    expect(crmAccountIds(undefined)).toEqual({ salesforceAccountIds: [], hubspotCompanyIds: [] });
  });

  it("reads a call without parties, and names unknown speakers in order", () => {
    const call = normalizeGongCall({ metaData: { id: "7" } });
    expect(call).toMatchObject({ title: "Gong call", startedAt: null, people: [] });
    const { segments, speakers } = gongTranscriptSegments(
      [
        { speakerId: "x", topic: null, sentences: [{ start: 5000, end: 6000, text: "Second." }] },
        {
          speakerId: "y",
          topic: null,
          sentences: [
            { start: 0, end: 1000, text: " First. " },
            { start: 1200, end: 1300, text: " " },
          ],
        },
      ],
      [],
    );
    expect(segments).toEqual([
      { speaker: "Speaker 2", startMs: 0, endMs: 1000, text: "First." },
      { speaker: "Speaker 1", startMs: 5000, endMs: 6000, text: "Second." },
    ]);
    expect(speakers).toEqual(["Speaker 2", "Speaker 1"]);
  });
});
