import type { SlackWebhookStatus } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoData } from "../../scripts/demo/demo-data.ts";
import { seedDemo } from "../../scripts/demo/seed-demo.ts";
import { type FakeSlack, startFakeSlack } from "../fakes/fake-slack.ts";
import { apiFetch } from "../support/api.ts";
import { queryLocalD1 } from "../support/local-d1.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * The Slack recap end to end: an admin sets the webhook through the API, an analysis job runs on the
 * real local queue, and the recap job posts Block Kit to a fake Slack (which enforces Slack's limits),
 * retrying through a 500 and recording a permanent 404 as a failed job without touching the analysis.
 * One recap per call: re-analysis and a redelivered job post nothing more.
 */
let worker: LocalWorker;
let slack: FakeSlack;
let token = "";

const demo = loadDemoData();
const slug = (value: string) => value.toLowerCase().replace(/[^a-z0-9]+/g, "_");
const demoConversation = (key: string) => {
  const conversation = demo.conversations.find((c) => c.key === key);
  const account = demo.organization.accounts.find((a) => a.key === conversation?.accountKey);
  if (!conversation || !account) throw new Error(`no demo conversation ${key}`);
  return { id: `conv_demo_${slug(key)}`, accountName: account.name, title: conversation.title };
};

const sql = <T>(command: string) => queryLocalD1<T>(worker, command);

/** Queues an analysis the way an admin would: a failed-job row, replayed through the API. */
async function analyze(conversationId: string) {
  const id = `job_slack_${slug(conversationId)}_${Date.now()}`;
  const payload = JSON.stringify({ kind: "analyze_conversation", organizationId: "org_demo", conversationId });
  await sql(
    `INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES ('${id}', 'org_demo', 'analyze_conversation', '${payload}', 'test', 1, ${Date.now()})`,
  );
  await apiFetch(worker.baseUrl, token, `/api/v1/operations/failed-jobs/${id}/replay`, { method: "POST" });
}

/** Re-analyzes a conversation and waits until the analysis has written its rows (updated_at moves on). */
async function reanalyze(conversationId: string) {
  const read = () =>
    sql<{ updated_at: number }>(`SELECT updated_at FROM conversations WHERE id = '${conversationId}'`).then(
      (rows) => rows[0]?.updated_at ?? 0,
    );
  const before = await read();
  await analyze(conversationId);
  await waitFor("the re-analysis", read, (at) => at > before);
}

/** Replays a `post_slack_recap` job as if the queue delivered it again after it had succeeded. */
async function redeliverRecapJob(conversationId: string) {
  const id = `job_slack_again_${slug(conversationId)}_${Date.now()}`;
  const payload = JSON.stringify({ kind: "post_slack_recap", organizationId: "org_demo", conversationId });
  await sql(
    `INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES ('${id}', 'org_demo', 'post_slack_recap', '${payload}', 'test', 1, ${Date.now()})`,
  );
  await apiFetch(worker.baseUrl, token, `/api/v1/operations/failed-jobs/${id}/replay`, { method: "POST" });
}

/** Recaps of one conversation, told apart by their "Open in Sightline" link (SIGHTLINE_APP_URL is set). */
const recapsFor = (conversationId: string) =>
  slack.received.filter((post) =>
    JSON.stringify(post.body.blocks).includes(`"https://sightline.example/conversations/${conversationId}"`),
  );

beforeAll(async () => {
  slack = await startFakeSlack();
  worker = await startLocalWorker({
    vars: {
      ALLOW_INSECURE_WEBHOOKS: "true",
      INGEST_RETRY_BASE_SECONDS: "1",
      SIGHTLINE_APP_URL: "https://sightline.example",
    },
    beforeStart: async (persistDir, stateDir) => {
      token = (await seedDemo(persistDir, stateDir)).token;
    },
  });
});
afterAll(async () => {
  await worker?.stop();
  await slack?.close();
});

describe("Slack recap", () => {
  it("is configured by an admin; the URL is never returned", async () => {
    const before = await apiFetch<SlackWebhookStatus>(worker.baseUrl, token, "/api/v1/org/slack");
    expect(before).toEqual({ configured: false });
    const put = await apiFetch<SlackWebhookStatus>(worker.baseUrl, token, "/api/v1/org/slack", {
      method: "PUT",
      body: { webhookUrl: slack.webhookUrl() },
    });
    expect(put).toEqual({ configured: true });
    expect(JSON.stringify(put)).not.toContain(slack.url);
    expect(await apiFetch<SlackWebhookStatus>(worker.baseUrl, token, "/api/v1/org/slack")).toEqual({
      configured: true,
    });
  });

  it("posts one Block Kit recap with the account after a conversation is analyzed", async () => {
    const call = demoConversation("acme-qbr-q3");
    await analyze(call.id);
    const [recap] = await waitFor(
      "the recap",
      () => recapsFor(call.id),
      (posts) => posts.length >= 1,
    );
    expect(recap?.path).toBe("/services/T000/B000/fake");
    const blocks = JSON.stringify(recap?.body.blocks);
    expect(recap?.body.blocks?.[0]).toMatchObject({
      type: "header",
      text: { text: `Call recap: ${call.accountName}` },
    });
    expect(blocks).toContain("*Top wins*");
    expect(blocks).toContain("*Closing probability*");
    expect(blocks).toContain(`https://sightline.example/conversations/${call.id}`);
    expect(recap?.body.text).toContain(call.accountName);
    await new Promise((r) => setTimeout(r, 2000));
    expect(recapsFor(call.id)).toHaveLength(1);
    const [marked] = await sql<{ posted: number | null }>(
      `SELECT slack_recap_posted_at AS posted FROM conversations WHERE id = '${call.id}'`,
    );
    expect(marked?.posted).toBeGreaterThan(0);
  });

  it("does not post again when the call is re-analyzed or its recap job is delivered again", async () => {
    const call = demoConversation("acme-qbr-q3");
    expect(recapsFor(call.id)).toHaveLength(1);
    const requests = slack.requests.length;
    await reanalyze(call.id);
    await reanalyze(call.id);
    await redeliverRecapJob(call.id);
    await new Promise((r) => setTimeout(r, 3000));
    expect(recapsFor(call.id)).toHaveLength(1);
    expect(slack.requests.length).toBe(requests);
  });

  it("retries through a Slack 500 and still delivers exactly one recap", async () => {
    const call = demoConversation("ledgerline-renewal-followup");
    const before = slack.requests.length;
    slack.failNext(1, 500);
    await analyze(call.id);
    await waitFor(
      "the retried recap",
      () => recapsFor(call.id),
      (posts) => posts.length >= 1,
    );
    const attempts = slack.requests.slice(before).map((r) => r.status);
    expect(attempts).toEqual([500, 200]);
    await new Promise((r) => setTimeout(r, 3000));
    expect(recapsFor(call.id)).toHaveLength(1);
    expect(slack.requests.every((r) => r.status !== 400)).toBe(true);
    // Posted once after the retry: a re-analysis now posts nothing.
    await reanalyze(call.id);
    await new Promise((r) => setTimeout(r, 2000));
    expect(recapsFor(call.id)).toHaveLength(1);
    expect(slack.requests.slice(before).map((r) => r.status)).toEqual([500, 200]);
  });

  it("records a permanent Slack error (404 no_service) as a failed job; the analysis is unaffected", async () => {
    const call = demoConversation("harbor-security-review");
    slack.failNext(1, 404, { body: "no_service" });
    await analyze(call.id);
    const [failed] = await waitFor(
      "the failed recap job",
      () =>
        sql<{ reason: string; payload: string }>(
          "SELECT reason, payload FROM failed_jobs WHERE job_type = 'post_slack_recap' AND replayed_at IS NULL",
        ),
      (rows) => rows.length > 0,
    );
    expect(failed?.reason).toContain("no_service");
    expect(failed?.reason).not.toContain(slack.url);
    expect(JSON.parse(failed?.payload ?? "{}")).toEqual({
      kind: "post_slack_recap",
      organizationId: "org_demo",
      conversationId: call.id,
    });
    const [conversation] = await sql<{ status: string }>(`SELECT status FROM conversations WHERE id = '${call.id}'`);
    expect(conversation?.status).toBe("analyzed");
    expect(recapsFor(call.id)).toHaveLength(0);
  });

  it("stops posting once the webhook is removed", async () => {
    await apiFetch(worker.baseUrl, token, "/api/v1/org/slack", { method: "DELETE" });
    const posts = slack.received.length;
    const call = demoConversation("brightcart-export-support");
    await analyze(call.id);
    await waitFor(
      "the analysis",
      () => sql<{ n: number }>(`SELECT count(*) AS n FROM insights WHERE conversation_id = '${call.id}'`),
      (rows) => (rows[0]?.n ?? 0) > 0,
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(slack.received).toHaveLength(posts);
  });
});
