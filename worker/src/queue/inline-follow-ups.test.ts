import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createServices } from "../platform/services.ts";
import { holdFollowUps, runHeldFollowUps } from "./inline-follow-ups.ts";
import type { IngestJob } from "./jobs.ts";

function recordingQueue() {
  const sent: Array<{ body: IngestJob; delaySeconds?: number }> = [];
  const queue = {
    async send(body: IngestJob, options?: QueueSendOptions) {
      sent.push({ body, delaySeconds: options?.delaySeconds });
    },
    async sendBatch(messages: Iterable<MessageSendRequest<IngestJob>>) {
      for (const m of messages) sent.push({ body: m.body });
    },
  } as unknown as Queue<IngestJob>;
  return { queue, sent };
}

const analyze: IngestJob = { kind: "analyze_conversation", organizationId: "org_1", conversationId: "conv_1" };
const refresh: IngestJob = { kind: "refresh_account_activity", organizationId: "org_1", accountId: "acct_1" };

describe("inline follow-ups", () => {
  it("holds an analysis the job queues and forwards everything else (delayed sends too)", async () => {
    const { queue, sent } = recordingQueue();
    const base = { ...createServices(env, {}), ingestQueue: queue };
    const { services, held } = holdFollowUps(base);
    await services.ingestQueue.send(analyze);
    await services.ingestQueue.send(refresh);
    await services.ingestQueue.send(analyze, { delaySeconds: 60 });
    await services.ingestQueue.sendBatch([{ body: analyze }]);
    expect(held).toEqual([analyze]);
    expect(sent).toEqual([
      { body: refresh, delaySeconds: undefined },
      { body: analyze, delaySeconds: 60 },
      { body: analyze },
    ]);
  });

  it("runs held follow-ups with the plain services, and queues one that fails", async () => {
    const { queue, sent } = recordingQueue();
    const base = { ...createServices(env, {}), ingestQueue: queue };
    const ran: IngestJob[] = [];
    await runHeldFollowUps([analyze, { ...analyze, conversationId: "conv_2" }], base, async (job, services) => {
      expect(services).toBe(base);
      if (job.kind === "analyze_conversation" && job.conversationId === "conv_2") throw new Error("analyzer down");
      ran.push(job);
    });
    expect(ran).toEqual([analyze]);
    expect(sent).toEqual([{ body: { ...analyze, conversationId: "conv_2" }, delaySeconds: undefined }]);
  });
});
