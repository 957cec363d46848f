import type { CoachingMetric, CoachingMetricName, CoachingWeek } from "@sightline/shared";

/** What each figure is called, how it reads, and which way is better (for the trend's wording). */
export const METRICS: ReadonlyArray<{
  name: CoachingMetricName;
  label: string;
  /** "lower" is better: less of our talk, shorter monologues, fewer open questions. */
  better: "higher" | "lower";
}> = [
  { name: "talkRatio", label: "Talk ratio (our side)", better: "lower" },
  { name: "longestMonologueMs", label: "Longest monologue", better: "lower" },
  { name: "questionsAsked", label: "Questions asked per call", better: "higher" },
  { name: "unansweredQuestions", label: "Unanswered customer questions per call", better: "lower" },
  { name: "nextSteps", label: "Next steps set per call", better: "higher" },
];

const TIP_LABELS: Record<string, string> = {
  talk_ratio: "Talked too much",
  long_monologue: "Long monologues",
  unanswered_question: "Customer questions left open",
  no_next_step: "No next step agreed",
  few_questions: "Too few discovery questions",
  objection_unhandled: "Objections without a response",
  next_step_without_date: "Next steps without a date",
};

/** A tip kind as a heading; an unknown (newer) kind is shown readably rather than hidden. */
export function tipLabel(kind: string): string {
  const label = TIP_LABELS[kind];
  if (label) return label;
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "2:30" for 150 000 ms (minutes:seconds), "1:02:03" past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** One value of a figure as shown: "62%", "2:30", "1.5"; a dash when there is none. */
export function formatMetric(name: CoachingMetricName, value: number | null): string {
  if (value === null) return "–";
  if (name === "talkRatio") return `${Math.round(value * 100)}%`;
  if (name === "longestMonologueMs") return formatDuration(value);
  return String(Math.round(value * 10) / 10);
}

/**
 * The change against the previous period in words: "+12 pts, worse", "−0:40, better", "no change",
 * or null when there is nothing to compare with.
 */
export function describeChange(
  name: CoachingMetricName,
  metric: CoachingMetric,
): { text: string; tone: "better" | "worse" | "same" } | null {
  const { change } = metric;
  if (change === null) return null;
  const better = METRICS.find((m) => m.name === name)?.better ?? "higher";
  const size =
    name === "talkRatio"
      ? `${Math.round(Math.abs(change) * 100)} pts`
      : name === "longestMonologueMs"
        ? formatDuration(Math.abs(change))
        : String(Math.round(Math.abs(change) * 10) / 10);
  if (size === "0 pts" || size === "0:00" || size === "0") return { text: "no change", tone: "same" };
  const up = change > 0;
  const tone = up === (better === "higher") ? "better" : "worse";
  return { text: `${up ? "+" : "−"}${size} vs previous period, ${tone}`, tone };
}

/**
 * Points of an SVG polyline for one figure across the weeks, in a width x height box, and a dot per
 * week with a value. Weeks without calls keep their place on the x axis and the line joins the
 * weeks around them (a rep's calls are often weeks apart). The scale runs from 0 to the largest
 * value (ratios from 0 to 1).
 */
export function trendLines(
  weeks: CoachingWeek[],
  name: CoachingMetricName,
  width: number,
  height: number,
): { lines: string[]; dots: Array<{ x: number; y: number; value: number; weekStart: string }> } {
  const values = weeks.map((w) => w[name]);
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return { lines: [], dots: [] };
  const top = name === "talkRatio" ? 1 : Math.max(...known) || 1;
  const pad = 4;
  const step = weeks.length > 1 ? (width - 2 * pad) / (weeks.length - 1) : 0;
  const lines: string[] = [];
  const dots: Array<{ x: number; y: number; value: number; weekStart: string }> = [];
  const run: string[] = [];
  weeks.forEach((week, i) => {
    const value = values[i] ?? null;
    if (value === null) return;
    const x = weeks.length > 1 ? pad + i * step : width / 2;
    const y = pad + (1 - Math.min(value, top) / top) * (height - 2 * pad);
    const point = { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
    run.push(`${point.x},${point.y}`);
    dots.push({ ...point, value, weekStart: week.weekStart });
  });
  if (run.length > 1) lines.push(run.join(" "));
  return { lines, dots };
}
