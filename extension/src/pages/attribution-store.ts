import { signal } from "@preact/signals";
import type { AttributionReport, AttributionRow, Period } from "@sightline/shared";
import type { Bar } from "../ui/chart.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";

export type AttributionView =
  | { kind: "loading" }
  | { kind: "signedOut" }
  | { kind: "error"; message: string }
  | { kind: "ready"; report: AttributionReport; updating: boolean };

/** What the chart can draw per lead source; the table always shows all of them. */
export const ATTRIBUTION_METRICS = {
  accounts: "Accounts",
  conversations: "Conversations",
  averageClosingProbability: "Average closing probability",
  wins: "Wins",
  issues: "Issues",
  positiveLatestShare: "Share positive",
} as const satisfies Partial<Record<keyof AttributionRow, string>>;
export type AttributionMetric = keyof typeof ATTRIBUTION_METRICS;

/**
 * attribution.html: the lead-source report (GET /reports/attribution) over a period, and which figure
 * the chart draws. Answers for a period no longer chosen are dropped; a period change keeps the table
 * shown (marked busy) until the new one arrives.
 */
export function createAttributionStore(deps: { send: Send }) {
  const view = signal<AttributionView>({ kind: "loading" });
  const period = signal<Period>("90d");
  const metric = signal<AttributionMetric>("conversations");
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    const shown = view.value;
    view.value = shown.kind === "ready" ? { ...shown, updating: true } : { kind: "loading" };
    const answer = await deps.send({ type: "getAttribution", period: period.value });
    if (mine !== seq) return;
    if (answer.ok) view.value = { kind: "ready", report: answer.value, updating: false };
    else if (answer.error.kind === "unauthorized") view.value = { kind: "signedOut" };
    else view.value = { kind: "error", message: describeFailure(answer.error) };
  }

  return {
    view,
    period,
    metric,
    load,
    async setPeriod(value: Period): Promise<void> {
      if (value === period.value) return;
      period.value = value;
      await load();
    },
    setMetric(value: AttributionMetric): void {
      metric.value = value;
    },
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

export type AttributionStore = ReturnType<typeof createAttributionStore>;

/** A figure as the table and chart write it: percentages for the probability and the share, "–" for none. */
export function formatFigure(row: AttributionRow, metric: AttributionMetric): string {
  const value = row[metric];
  if (value === null) return "–";
  if (metric === "positiveLatestShare") return `${Math.round(value * 100)}%`;
  if (metric === "averageClosingProbability") return `${Math.round(value)}%`;
  return String(value);
}

/** The chart's bars for one figure, in the report's order; a missing figure draws as an empty bar. */
export function attributionBars(rows: AttributionRow[], metric: AttributionMetric): Bar[] {
  return rows.map((row) => ({
    key: row.label,
    label: row.label,
    value: row[metric] ?? 0,
    valueText: formatFigure(row, metric),
  }));
}
