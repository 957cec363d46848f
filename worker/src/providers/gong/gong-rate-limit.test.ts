import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createServices } from "../../platform/services.ts";
import { holdGongSlotsUntil, reserveGongSlot, slotIntervalMs } from "./gong-rate-limit.ts";

const services = () => createServices(env, { test: "gong-rate-limit" });
const limits = { requestsPerSecond: 3, requestsPerDay: 10_000 };
const T0 = Date.parse("2026-12-03T10:00:00.000Z");

describe("the Gong request budget in D1", () => {
  it("gives concurrent requests distinct slots 500 ms apart, so no second ever holds four", async () => {
    const { db } = services();
    const company = `c-${crypto.randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => reserveGongSlot(db, company, T0, limits)));
    const slots = answers.map((a) => (a.granted ? a.slotAt : Number.NaN)).sort((a, b) => a - b);
    expect(slots).toEqual(Array.from({ length: 12 }, (_, i) => T0 + i * slotIntervalMs(3)));
    for (let i = 3; i < slots.length; i++)
      expect((slots[i] as number) - (slots[i - 3] as number)).toBeGreaterThan(1000);
    // Another company has its own budget.
    const other = await reserveGongSlot(db, `c-${crypto.randomUUID()}`, T0, limits);
    expect(other).toEqual({ granted: true, slotAt: T0 });
  });

  it("refuses past the daily limit until 00:00 UTC, then starts a new day", async () => {
    const { db } = services();
    const company = `c-${crypto.randomUUID()}`;
    const small = { requestsPerSecond: 3, requestsPerDay: 3 };
    for (let i = 0; i < 3; i++) expect((await reserveGongSlot(db, company, T0, small)).granted).toBe(true);
    expect(await reserveGongSlot(db, company, T0 + 5000, small)).toEqual({
      granted: false,
      retryAt: Date.parse("2026-12-04T00:00:00.000Z"),
    });
    const nextDay = Date.parse("2026-12-04T00:00:01.000Z");
    expect(await reserveGongSlot(db, company, nextDay, small)).toEqual({ granted: true, slotAt: nextDay });
  });

  it("holds every slot of the company after a 429 until Gong's Retry-After", async () => {
    const { db } = services();
    const company = `c-${crypto.randomUUID()}`;
    await reserveGongSlot(db, company, T0, limits);
    await holdGongSlotsUntil(db, company, T0 + 30_000);
    expect(await reserveGongSlot(db, company, T0 + 1000, limits)).toEqual({ granted: true, slotAt: T0 + 30_000 });
  });
});
