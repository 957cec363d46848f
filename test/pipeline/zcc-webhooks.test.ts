import type { AccountOverview, Connection } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import type { FakeZccEngagement } from "../fakes/fake-zoom-contact-center.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";
import { deliverZoomEvent } from "../support/zoom-webhook.ts";

/**
 * Zoom Contact Center against a fake Contact Center API on 127.0.0.1 (the fake Zoom's
 * /v2/contact_center/*): an admin connects with a Server-to-Server app that has contact_center
 * scopes; all eight event types arrive signed on POST /webhooks/zoom, redelivered and out of order;
 * every engagement becomes one conversation with its transcript, notes and dispositions; a
 * transcript not ready on the first read is picked up on retry; a consumer's phone number in
 * another format routes to the contact's account; disconnecting keeps the history.
 */
const SECRET = "pipeline-zcc-secret";
const CC_APP = {
  clientId: "zcc-client",
  clientSecret: "zcc-secret-value",
  accountId: "zcc-acc-1",
  scope: "contact_center:read:admin contact_center_engagement:read:admin",
};
const MEETINGS_ONLY_APP = { clientId: "meet-client", clientSecret: "meet-secret", accountId: "zcc-acc-2" };
let zoom: FakeZoom;
let worker: LocalWorker;
let token: string;
let globexId: string;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const deliver = (event: unknown) => deliverZoomEvent(worker.baseUrl, SECRET, event);
let ts = Date.now();
const ccEvent = (event: string, object: Record<string, unknown>) => ({
  event: `contact_center.${event}`,
  event_ts: ts++,
  payload: { account_id: CC_APP.accountId, object },
});

const agent = { user_id: "agent-1", display_name: "Alex Agent", user_email: "alex@acmesupport.test" };
const VOICE_VTT = `WEBVTT

1
00:00:01.000 --> 00:00:06.000
Alex Agent: Thanks for calling Acme support, this is Alex. How can I help you today?

2
00:00:07.000 --> 00:00:15.000
Dana Customer: The dashboard export has been failing since the upgrade and our finance team is blocked.

3
00:00:16.000 --> 00:00:24.000
Alex Agent: I am sorry about that. I will open a ticket and send you a fix by Friday.

4
00:00:25.000 --> 00:00:30.000
Dana Customer: Great, that works for us. Thank you for the quick help.
`;

function engagement(id: string, overrides: Partial<FakeZccEngagement>): FakeZccEngagement {
  return {
    engagement_id: id,
    start_time: minutesAgo(90),
    end_time: minutesAgo(80),
    duration: 600,
    direction: "inbound",
    channels: [{ channel: "voice", channel_source: "in_app_voice" }],
    consumers: [],
    agents: [agent],
    queues: [{ queue_id: "q1", queue_name: "Support" }],
    dispositions: [],
    notes: [],
    ...overrides,
  };
}

type Row = Record<string, string | number | null>;
const sql = <T = Row>(command: string) => queryLocalD1<T>(worker, command);

beforeAll(async () => {
  zoom = await startFakeZoom([CC_APP, MEETINGS_ONLY_APP]);
  worker = await startLocalWorker({
    vars: {
      ZOOM_OAUTH_BASE: zoom.url,
      ZOOM_API_BASE: `${zoom.url}/v2`,
      ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
      INGEST_RETRY_BASE_SECONDS: "1",
    },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Acme Support",
    domains: ["acmesupport.test"],
    admin: { email: "alex@acmesupport.test", name: "Alex Agent" },
  });
  token = org.apiToken.token;
  const globex = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Globex", domains: ["globex.test"] },
    expectStatus: 201,
  });
  globexId = globex.id;
  await apiFetch(worker.baseUrl, token, "/api/v1/contacts", {
    body: { accountId: globexId, name: "Dana Customer", phone: "(415) 555-0132", side: "theirs" },
    expectStatus: 201,
  });
  // Another account the consumer's number must not route to.
  await apiFetch(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Initech", domains: ["initech.test"] },
    expectStatus: 201,
  });
});
afterAll(async () => {
  await worker?.stop();
  await zoom?.close();
});

describe("Zoom Contact Center webhooks", () => {
  it("connects only an app with contact_center scopes, and stores the credentials encrypted", async () => {
    const path = "/api/v1/connections/zoom-contact-center/account";
    const noScope = await fetch(`${worker.baseUrl}${path}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(MEETINGS_ONLY_APP),
    });
    expect(noScope.status).toBe(400);
    expect(((await noScope.json()) as { error: { message: string } }).error.message).toContain("Contact Center scopes");

    // Before connecting, Contact Center events are archived, not processed.
    const early = await deliver(ccEvent("engagement_ended", { engagement_id: "before-connect" }));
    expect(early.json.status).toBe("ignored");

    const connected = await apiFetch<Connection>(worker.baseUrl, token, path, {
      method: "PUT",
      body: { accountId: CC_APP.accountId, clientId: CC_APP.clientId, clientSecret: CC_APP.clientSecret },
    });
    expect(connected).toMatchObject({
      provider: "zoom_contact_center",
      status: "active",
      externalAccountId: CC_APP.accountId,
    });
    const [stored] = await sql<{ c: string }>(
      "SELECT credentials_ciphertext AS c FROM connections WHERE provider = 'zoom_contact_center'",
    );
    expect(stored?.c).toBeTruthy();
    expect(stored?.c).not.toContain(CC_APP.clientSecret);
    expect(String(stored?.c)).not.toContain(zoom.issuedTokens.at(-1) ?? "none");
  });

  it("refuses a malformed event with the reason, after archiving it", async () => {
    const bad = await deliver(ccEvent("engagement_note_added", { note_id: "n-x", note: "no engagement" }));
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toContain("payload.object.engagement_id");
    const [row] = await sql<{ status: string; reason: string }>(
      "SELECT status, reason FROM webhook_events WHERE event_type = 'contact_center.engagement_note_added' AND reason LIKE 'malformed%'",
    );
    expect(row?.status).toBe("ignored");
  });

  it("stores every event type once, in any order, redelivered: one conversation per engagement", async () => {
    const cc = zoom.contactCenter;
    // E-voice: notes and dispositions first, the transcript last and not ready on the first read.
    const voiceTranscript = cc.addFile("t-voice", { content: VOICE_VTT, contentType: "text/vtt", notReadyTimes: 1 });
    cc.addEngagement(
      engagement("eng-voice", {
        consumers: [{ consumer_id: "c1", consumer_display_name: "Dana Customer", consumer_number: "14155550132" }],
      }),
    );
    const note = (id: string, text: string) =>
      ccEvent("engagement_note_added", { engagement_id: "eng-voice", note_id: id, note: text, user_id: "agent-1" });
    const n1 = note("n1", "Customer blocked on exports");
    const voiceEvents = [
      n1,
      ccEvent("engagement_disposition_added", {
        engagement_id: "eng-voice",
        disposition_id: "d-escalated",
        disposition_name: "Escalated",
        user_id: "agent-1",
        user_display_name: "Alex Agent",
        queue_name: "Support",
      }),
      note("n2", "Promised a fix by Friday"),
      n1, // a redelivery: the same body
      note("n1", "Customer blocked on exports"), // Zoom firing the same note again (another event_ts)
      note("n3", "Follow up Monday"),
      // A transfer: the second agent saves a disposition of their own.
      ccEvent("engagement_disposition_added", {
        engagement_id: "eng-voice",
        disposition_id: "d-resolved",
        disposition_name: "Resolved",
        user_id: "agent-2",
        user_display_name: "Billie Backline",
        queue_name: "Tier 2",
      }),
      ccEvent("engagement_ended", { engagement_id: "eng-voice" }),
      ccEvent("recording_completed", { engagement_id: "eng-voice", recording_id: "rec-voice" }),
    ];
    const statuses: string[] = [];
    for (const event of voiceEvents) statuses.push(String((await deliver(event)).json.status));
    expect(statuses).toEqual([
      "queued",
      "queued",
      "queued",
      "duplicate",
      "queued",
      "queued",
      "queued",
      "queued",
      "queued",
    ]);
    // The transcript event names a URL, but the engagement read back through REST is what counts.
    cc.updateEngagement("eng-voice", {
      transcript_url: voiceTranscript,
      notes: [
        { note_id: "n1", user_id: "agent-1", note: "Customer blocked on exports", last_modified_time: minutesAgo(70) },
      ],
      dispositions: [{ disposition_id: "d-escalated", disposition_name: "Escalated" }],
    });
    const transcriptEvent = ccEvent("recording_transcript_completed", {
      engagement_id: "eng-voice",
      recording_id: "rec-voice",
    });
    expect((await deliver(transcriptEvent)).json.status).toBe("queued");
    expect((await deliver(transcriptEvent)).json.status).toBe("duplicate");

    // E-chat: the messaging transcript (JSON) before the engagement's end; consumer known by e-mail.
    const chat = cc.addFile("t-chat", {
      contentType: "application/json",
      content: JSON.stringify({
        transcripts: [
          {
            sender_type: "consumer",
            sender_name: "Pat Buyer",
            content: "Hi, we want to add 20 seats to our plan.",
            timestamp: minutesAgo(59),
          },
          {
            sender_type: "agent",
            sender_name: "Alex Agent",
            content: "Happy to help, I will send a quote today.",
            timestamp: minutesAgo(58),
          },
        ],
      }),
    });
    cc.addEngagement(
      engagement("eng-chat", {
        start_time: minutesAgo(60),
        channels: [{ channel: "messaging", channel_source: "web_chat" }],
        consumers: [{ consumer_display_name: "Pat Buyer", consumer_email: "pat@globex.test" }],
        transcript_url: chat,
      }),
    );
    for (const event of [
      ccEvent("engagement_messaging_transcript_completed", { engagement_id: "eng-chat" }),
      ccEvent("engagement_ended", { engagement_id: "eng-chat" }),
    ]) {
      expect((await deliver(event)).json.status).toBe("queued");
      expect((await deliver(event)).json.status).toBe("duplicate");
    }

    // E-mail engagement.
    const mail = cc.addFile("t-mail", {
      contentType: "application/json",
      content: JSON.stringify({
        messages: [
          {
            role: "consumer",
            display_name: "Pat Buyer",
            body: "Could you resend the invoice for November?",
            send_time: minutesAgo(50),
          },
          {
            role: "agent",
            display_name: "Alex Agent",
            body: "Of course, I have resent the invoice just now.",
            send_time: minutesAgo(45),
          },
        ],
      }),
    });
    cc.addEngagement(
      engagement("eng-mail", {
        start_time: minutesAgo(50),
        channels: [{ channel: "email" }],
        consumers: [{ consumer_display_name: "Pat Buyer", consumer_email: "pat@globex.test" }],
        transcript_url: mail,
      }),
    );
    expect(
      (await deliver(ccEvent("engagement_email_transcript_completed", { engagement_id: "eng-mail" }))).json.status,
    ).toBe("queued");

    // Voicemail: a note first makes it a voice conversation; the voicemail transcript keeps it one.
    const voicemail = cc.addFile("t-vm", {
      contentType: "application/json",
      content: JSON.stringify([
        {
          role: "consumer",
          text: "Hi, this is Dana from Globex, please call me back about the renewal.",
          start_time: "00:00:01",
        },
      ]),
    });
    cc.addEngagement(
      engagement("eng-vm", {
        start_time: minutesAgo(40),
        consumers: [{ consumer_number: "+1 415 555 0132" }],
        callback_voice_messages: [{ callback_voice_message_transcript_url: voicemail }],
      }),
    );
    expect(
      (
        await deliver(
          ccEvent("engagement_note_added", { engagement_id: "eng-vm", note_id: "vm-n1", note: "Call back" }),
        )
      ).json.status,
    ).toBe("queued");
    await waitFor(
      "the voicemail's note",
      () => sql("SELECT note_id FROM zcc_notes WHERE engagement_id = 'eng-vm'"),
      (rows) => rows.length === 1,
    );
    expect((await deliver(ccEvent("voicemail_transcript_completed", { engagement_id: "eng-vm" }))).json.status).toBe(
      "queued",
    );

    // Video.
    const video = cc.addFile("t-video", { content: VOICE_VTT, contentType: "text/vtt" });
    cc.addEngagement(
      engagement("eng-video", {
        start_time: minutesAgo(30),
        channels: [{ channel: "video" }],
        consumers: [{ consumer_display_name: "Dana Customer", consumer_number: "415-555-0132" }],
        transcript_url: video,
      }),
    );
    expect((await deliver(ccEvent("recording_transcript_completed", { engagement_id: "eng-video" }))).json.status).toBe(
      "queued",
    );

    const conversations = await waitFor(
      "five analyzed engagements",
      () =>
        sql<{ external_id: string; source: string; status: string; account_id: string | null; title: string }>(
          "SELECT external_id, source, status, account_id, title FROM conversations WHERE source LIKE 'zcc_%' ORDER BY external_id",
        ),
      (rows) => rows.length === 5 && rows.every((r) => r.status === "analyzed"),
      60_000,
    );
    expect(conversations.map((c) => [c.external_id, c.source])).toEqual([
      ["eng-chat", "zcc_messaging"],
      ["eng-mail", "zcc_email"],
      ["eng-video", "zcc_video"],
      ["eng-vm", "zcc_voicemail"],
      ["eng-voice", "zcc_voice"],
    ]);
    // Phone numbers in other formats and the consumer's e-mail domain all route to Globex.
    expect(conversations.map((c) => c.account_id)).toEqual([globexId, globexId, globexId, globexId, globexId]);
    expect(conversations.find((c) => c.external_id === "eng-voice")?.title).toBe("Call with Dana Customer");

    // Three notes stay three (a redelivered one and a re-fired one stay one); both dispositions kept.
    const notes = await sql<{ note_id: string }>(
      "SELECT note_id FROM zcc_notes WHERE engagement_id = 'eng-voice' ORDER BY note_id",
    );
    expect(notes.map((n) => n.note_id)).toEqual(["n1", "n2", "n3"]);
    const dispositions = await sql<{ disposition_name: string; agent_key: string }>(
      "SELECT disposition_name, agent_key FROM zcc_dispositions WHERE engagement_id = 'eng-voice' ORDER BY disposition_name",
    );
    expect(dispositions).toEqual([
      { disposition_name: "Escalated", agent_key: "agent-1" },
      { disposition_name: "Resolved", agent_key: "agent-2" },
    ]);

    // The voice transcript was not ready on the first read and was picked up on retry.
    const voiceReads = cc.fileRequests.filter((r) => r.fileId === "t-voice").map((r) => r.status);
    expect(voiceReads[0]).toBe(404);
    expect(voiceReads).toContain(200);

    // Agent ours, consumer theirs; the segments carry the speakers.
    const people = await sql<{ name: string; side: string }>(
      "SELECT p.name, p.side FROM participants p JOIN conversations c ON c.id = p.conversation_id WHERE c.external_id = 'eng-chat' ORDER BY p.side",
    );
    expect(people).toEqual([
      { name: "Alex Agent", side: "ours" },
      { name: "Pat Buyer", side: "theirs" },
    ]);
    const segments = await sql<{ speaker: string; text: string }>(
      "SELECT s.speaker, s.text FROM transcript_segments s JOIN conversations c ON c.id = s.conversation_id WHERE c.external_id = 'eng-voice' ORDER BY s.seq",
    );
    expect(segments[1]).toMatchObject({ speaker: "Dana Customer" });
    const insights = await sql<{ n: number }>(
      "SELECT count(*) AS n FROM insights i JOIN conversations c ON c.id = i.conversation_id WHERE c.external_id = 'eng-voice'",
    );
    expect(Number(insights[0]?.n)).toBeGreaterThan(0);
    // The consumer known only by number became no new contact (Dana exists); Pat became Globex's contact.
    const contacts = await sql<{ name: string; email: string | null; phone: string | null }>(
      "SELECT name, email, phone FROM contacts WHERE account_id = (SELECT id FROM accounts WHERE name = 'Globex') ORDER BY name",
    );
    expect(contacts.map((c) => c.name)).toEqual(["Dana Customer", "Pat Buyer"]);

    // The overview counts the account's dispositions in the period; Contact Center sources carry
    // their channel, dispositions and notes.
    const overview = await apiFetch<AccountOverview>(
      worker.baseUrl,
      token,
      `/api/v1/accounts/${globexId}/overview?period=30d`,
    );
    expect(overview.dispositions).toEqual([
      { name: "Escalated", count: 1 },
      { name: "Resolved", count: 1 },
    ]);
    const sources = [
      ...overview.topics.flatMap((t) => t.sources),
      ...[...overview.wins.items, ...overview.issues.items, ...overview.nextSteps, ...overview.objections].map(
        (i) => i.source,
      ),
    ];
    const voiceSource = sources.find((x) => x.conversationTitle === "Call with Dana Customer");
    expect(voiceSource?.channel).toBe("Contact Center call");
    expect([...(voiceSource?.dispositions ?? [])].sort()).toEqual(["Escalated", "Resolved"]);
    expect(voiceSource?.notes).toHaveLength(3);

    const events = await sql<{ status: string; n: number }>(
      "SELECT status, count(*) AS n FROM webhook_events WHERE provider = 'zoom_contact_center' AND organization_id IS NOT NULL GROUP BY status",
    );
    expect(events.filter((e) => e.status !== "processed" && e.status !== "ignored")).toEqual([]);
  }, 150_000);

  it("after a disconnect, keeps the history and processes nothing more", async () => {
    const list = await apiFetch<{ connections: Connection[] }>(worker.baseUrl, token, "/api/v1/connections");
    const zcc = list.connections.find((c) => c.provider === "zoom_contact_center");
    const revokedBefore = zoom.revokedTokens.length;
    const disconnected = await apiFetch<Connection>(worker.baseUrl, token, `/api/v1/connections/${zcc?.id}`, {
      method: "DELETE",
    });
    expect(disconnected.status).toBe("disconnected");
    expect(zoom.revokedTokens.length).toBe(revokedBefore + 1);
    expect((await deliver(ccEvent("engagement_ended", { engagement_id: "eng-after" }))).json.status).toBe("ignored");
    const kept = await sql("SELECT id FROM conversations WHERE source LIKE 'zcc_%'");
    expect(kept).toHaveLength(5);
  });

  it("takes Flow event scripts' posts with the organization's ingest key (created once, rotated)", async () => {
    const flowUrl = `${worker.baseUrl}/webhooks/zoom-contact-center/flow`;
    const post = (key: string | null, body: unknown) =>
      fetch(flowUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });
    // The guide's example script posts { disposition, transcript }.
    const guideBody = {
      disposition: { id: "disp-sale", name: "Sale" },
      transcript: [
        {
          role: "consumer",
          display_name: "Pat Buyer",
          content: "We would like to upgrade to the enterprise plan this quarter.",
        },
        {
          role: "agent",
          display_name: "Alex Agent",
          content: "Great, I will send the enterprise quote this afternoon.",
        },
      ],
    };
    expect((await post(null, guideBody)).status).toBe(401);
    expect((await post("zccf_wrong", guideBody)).status).toBe(401);

    const created = await apiFetch<{ key: string; prefix: string }>(worker.baseUrl, token, "/api/v1/org/zcc-flow-key", {
      method: "POST",
      expectStatus: 201,
    });
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const shown = await apiFetch<Record<string, string>>(worker.baseUrl, token, "/api/v1/org/zcc-flow-key");
    expect(shown).toEqual({ prefix: created.prefix, createdAt: expect.any(String) });
    const [hashed] = await sql<{ key_hash: string }>("SELECT key_hash FROM zcc_flow_keys");
    expect(hashed?.key_hash).not.toContain(created.key);

    const malformed = await post(created.key, { something: "else" });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toContain(
      "needs a disposition or a transcript",
    );

    const accepted = await post(created.key, guideBody);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { status: string }).status).toBe("queued");
    expect(((await (await post(created.key, guideBody)).json()) as { status: string }).status).toBe("duplicate");

    const [flowConversation] = await waitFor(
      "the Flow's conversation analyzed",
      () =>
        sql<{ external_id: string; source: string; status: string; account_id: string | null }>(
          "SELECT external_id, source, status, account_id FROM conversations WHERE external_id LIKE 'flow-%'",
        ),
      (rows) => rows.length === 1 && rows[0]?.status === "analyzed",
    );
    expect(flowConversation?.source).toBe("zcc_messaging");
    // Pat Buyer is Globex's contact (from the chat engagement): the Flow's consumer routes there by name.
    expect(flowConversation?.account_id).toBe(globexId);
    const dispositions = await sql<{ disposition_name: string }>(
      `SELECT disposition_name FROM zcc_dispositions WHERE engagement_id = '${flowConversation?.external_id}'`,
    );
    expect(dispositions).toEqual([{ disposition_name: "Sale" }]);

    // Rotating replaces the key at once.
    const rotated = await apiFetch<{ key: string }>(worker.baseUrl, token, "/api/v1/org/zcc-flow-key", {
      method: "POST",
      expectStatus: 201,
    });
    expect((await post(created.key, { disposition: "Callback" })).status).toBe(401);
    expect((await post(rotated.key, { disposition: "Callback" })).status).toBe(200);
  });
});
