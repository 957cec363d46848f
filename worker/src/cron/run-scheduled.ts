import { indexPendingAccounts } from "../accounts/search-index.ts";
import { reanalyzeOutdatedConversations } from "../analysis/reanalyze-outdated.ts";
import { requeueUnanalyzedConversations } from "../analysis/requeue-unanalyzed.ts";
import { startRetentionRuns } from "../deletions/start-retention.ts";
import { expireOldExports } from "../exports/expire-exports.ts";
import type { Services } from "../platform/services.ts";
import { PROVIDERS } from "../providers/registry.ts";

export type ScheduledTask = (services: Services) => Promise<void>;

type ProviderHook = "sweepArchives" | "sweepStuckEvents" | "continueReconcile" | "everyQuarterHour";

/** One task per provider that has this optional hook, named `<provider>.<hook>` for the logs. */
function providerTasks(hook: ProviderHook): ScheduledTask[] {
  return PROVIDERS.flatMap((provider) => {
    const run = provider[hook];
    if (!run) return [];
    const task: ScheduledTask = (services) => run.call(provider, services);
    Object.defineProperty(task, "name", { value: `${provider.name}.${hook}` });
    return [task];
  });
}

/**
 * Cron expression (as in wrangler.toml) -> the tasks it runs. Later stages register their tasks
 * here: nightly provider reconciliation, token refresh, retention clean-up.
 */
export const SCHEDULED_TASKS: Record<string, ScheduledTask[]> = {
  "15 3 * * *": [
    // Each provider's reconciliation is its own task: one failing does not stop the others.
    ...PROVIDERS.map((provider) => provider.reconcile),
    async function reanalyzeOutdated(services) {
      await reanalyzeOutdatedConversations(services);
    },
    async function enforceRetention(services) {
      await startRetentionRuns(services);
    },
    async function expireExports(services) {
      await expireOldExports(services);
    },
  ],
  "*/15 * * * *": [
    // Every provider's hooks, each its own task (named after the provider in the logs): retention of
    // ignored archives, stuck webhook events enqueued again, unfinished reconciliations, own upkeep.
    ...providerTasks("sweepArchives"),
    ...providerTasks("sweepStuckEvents"),
    ...providerTasks("continueReconcile"),
    ...providerTasks("everyQuarterHour"),
    async function requeueUnanalyzed(services) {
      // Stored, but the analysis job was lost (a kill): queued again after STUCK_EVENT_MINUTES.
      await requeueUnanalyzedConversations(services);
    },
    async function indexPendingAccountSearch(services) {
      // Accounts written outside account-store.ts (seeds, the 0020 backfill); search ranks them in full meanwhile.
      await indexPendingAccounts(services.db, 5_000);
    },
  ],
};

/** Runs every task of a trigger; one failing task does not stop the others, and each outcome is logged. */
export async function runScheduled(cron: string, services: Services): Promise<{ ran: number; failed: number }> {
  const tasks = SCHEDULED_TASKS[cron];
  if (!tasks) {
    services.log.warn("no tasks for cron trigger", { cron });
    return { ran: 0, failed: 0 };
  }
  const results = await Promise.allSettled(tasks.map((task) => task(services)));
  let failed = 0;
  results.forEach((result, i) => {
    if (result.status === "rejected") {
      failed++;
      services.log.error("scheduled task failed", { cron, task: tasks[i]?.name, err: result.reason });
    }
  });
  services.log.info("scheduled run", { cron, ran: tasks.length, failed });
  return { ran: tasks.length, failed };
}
