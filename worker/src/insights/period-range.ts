import type { Period } from "@sightline/shared";

const DAYS: Record<Exclude<Period, "all">, number> = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 };

/** The [from, to] window of an overview: an explicit range wins over a named period; "all" has no start. */
export function periodRange(
  query: { period: Period; from?: string; to?: string },
  now: Date,
): { from: Date | null; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  if (query.from) return { from: new Date(query.from), to };
  if (query.period === "all") return { from: null, to };
  return { from: new Date(to.getTime() - DAYS[query.period] * 86_400_000), to };
}
