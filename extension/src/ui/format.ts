import type { InsightSource } from "@sightline/shared";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 12, 2026" in UTC (no Intl: keeps the content script small and the output stable). */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "at 12:05" (or "at 1:02:03") for a moment in a recording; null when the source has none. */
export function formatMoment(startMs: number | null): string | null {
  if (startMs === null || startMs < 0) return null;
  const total = Math.floor(startMs / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `at ${h}:${String(m).padStart(2, "0")}:${s}` : `at ${m}:${s}`;
}

const KIND_LABELS: Record<InsightSource["kind"], string> = {
  meeting: "Meeting",
  call: "Call",
  chat: "Chat",
  email: "E-mail",
};

export function sourceKindLabel(kind: InsightSource["kind"]): string {
  return KIND_LABELS[kind] ?? kind;
}

/** A contact's line: "Last interaction 3 days ago", or "No interaction yet" for a contact nobody has met. */
export function formatLastInteraction(iso: string | null, now = Date.now()): string {
  return iso ? `Last interaction ${formatAgo(iso, now)}` : "No interaction yet";
}

/** "today", "3 days ago", "5 weeks ago", or the date when it is older than a year. */
export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return "no interaction yet";
  const days = Math.floor((now - new Date(iso).getTime()) / 86_400_000);
  if (Number.isNaN(days)) return iso;
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 70) return `${Math.round(days / 7)} weeks ago`;
  if (days < 365) return `${Math.round(days / 30)} months ago`;
  return formatDate(iso);
}
