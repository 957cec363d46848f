// CPU time spent inside workerd, read from Linux's per-thread scheduler statistics
// (/proc/<pid>/task/<tid>/schedstat: nanoseconds on a CPU), summed over the workerd processes that
// `wrangler dev` started. Local workerd gives a Worker no CPU clock of its own (Date.now and
// performance.now stand still while JavaScript runs, as on Cloudflare), so this is the closest local
// measure of "CPU per request": it includes workerd's HTTP handling and the local D1, R2 and Queues
// simulators, which on Cloudflare run outside the Worker's CPU budget.
import { readdirSync, readFileSync } from "node:fs";

/** The workerd processes in the process group of wrangler dev (it runs as a group leader). */
export function workerdPids(groupLeader: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (comm === "workerd" && Number(fields[2]) === groupLeader) pids.push(Number(entry));
    } catch {
      // The process ended while we listed /proc.
    }
  }
  return pids;
}

/** Nanoseconds the given processes' threads have spent on a CPU so far. */
export function cpuNanoseconds(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended.
      }
    }
  }
  return total;
}
