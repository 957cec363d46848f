import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI } from "../fakes/fake-openai.ts";
import { apiFetch } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * An admin reassigns a conversation while its analysis waits for a slow model (the fake OpenAI holds
 * its answers): every insight of that analysis lands on the new account, in the conversation, the
 * new account's overview and the database, and the old account's overview shows none of them.
 */
let worker: LocalWorker;
let fake: FakeOpenAI;
let token = "";

const CONVERSATION = "conv_demo_ironforge_discovery";
const OLD_ACCOUNT = "acct_demo_ironforge";
const NEW_ACCOUNT = "acct_demo_maplewood";
const WIN = "Customer sees the value";
/** Long enough for the reassignment to happen while the model "thinks". */
const MODEL_DELAY_MS = 5_000;

/** A win and a topic quoting the first customer sentence of the request, so both are kept. */
function answer(request: ChatRequest) {
  const user = request.messages.find((m) => m.role === "user")?.content ?? "";
  const line = [...user.matchAll(/^\[(\d+)\] \((\w+)\) [^:]+: (.+)$/gm)].find((m) => m[2] === "theirs");
  if (!line) throw new Error("no customer line in the request");
  const quoted = { segment: Number(line[1]), quote: (line[3] ?? "").split(/(?<=[.!?])\s+/)[0] ?? "" };
  return {
    topics: [{ phrase: "reassignment race", ...quoted }],
    wins: [{ summary: WIN, ...quoted }],
    issues: [],
    objections: [],
    customerQuestions: [],
    nextSteps: [],
  };
}

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

/** Queues an analysis the way an admin would: a failed-job row, replayed through the API. */
async function queueAnalysis(conversationId: string) {
  const id = `job_reassign_${Date.now()}`;
  const payload = JSON.stringify({ kind: "analyze_conversation", organizationId: "org_demo", conversationId });
  await sql(
    `INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES ('${id}', 'org_demo', 'analyze_conversation', '${payload}', 'test', 1, ${Date.now()})`,
  );
  await apiFetch(worker.baseUrl, token, `/api/v1/operations/failed-jobs/${id}/replay`, { method: "POST" });
}

interface Source {
  conversationId: string;
}
interface Overview {
  conversations: { count: number };
  wins: { count: number; items: Array<{ text: string; source: Source }> };
  topics: Array<{ phrase: string; sources: Source[] }>;
}
interface Detail {
  conversation: { accountId: string | null; analysis?: { analyzer: string | null } };
  insights: Array<{ kind: string; text: string }>;
}
const detailOf = () => apiFetch<Detail>(worker.baseUrl, token, `/api/v1/conversations/${CONVERSATION}?limit=1`);
const overviewOf = (accountId: string) =>
  apiFetch<Overview>(worker.baseUrl, token, `/api/v1/accounts/${accountId}/overview?period=all`);
/** Every conversation the overview cites as a source. */
const citedConversations = (overview: Overview) =>
  new Set([
    ...overview.wins.items.map((w) => w.source.conversationId),
    ...overview.topics.flatMap((t) => t.sources.map((s) => s.conversationId)),
  ]);

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.respondWith(answer);
  fake.delayResponses(MODEL_DELAY_MS);
  worker = await startLocalWorker({
    vars: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_MODEL: "gpt-test",
      INGEST_RETRY_BASE_SECONDS: "1",
    },
    beforeStart: async (persistDir, stateDir) => {
      token = (await seedDemo(persistDir, stateDir)).token;
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});

describe("analysis while an admin reassigns the conversation", () => {
  it("puts every insight on the account the conversation has when the analysis ends", async () => {
    expect(citedConversations(await overviewOf(OLD_ACCOUNT))).toContain(CONVERSATION);
    await queueAnalysis(CONVERSATION);
    await waitFor(
      "the analysis to reach the model",
      () => fake.received,
      (n) => n > 0,
    );
    await apiFetch(worker.baseUrl, token, `/api/v1/conversations/${CONVERSATION}/account`, {
      method: "PUT",
      body: { accountId: NEW_ACCOUNT },
    });
    // The model had not answered when the conversation moved: the test is about that window.
    expect(fake.calls).toBe(0);
    const detail = await waitFor(
      "the analysis to finish",
      detailOf,
      (d) => d.conversation.analysis?.analyzer === "openai:gpt-test@p2",
      60_000,
    );
    expect(detail.conversation.accountId).toBe(NEW_ACCOUNT);
    expect(detail.conversation.analysis?.analyzer).toBe("openai:gpt-test@p2");
    expect(detail.insights).toContainEqual(expect.objectContaining({ kind: "win", text: WIN }));
    const accounts = await sql<{ account_id: string | null }>(
      `SELECT DISTINCT account_id FROM insights WHERE conversation_id = '${CONVERSATION}'`,
    );
    expect(accounts).toEqual([{ account_id: NEW_ACCOUNT }]);

    const moved = await overviewOf(NEW_ACCOUNT);
    expect(moved.conversations.count).toBe(1);
    expect(moved.wins.items).toContainEqual(
      expect.objectContaining({ text: WIN, source: expect.objectContaining({ conversationId: CONVERSATION }) }),
    );
    expect(moved.topics.map((t) => t.phrase)).toContain("reassignment race");

    const left = await overviewOf(OLD_ACCOUNT);
    expect(citedConversations(left)).not.toContain(CONVERSATION);
    expect(left).toMatchObject({ conversations: { count: 0 }, wins: { count: 0 }, topics: [] });
  });
});
