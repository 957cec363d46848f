import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../../test/api-client.ts";
import { analyzeConversation } from "../../analysis/analyze-conversation.ts";
import { createServices, type Services } from "../../platform/services.ts";
import { type IngestJob, PermanentJobError, RetryLaterError } from "../../queue/jobs.ts";
import type { SlackMessage } from "./build-recap.ts";
import { conversationLink } from "./load-recap.ts";
import { postSlackRecap } from "./post-slack-recap.ts";
import { postSlackWebhook } from "./post-webhook.ts";
import { webhookUrlProblem } from "./webhook-settings.ts";

const HOOK = "https://hooks.slack.com/services/T000/B000/secret-part";
const message: SlackMessage = { text: "hi", blocks: [] };

function fakeFetch(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; body: unknown }> = [];
  const fetcher = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: JSON.parse(String(init?.body)) });
    return new Response(body, { status, headers });
  }) as typeof fetch;
  return { fetcher, calls };
}

/** Services whose queue records what would be sent. */
function recordingServices(): { services: Services; sent: IngestJob[] } {
  const sent: IngestJob[] = [];
  const base = createServices(env, { test: true });
  const queue = { send: async (job: IngestJob) => void sent.push(job) } as unknown as Queue<IngestJob>;
  return { services: { ...base, ingestQueue: queue }, sent };
}

async function seedConversation(organizationId: string, accountId: string) {
  const id = `conv_${crypto.randomUUID()}`;
  const lines: Array<[string, string]> = [
    ["Rita Rep", "Thanks for making time today. How did the rollout go for your team?"],
    ["Carl Customer", "Honestly the rollout cut our dispatch time by thirty percent and the team loves it."],
    ["Carl Customer", "The export keeps timing out though, which is really frustrating for our finance people."],
    ["Rita Rep", "I'll send the revised quote by Friday and we will fix the export before your month end."],
  ];
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, account_id, routing, status, created_at, updated_at) VALUES (?, ?, 'zoom_meeting', ?, 'Review', ?, ?, 'auto', 'stored', 1, 1)",
    ).bind(id, organizationId, id, Date.now() - 3_600_000, accountId),
    env.DB.prepare(
      "INSERT INTO participants (id, organization_id, conversation_id, name, side) VALUES (?, ?, ?, 'Rita Rep', 'ours'), (?, ?, ?, 'Carl Customer', 'theirs')",
    ).bind(`${id}_a`, organizationId, id, `${id}_b`, organizationId, id),
    ...lines.map(([speaker, text], seq) =>
      env.DB.prepare(
        "INSERT INTO transcript_segments (organization_id, conversation_id, seq, speaker, start_ms, end_ms, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ).bind(organizationId, id, seq, speaker, seq * 8000, seq * 8000 + 7000, text),
    ),
  ]);
  return id;
}

describe("postSlackWebhook", () => {
  it("posts the message as JSON and accepts 200 ok", async () => {
    const { fetcher, calls } = fakeFetch(200, "ok");
    await postSlackWebhook(HOOK, message, fetcher);
    expect(calls).toEqual([{ url: HOOK, body: message }]);
  });

  it("treats 5xx and network failures as transient, 429 as retry-later, other 4xx as permanent", async () => {
    const transient = postSlackWebhook(HOOK, message, fakeFetch(500, "internal_error").fetcher);
    await expect(transient).rejects.toThrow("500");
    await expect(transient).rejects.not.toBeInstanceOf(PermanentJobError);
    const limited = await postSlackWebhook(
      HOOK,
      message,
      fakeFetch(429, "rate_limited", { "retry-after": "7" }).fetcher,
    )
      .then(() => null)
      .catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(RetryLaterError);
    expect((limited as RetryLaterError).delaySeconds).toBe(7);
    for (const [status, body] of [
      [404, "no_service"],
      [403, "invalid_token"],
      [400, "invalid_payload"],
      [410, "channel_is_archived"],
    ] as const) {
      const err = await postSlackWebhook(HOOK, message, fakeFetch(status, body).fetcher).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentJobError);
      expect((err as Error).message).toContain(body);
      expect((err as Error).message).not.toContain("secret-part");
    }
    const offline = (async () => {
      throw new TypeError(`connect ECONNREFUSED ${HOOK}`);
    }) as typeof fetch;
    const err = await postSlackWebhook(HOOK, message, offline).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).not.toContain("secret-part");
  });

  it("does not follow a redirect, and repeats nothing of an answer but Slack's error codes", async () => {
    const moved = await postSlackWebhook(
      HOOK,
      message,
      fakeFetch(302, "", { location: "https://elsewhere.example/hook" }).fetcher,
    ).catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(PermanentJobError);
    expect((moved as Error).message).toBe("Slack webhook answered a redirect (302); set the webhook URL again");
    const page = await postSlackWebhook(
      HOOK,
      message,
      fakeFetch(403, "<html>token=abc123 internal proxy page</html>").fetcher,
    ).catch((e: unknown) => e);
    expect((page as Error).message).toBe("Slack webhook answered 403");
  });
});

describe("webhook URL rules", () => {
  it("accepts https; http only to loopback with ALLOW_INSECURE_WEBHOOKS", () => {
    expect(webhookUrlProblem(HOOK, { allowInsecureWebhooks: false })).toBeNull();
    expect(webhookUrlProblem("http://127.0.0.1:9999/hook", { allowInsecureWebhooks: false })).toBe(
      "must be an https URL",
    );
    expect(webhookUrlProblem("http://127.0.0.1:9999/hook", { allowInsecureWebhooks: true })).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.1/hook", { allowInsecureWebhooks: true })).toBe("must be an https URL");
    expect(webhookUrlProblem("https://user:pw@hooks.slack.com/x", { allowInsecureWebhooks: false })).toBe(
      "must not contain credentials",
    );
  });

  it("takes only Slack's incoming-webhook host over https", () => {
    const strict = { allowInsecureWebhooks: false };
    for (const elsewhere of [
      "https://example.com/services/T000/B000/x",
      "https://hooks.slack.com.evil.example/x",
      "https://hooks.slack.com:8443/x",
      "https://169.254.169.254/latest/meta-data",
    ])
      expect(webhookUrlProblem(elsewhere, strict)).toBe(
        "must be a Slack incoming webhook (https://hooks.slack.com/...)",
      );
  });

  it("builds the link from SIGHTLINE_APP_URL, or none", () => {
    expect(conversationLink(undefined, "conv_1")).toBeNull();
    expect(conversationLink("https://app.example/", "conv_1")).toBe("https://app.example/conversations/conv_1");
    expect(conversationLink("https://app.example/c?id={conversationId}", "conv 1")).toBe(
      "https://app.example/c?id=conv%201",
    );
  });
});

describe("Slack settings API and the recap job", () => {
  it("stores the URL sealed, never returns it, and refuses insecure URLs", async () => {
    const { adminToken, org } = await createTestOrg();
    expect((await call("GET", "/api/v1/org/slack", { token: adminToken })).json).toEqual({ configured: false });
    const insecure = await call("PUT", "/api/v1/org/slack", {
      token: adminToken,
      body: { webhookUrl: "http://127.0.0.1:1234/hook" },
    });
    expect(insecure.status).toBe(400);
    expect(insecure.json.error.message).toContain("webhookUrl:");
    const put = await call("PUT", "/api/v1/org/slack", { token: adminToken, body: { webhookUrl: HOOK } });
    expect(put.status).toBe(200);
    expect(JSON.stringify(put.json)).not.toContain("secret-part");
    expect((await call("GET", "/api/v1/org/slack", { token: adminToken })).json).toEqual({ configured: true });
    const row = await env.DB.prepare("SELECT * FROM organizations WHERE id = ?").bind(org.id).first();
    expect(JSON.stringify(row)).not.toContain("secret-part");
    expect(row?.slack_webhook_key_version).toBe(1);
    expect((await call("DELETE", "/api/v1/org/slack", { token: adminToken })).json).toEqual({ configured: false });
    expect((await call("GET", "/api/v1/org/slack", { token: adminToken })).json).toEqual({ configured: false });
  });

  it("queues a recap after analysis only when a webhook is set, and posts it with the account's insights", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Carl's <Co>" });
    const id = await seedConversation(org.id, account.id);
    const { services, sent } = recordingServices();
    await analyzeConversation(services, org.id, id);
    expect(sent).toEqual([]);
    expect(await postSlackRecap(services, { organizationId: org.id, conversationId: id })).toBe("skipped");

    await call("PUT", "/api/v1/org/slack", { token: adminToken, body: { webhookUrl: HOOK } });
    await analyzeConversation(services, org.id, id);
    expect(sent).toEqual([{ kind: "post_slack_recap", organizationId: org.id, conversationId: id }]);

    const { fetcher, calls } = fakeFetch(200, "ok");
    expect(await postSlackRecap(services, { organizationId: org.id, conversationId: id }, fetcher)).toBe("posted");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(HOOK);
    const posted = JSON.stringify(calls[0]?.body);
    expect(posted).toContain("Carl's &lt;Co&gt;");
    expect(posted).toContain("Rita Rep");
    expect(posted).toContain("Carl Customer");
    expect(posted).toContain("dispatch time by thirty percent");
    // The closing probability comes with the reasons stored beside it.
    const stored = await env.DB.prepare(
      "SELECT text, data FROM insights WHERE conversation_id = ? AND kind = 'closing_probability'",
    )
      .bind(id)
      .first<{ text: string; data: string }>();
    const reasons = JSON.parse(stored?.data ?? "{}").reasons as string[];
    expect(reasons.length).toBeGreaterThan(0);
    expect(posted).toContain(`${stored?.text}%: ${reasons.join(", ")}`);
    // Another organization's conversation id is not found in this one: nothing is posted.
    const other = await createTestOrg("Other");
    await call("PUT", "/api/v1/org/slack", { token: other.adminToken, body: { webhookUrl: HOOK } });
    expect(await postSlackRecap(services, { organizationId: other.org.id, conversationId: id }, fetcher)).toBe(
      "skipped",
    );
    expect(calls).toHaveLength(1);
  });

  it("a failing queue never fails the analysis", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Robust Co" });
    const id = await seedConversation(org.id, account.id);
    await call("PUT", "/api/v1/org/slack", { token: adminToken, body: { webhookUrl: HOOK } });
    const base = createServices(env, { test: true });
    const broken = {
      send: async () => {
        throw new Error("queue down");
      },
    } as unknown as Queue<IngestJob>;
    await expect(analyzeConversation({ ...base, ingestQueue: broken }, org.id, id)).resolves.toBeGreaterThan(0);
  });

  it("posts one recap per call: re-analysis and repeated jobs do not post again", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Once Co" });
    const id = await seedConversation(org.id, account.id);
    await call("PUT", "/api/v1/org/slack", { token: adminToken, body: { webhookUrl: HOOK } });
    const { services, sent } = recordingServices();
    await analyzeConversation(services, org.id, id);
    expect(sent).toHaveLength(1);
    const job = { organizationId: org.id, conversationId: id };
    const { fetcher, calls } = fakeFetch(200, "ok");
    expect(await postSlackRecap(services, job, fetcher)).toBe("posted");
    const marked = await env.DB.prepare(
      "SELECT slack_recap_posted_at AS posted, slack_recap_claimed_until AS lease FROM conversations WHERE id = ?",
    )
      .bind(id)
      .first<{ posted: number | null; lease: number | null }>();
    expect(marked?.posted).toBeGreaterThan(0);
    expect(marked?.lease).toBeNull();
    // The same job delivered again (a retry after success) and a re-analysis: nothing more.
    expect(await postSlackRecap(services, job, fetcher)).toBe("already_posted");
    await analyzeConversation(services, org.id, id);
    expect(sent).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it("releases the lease when a post fails, so the retry posts once; a job finding a live lease retries later", async () => {
    const { adminToken, org } = await createTestOrg();
    const account = await createAccount(adminToken, { name: "Retry Co" });
    const id = await seedConversation(org.id, account.id);
    await call("PUT", "/api/v1/org/slack", { token: adminToken, body: { webhookUrl: HOOK } });
    const { services } = recordingServices();
    await analyzeConversation(services, org.id, id);
    const job = { organizationId: org.id, conversationId: id };
    const failing = fakeFetch(500, "internal_error");
    await expect(postSlackRecap(services, job, failing.fetcher)).rejects.toThrow("500");
    const lease = await env.DB.prepare("SELECT slack_recap_claimed_until AS lease FROM conversations WHERE id = ?")
      .bind(id)
      .first<{ lease: number | null }>();
    expect(lease?.lease).toBeNull();

    // Two jobs at once: the one holding the lease posts; the other is told to come back after it.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const posting = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow = fakeFetch(200, "ok");
    const slowFetcher = (async (url: string | URL | Request, init?: RequestInit) => {
      entered();
      await gate;
      return slow.fetcher(url, init);
    }) as typeof fetch;
    const first = postSlackRecap(services, job, slowFetcher);
    await posting;
    const second = await postSlackRecap(services, job, slow.fetcher).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(RetryLaterError);
    expect((second as RetryLaterError).delaySeconds).toBeGreaterThan(60);
    release();
    expect(await first).toBe("posted");
    expect(await postSlackRecap(services, job, slow.fetcher)).toBe("already_posted");
    expect(slow.calls).toHaveLength(1);
  });
});
