import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGong, type FakeGongCall, startFakeGong } from "../fakes/fake-gong.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * Gong by access key against a fake Gong on 127.0.0.1: connecting starts a 90-day backfill over
 * several cursor pages with a 429 (Retry-After) and a 5xx mid-way; every call is imported exactly
 * once and the pull resumes from the stored cursor; the limiter never lets 4 requests into one
 * second; an intake-off user's call is discarded (counted, never its transcript fetched); calls land
 * on accounts by e-mail and by CRM context; a call without parties and one without a transcript are
 * handled; a call Gong makes available an hour late is picked up by the next 15-minute pull.
 */
const QUARTER = "*/15 * * * *";
const SALESFORCE_ID = "001D000000IqhSLIAZ";
let gong: FakeGong;
let worker: LocalWorker;
let token: string;
let globexId: string;
let initechId: string;

const hoursAgo = (h: number) => new Date(Date.now() - h * 60 * 60 * 1000).toISOString();
const daysAgo = (d: number) => hoursAgo(d * 24);
const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

const ada = {
  id: "p-ada",
  emailAddress: "ada@acme-sales.com",
  name: "Ada Admin",
  speakerId: "s-ada",
  affiliation: "Internal" as const,
  userId: "u-ada",
};
const gina = {
  id: "p-gina",
  emailAddress: "Gina@Globex.com",
  name: "Gina Globex",
  speakerId: "s-gina",
  affiliation: "External" as const,
};
const quiet = {
  id: "p-quiet",
  emailAddress: "quiet@acme-sales.com",
  name: "Quinn Quiet",
  speakerId: "s-quiet",
  affiliation: "Internal" as const,
};

const talk = (a: string, b: string) => [
  {
    speakerId: a,
    topic: null,
    sentences: [{ start: 1000, end: 4000, text: "Thanks for joining, let's review the rollout plan." }],
  },
  {
    speakerId: b,
    topic: "Pricing",
    sentences: [
      { start: 5000, end: 9000, text: "The pilot went well and the team loves the new dashboard." },
      { start: 9500, end: 14000, text: "Our concern is the price; it is too expensive for next year's budget." },
    ],
  },
];

function globexCall(id: string, started: string): FakeGongCall {
  return {
    id,
    title: `Globex sync ${id}`,
    started,
    duration: 1800,
    primaryUserId: "u-ada",
    parties: [ada, gina],
    transcript: talk("s-ada", "s-gina"),
  };
}

const CALLS: FakeGongCall[] = [
  globexCall("7001", daysAgo(80)),
  globexCall("7002", daysAgo(40)),
  {
    id: "7003",
    title: "Initech renewal",
    started: daysAgo(20),
    duration: 1200,
    parties: [
      ada,
      {
        id: "p-pete",
        emailAddress: "peter.gibbons@gmail.com",
        name: "Peter Gibbons",
        speakerId: "s-pete",
        affiliation: "External",
      },
    ],
    context: [
      { system: "Salesforce", objects: [{ objectType: "Account", objectId: SALESFORCE_ID.slice(0, 15), fields: [] }] },
    ],
    transcript: talk("s-ada", "s-pete"),
  },
  {
    id: "7004",
    title: "Quiet call",
    started: daysAgo(15),
    duration: 600,
    primaryUserId: "u-quiet",
    parties: [{ ...quiet, userId: "u-quiet" }, gina],
    transcript: talk("s-quiet", "s-gina"),
  },
  { id: "7005", title: "Dial-in without parties", started: daysAgo(10), duration: 900, transcript: talk("x1", "x2") },
  { id: "7006", title: "Not transcribed yet", started: daysAgo(5), duration: 300, parties: [ada, gina] },
  globexCall("7007", daysAgo(3)),
  globexCall("7008", daysAgo(2)),
  globexCall("7009", daysAgo(1)),
];

type Conv = { external_id: string; account_id: string | null; routing: string; status: string };
const conversations = () =>
  sql<Conv>(
    "SELECT external_id, account_id, routing, status FROM conversations WHERE source = 'gong_call' ORDER BY external_id",
  );

beforeAll(async () => {
  gong = await startFakeGong();
  gong.setCallsPageSize(3);
  gong.setTranscriptPageSize(2);
  for (const call of CALLS) gong.addCall(call);
  gong.addCall(globexCall("6999", daysAgo(100))); // older than the 90-day backfill
  worker = await startLocalWorker({
    vars: { GONG_API_BASE: gong.url, GONG_OAUTH_BASE: gong.url, INGEST_RETRY_BASE_SECONDS: "1" },
  });
  const org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "Acme Sales",
    domains: ["acme-sales.com"],
    admin: { email: "ada@acme-sales.com", name: "Ada Admin" },
  });
  token = org.apiToken.token;
  const globex = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Globex", domains: ["globex.com"] },
    expectStatus: 201,
  });
  const initech = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Initech", domains: ["initech.com"], salesforceId: SALESFORCE_ID },
    expectStatus: 201,
  });
  globexId = globex.id;
  initechId = initech.id;
  const profile = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/profiles", {
    body: { name: "No intake", transcriptIntake: false },
    expectStatus: 201,
  });
  await apiFetch(worker.baseUrl, token, "/api/v1/users", {
    body: { email: "quiet@acme-sales.com", name: "Quinn Quiet", profileId: profile.id },
    expectStatus: 201,
  });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await gong?.close();
});

/** Waits until the fake Gong has had no request for 2 s (a pull's chained jobs have finished). */
async function pullQuiet() {
  let last = -1;
  await waitFor(
    "the pull to go quiet",
    async () => {
      const seen = gong.requests.length;
      const quiet = seen === last;
      last = seen;
      if (!quiet) await new Promise((r) => setTimeout(r, 1_700));
      return quiet;
    },
    (quiet) => quiet,
  );
}

describe("Gong backfill by access key", () => {
  let lateAvailableAt = 0;
  let connectionId = "";

  it("refuses a wrong secret without storing anything", async () => {
    await apiFetch(worker.baseUrl, token, "/api/v1/connections/gong/account", {
      method: "PUT",
      body: { accessKey: gong.accessKey, accessKeySecret: "wrong" },
      expectStatus: 400,
    });
    expect(await sql("SELECT id FROM connections WHERE provider = 'gong'")).toEqual([]);
  });

  it("imports every call of the window once, through a 429 and a 5xx, within 3 requests/s", async () => {
    // A call that started 2 h ago but that Gong makes available only later (processing).
    lateAvailableAt = Date.now() + 25_000;
    gong.addCall(globexCall("7010", hoursAgo(2)), { availableAt: lateAvailableAt });
    // The second list page fails once with a 503; the first extensive request is throttled.
    gong.failNext("/v2/calls", 503, undefined, 2); // the credential check and page 1 pass
    gong.failNext("/v2/calls/extensive", 429, 1);
    const conn = await apiFetch<{ id: string; status: string }>(
      worker.baseUrl,
      token,
      "/api/v1/connections/gong/account",
      {
        method: "PUT",
        body: { accessKey: gong.accessKey, accessKeySecret: gong.accessKeySecret },
      },
    );
    expect(conn.status).toBe("active");
    connectionId = conn.id;

    // Wait for all seven to be analyzed: a call the pull has stored stays pending until its analysis
    // ends, so a snapshot taken at six could miss the last one (it did, once, under CI load).
    const imported = await waitFor(
      "the imported calls to be analyzed",
      async () => (await conversations()).filter((c) => c.status !== "pending").map((c) => c.external_id),
      (ids) => ids.length >= 7,
      90_000,
    );
    const progress = await waitFor(
      "the backfill to finish",
      async () =>
        (
          await apiFetch<{ connections: Array<{ id: string; sync?: Record<string, unknown> }> }>(
            worker.baseUrl,
            token,
            "/api/v1/connections",
          )
        ).connections.find((c) => c.id === connectionId)?.sync,
      (s) => s?.backfilling === false,
      60_000,
    );
    expect(imported.sort()).toEqual(["7001", "7002", "7003", "7005", "7007", "7008", "7009"]);
    expect(progress).toMatchObject({ found: 9, imported: 7, discarded: 1, failed: 0, pending: 1, lastError: null });
    expect(progress?.lastSyncAt).toEqual(expect.any(String));

    // The 503 was answered, then the same page was asked for again (resumed from the stored cursor).
    const lists = gong.requests.filter((r) => r.path === "/v2/calls");
    const failedAt = lists.findIndex((r) => r.status === 503);
    expect(failedAt).toBeGreaterThan(0);
    expect(lists[failedAt]?.query?.cursor).toBeTruthy();
    expect(lists[failedAt + 1]?.query?.cursor).toBe(lists[failedAt]?.query?.cursor);
    expect(lists.filter((r) => r.status === 200 && !r.query?.cursor && r.auth === "basic").length).toBeGreaterThan(0);
    // The 429 was waited out for at least its Retry-After before the next request.
    const throttled = gong.requests.find((r) => r.status === 429 && r.injected);
    const after = gong.requests.find((r) => throttled && r.at > throttled.at);
    expect(throttled && after && after.at - throttled.at).toBeGreaterThanOrEqual(1000);
    // Each call's details were read once (the no-transcript call may be asked again), its transcript once.
    const asked = (path: string) =>
      gong.requests
        .filter((r) => r.path === path && r.status === 200)
        .flatMap((r) => ((r.body as { filter?: { callIds?: string[] } })?.filter?.callIds ?? []) as string[]);
    const extensiveIds = asked("/v2/calls/extensive").filter((id) => id !== "7006");
    expect(extensiveIds.sort()).toEqual([...new Set(extensiveIds)].sort());
    expect(asked("/v2/calls/transcript")).not.toContain("7004"); // discarded before its transcript
    expect(asked("/v2/calls/extensive")).not.toContain("6999"); // outside the 90 days
    const api = gong.requests.filter((r) => r.path.startsWith("/v2/"));
    const span = ((api.at(-1)?.at ?? 0) - (api[0]?.at ?? 0)) / 1000;
    console.info(
      `gong backfill: ${api.length} API requests over ${span.toFixed(1)} s, at most ${gong.maxRequestsInOneSecond()} in any second`,
    );
    // Never more than 3 requests in any second, and Gong never had to refuse one for its limit.
    expect(gong.maxRequestsInOneSecond()).toBeLessThanOrEqual(3);
    expect(gong.requests.filter((r) => r.status === 429 && !r.injected)).toEqual([]);
  });

  it("routes by e-mail, by CRM context, and leaves a call without parties unassigned", async () => {
    const byId = new Map((await conversations()).map((c) => [c.external_id, c]));
    expect(byId.get("7001")).toMatchObject({ account_id: globexId, routing: "auto" });
    expect(byId.get("7003")).toMatchObject({ account_id: initechId, routing: "auto" });
    expect(byId.get("7005")).toMatchObject({ account_id: null, routing: "unassigned" });
    expect(byId.has("7004")).toBe(false);
    const speakers = await sql<{ speaker: string }>(
      "SELECT DISTINCT s.speaker FROM transcript_segments s JOIN conversations c ON c.id = s.conversation_id WHERE c.external_id = '7001' ORDER BY 1",
    );
    expect(speakers.map((s) => s.speaker)).toEqual(["Ada Admin", "Gina Globex"]);
    const sides = await sql<{ name: string; side: string }>(
      "SELECT p.name, p.side FROM participants p JOIN conversations c ON c.id = p.conversation_id WHERE c.external_id = '7003' ORDER BY 1",
    );
    expect(sides).toEqual([
      { name: "Ada Admin", side: "ours" },
      { name: "Peter Gibbons", side: "theirs" },
    ]);
    const contacts = await sql<{ email: string; side: string; account_id: string | null }>(
      "SELECT lower(email) AS email, side, account_id FROM contacts WHERE lower(email) IN ('gina@globex.com', 'ada@acme-sales.com') ORDER BY 1",
    );
    expect(contacts).toEqual([
      { email: "ada@acme-sales.com", side: "ours", account_id: null },
      { email: "gina@globex.com", side: "theirs", account_id: globexId },
    ]);
    const linked = await sql<{ n: number }>(
      "SELECT count(*) AS n FROM participants p JOIN conversations c ON c.id = p.conversation_id WHERE c.external_id = '7001' AND p.contact_id IS NOT NULL",
    );
    expect(linked[0]?.n).toBe(2);
    const intake = await apiFetch<{ discards: { byReason: Array<{ reason: string; count: number }> } }>(
      worker.baseUrl,
      token,
      "/api/v1/org/intake",
    );
    expect(JSON.stringify(intake)).toContain("intake_off");
    const discards = await sql<{ provider: string; external_id: string; reason: string }>(
      "SELECT provider, external_id, reason FROM intake_discards",
    );
    expect(discards).toEqual([{ provider: "gong", external_id: "7004", reason: "intake_off" }]);
  });

  it("analyzes the imported calls like any conversation", async () => {
    await waitFor(
      "analysis",
      async () => (await conversations()).filter((c) => c.status === "analyzed").length,
      (n) => n === 7,
    );
    const insights = await sql<{ n: number }>(`SELECT count(*) AS n FROM insights WHERE account_id = '${globexId}'`);
    expect(insights[0]?.n).toBeGreaterThan(0);
  });

  it("picks up a call Gong made available late with the next 15-minute pull, importing nothing twice", async () => {
    const before = gong.requests.length;
    await new Promise((r) => setTimeout(r, Math.max(0, lateAvailableAt - Date.now() + 500)));
    const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(QUARTER)}`);
    expect(res.status).toBe(200);
    await res.body?.cancel();
    await waitFor(
      "the late call",
      async () => (await conversations()).find((c) => c.external_id === "7010")?.status,
      (s) => s === "stored" || s === "analyzed",
    );
    // The call without a transcript (7006) is asked for again in the same pull, maybe after 7010 is in.
    const extensiveIds = () =>
      gong.requests
        .slice(before)
        .filter((r) => r.path === "/v2/calls/extensive")
        .flatMap((r) => (r.body as { filter: { callIds: string[] } }).filter.callIds)
        .sort();
    await waitFor(
      "the pull to ask for both calls",
      extensiveIds,
      (ids) => ids.includes("7006") && ids.includes("7010"),
    );
    await pullQuiet();
    const later = gong.requests.slice(before);
    expect(extensiveIds()).toEqual(["7006", "7010"]);
    // The window began an overlap (24 h) before where the backfill ended, not at the last call's start.
    const window = later.find((r) => r.path === "/v2/calls")?.query;
    expect(Date.parse(window?.fromDateTime ?? "")).toBeLessThan(Date.now() - 23 * 60 * 60 * 1000);
    const counts = await sql<{ external_id: string; n: number }>(
      "SELECT external_id, count(*) AS n FROM conversations WHERE source = 'gong_call' GROUP BY external_id HAVING n > 1",
    );
    expect(counts).toEqual([]);
  });

  it("keeps a burst of concurrent requests under 3 per second (the budget is shared by every request)", async () => {
    await pullQuiet();
    const from = gong.requests.length;
    const answers = await Promise.all(
      Array.from({ length: 9 }, () =>
        fetch(`${worker.baseUrl}/api/v1/connections/gong/check`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        }).then((r) => r.status),
      ),
    );
    expect(answers).toEqual(Array(9).fill(200));
    const burst = gong.requests.slice(from).filter((r) => r.path.startsWith("/v2/"));
    expect(burst).toHaveLength(9);
    const gaps = burst.slice(1).map((r, i) => r.at - (burst[i] as { at: number }).at);
    console.info(
      `gong burst: 9 requests over ${((burst.at(-1)?.at ?? 0) - (burst[0]?.at ?? 0)) / 1000} s, smallest gap ${Math.min(...gaps)} ms`,
    );
    for (let i = 3; i < burst.length; i++)
      expect((burst[i] as { at: number }).at - (burst[i - 3] as { at: number }).at).toBeGreaterThanOrEqual(1000);
    // Gong never refused one for its limit (an empty hour is its 404 "No calls found", which is no error).
    expect(burst.filter((r) => r.status === 429)).toEqual([]);
  });

  it("lists a window again from its first page when Gong refuses a stored cursor, importing each call once", async () => {
    gong.setCallsPageSize(1);
    gong.addCall(globexCall("7011", hoursAgo(3)));
    gong.addCall(globexCall("7012", hoursAgo(4)));
    const from = gong.requests.length;
    gong.failNext("/v2/calls", 503, undefined, 1); // the second page fails once...
    const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(QUARTER)}`);
    await res.body?.cancel();
    const until = Date.now() + 30_000;
    while (!gong.requests.slice(from).some((r) => r.status === 503) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 25));
    gong.expireCursors(); // ...and by its retry the stored cursor has expired
    await waitFor(
      "the new calls",
      async () =>
        (await conversations()).filter((c) => ["7011", "7012"].includes(c.external_id) && c.status !== "pending")
          .length,
      (n) => n === 2,
      60_000,
    );
    const lists = gong.requests.slice(from).filter((r) => r.path === "/v2/calls");
    const refused = lists.findIndex((r) => r.status === 400);
    expect(refused).toBeGreaterThan(0);
    expect(lists[refused]?.query?.cursor).toBeTruthy();
    expect(lists[refused + 1]?.query?.cursor).toBeUndefined(); // from the first page again
    const extensiveIds = gong.requests
      .slice(from)
      .filter((r) => r.path === "/v2/calls/extensive")
      .flatMap((r) => (r.body as { filter: { callIds: string[] } }).filter.callIds);
    expect(extensiveIds.filter((id) => id === "7011" || id === "7012").sort()).toEqual(["7011", "7012"]);
    const dupes = await sql("SELECT external_id FROM conversations GROUP BY external_id HAVING count(*) > 1");
    expect(dupes).toEqual([]);
  });

  it("names a connection made before companies were keyed by workspace on its next pull", async () => {
    // As stored before: the company keyed by the access key's hash.
    await sql("UPDATE connections SET external_account_id = 'key:0123456789abcdef01234567' WHERE provider = 'gong'");
    const res = await fetch(`${worker.baseUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(QUARTER)}`);
    await res.body?.cancel();
    await waitFor(
      "the workspace key",
      () => sql<{ key: string }>("SELECT external_account_id AS key FROM connections WHERE provider = 'gong'"),
      (rows) => rows[0]?.key === "ws:623457276584334",
      30_000,
    );
    const claims = await sql<{ key: string }>(
      "SELECT external_account_id AS key FROM provider_account_claims WHERE provider = 'gong'",
    );
    expect(claims).toEqual([{ key: "ws:623457276584334" }]);
  });
});
