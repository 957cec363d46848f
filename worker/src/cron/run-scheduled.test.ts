import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../platform/logger.ts";
import type { Services } from "../platform/services.ts";
import { runScheduled, SCHEDULED_TASKS } from "./run-scheduled.ts";

const lines: string[] = [];
const services = { log: createLogger({}, "debug", (l) => lines.push(l)) } as unknown as Services;

describe("runScheduled", () => {
  it("has an entry for every cron trigger in wrangler.toml", async () => {
    const toml = (await import("../../../wrangler.toml?raw")).default as string;
    const crons = [...(toml.match(/crons = \[(.*)\]/)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(crons.length).toBeGreaterThan(0);
    expect(Object.keys(SCHEDULED_TASKS).sort()).toEqual(crons.sort());
  });

  it("runs every task of a trigger and keeps going when one fails", async () => {
    const ok = vi.fn(async () => {});
    const boom = vi.fn(async () => {
      throw new Error("boom");
    });
    SCHEDULED_TASKS["* * * * *"] = [boom, ok];
    try {
      const result = await runScheduled("* * * * *", services);
      expect(result).toEqual({ ran: 2, failed: 1 });
      expect(ok).toHaveBeenCalledOnce();
      expect(lines.some((l) => l.includes("scheduled task failed") && l.includes("boom"))).toBe(true);
    } finally {
      delete SCHEDULED_TASKS["* * * * *"];
    }
  });

  it("logs an unknown trigger instead of failing", async () => {
    expect(await runScheduled("1 2 3 4 5", services)).toEqual({ ran: 0, failed: 0 });
    expect(lines.some((l) => l.includes("no tasks for cron trigger"))).toBe(true);
  });
});
