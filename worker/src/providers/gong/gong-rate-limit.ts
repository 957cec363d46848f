import { sql } from "drizzle-orm";
import type { Db } from "../../platform/services.ts";

/**
 * The request budget of one Gong company (3 requests/s and 10,000/day by default), shared by every
 * organization's jobs, every isolate and every request: Gong counts per company, and a Worker runs
 * in many isolates at once, so no in-memory bucket can hold it.
 *
 * Why D1 and not a Durable Object: a Durable Object would be the natural serializer, but this Worker
 * has none (no migrations class, no extra binding to deploy and test), and D1 already serializes
 * writes: one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` both reads and moves the budget, so
 * two requests can never take the same slot. The bucket is a GCRA ("virtual scheduling"): the row
 * holds the next free slot; a request takes `max(next, now)` and pushes `next` one interval on, then
 * sleeps until its slot. The interval is 1.5 s / rate (500 ms at 3/s, 2 requests/s): four slots span
 * 1.5 s, so even when delivery jitter delays one request by up to 500 ms Gong never sees four in one
 * second (measured gaps on a loaded test machine went as low as 260 ms at a 400 ms interval). The
 * daily limit, not the rate, bounds what a day can pull, so the margin costs nothing that matters. The day count resets at 00:00 UTC; once it reaches the daily limit no slot is given until then.
 * Cost: one D1 write per Gong request, a few per second at most.
 */
export function slotIntervalMs(requestsPerSecond: number): number {
  return Math.ceil(1500 / requestsPerSecond);
}

export type SlotAnswer = { granted: true; slotAt: number } | { granted: false; retryAt: number };

export async function reserveGongSlot(
  db: Db,
  companyKey: string,
  nowMs: number,
  limits: { requestsPerSecond: number; requestsPerDay: number },
): Promise<SlotAnswer> {
  const interval = slotIntervalMs(limits.requestsPerSecond);
  const day = new Date(nowMs).toISOString().slice(0, 10);
  // SET expressions read the row as it was before this statement (SQLite), RETURNING the row after.
  const rows = await db.all<{ next_slot_at: number; day_count: number }>(sql`
    INSERT INTO gong_rate_limits (company_key, next_slot_at, day, day_count)
    VALUES (${companyKey}, ${nowMs + interval}, ${day}, 1)
    ON CONFLICT (company_key) DO UPDATE SET
      day_count = CASE WHEN gong_rate_limits.day = excluded.day THEN gong_rate_limits.day_count + 1 ELSE 1 END,
      next_slot_at = CASE
        WHEN gong_rate_limits.day = excluded.day AND gong_rate_limits.day_count >= ${limits.requestsPerDay}
          THEN gong_rate_limits.next_slot_at
        ELSE max(gong_rate_limits.next_slot_at, ${nowMs}) + ${interval}
      END,
      day = excluded.day
    RETURNING next_slot_at, day_count`);
  const row = rows[0];
  if (!row) throw new Error("gong rate limit: the reservation returned nothing");
  if (row.day_count > limits.requestsPerDay) {
    const midnight = Date.parse(`${day}T00:00:00.000Z`) + 24 * 60 * 60 * 1000;
    return { granted: false, retryAt: midnight };
  }
  return { granted: true, slotAt: row.next_slot_at - interval };
}

/** After a 429, nobody asks this company again before Gong said so (every isolate sees it). */
export async function holdGongSlotsUntil(db: Db, companyKey: string, untilMs: number): Promise<void> {
  await db.run(sql`UPDATE gong_rate_limits SET next_slot_at = max(next_slot_at, ${untilMs})
    WHERE company_key = ${companyKey}`);
}
