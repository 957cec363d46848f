import { app } from "./app.ts";
import { runScheduled } from "./cron/run-scheduled.ts";
import { newId } from "./platform/ids.ts";
import { createServices } from "./platform/services.ts";
import { consumeDeadLetterBatch, consumeIngestBatch } from "./queue/consume-ingest-batch.ts";

const DEAD_LETTER_QUEUE = "sightline-ingest-dlq";

export default {
  fetch: app.fetch,

  async queue(batch, env) {
    const services = createServices(env, { batchId: newId("batch", 12), queue: batch.queue });
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetterBatch(batch, services);
    else await consumeIngestBatch(batch, services);
  },

  async scheduled(controller, env) {
    const services = createServices(env, { cronRun: newId("cron", 12), cron: controller.cron });
    await runScheduled(controller.cron, services);
  },
} satisfies ExportedHandler<Env, unknown>;
