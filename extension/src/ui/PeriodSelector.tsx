import type { Period } from "@sightline/shared";
import { PERIODS } from "../shared/messages.ts";
import { Button } from "./Button.tsx";

/** The name of each period, the accessible name of its button everywhere. */
export const PERIOD_NAMES: Record<Period, string> = {
  "7d": "Last 7d",
  "30d": "Last 30d",
  "90d": "Last 90d",
  "365d": "Last year",
  all: "All time",
};

/**
 * Short visible labels for narrow places (the sidebar); the accessible name stays the full one and
 * contains the visible text (WCAG 2.5.3, label in name: speech users say what they see).
 */
const COMPACT: Record<Period, string> = { "7d": "7d", "30d": "30d", "90d": "90d", "365d": "Year", all: "All" };

/** A group of toggle buttons, one per period; Tab reaches each, Enter or Space picks it. */
export function PeriodSelector({
  value,
  onChange,
  compact = false,
}: {
  value: Period;
  onChange: (period: Period) => void;
  compact?: boolean;
}) {
  return (
    <fieldset class="periods" aria-label="Period">
      {PERIODS.map((period) => (
        <Button
          key={period}
          aria-pressed={value === period ? "true" : "false"}
          aria-label={compact ? PERIOD_NAMES[period] : undefined}
          onClick={() => onChange(period)}
        >
          {compact ? COMPACT[period] : PERIOD_NAMES[period]}
        </Button>
      ))}
    </fieldset>
  );
}
