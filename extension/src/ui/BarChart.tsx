import { type Bar, barLengths } from "./chart.ts";

const ROW = 26;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 64;
const LABEL_CHARS = 30;

/**
 * A horizontal SVG bar chart: per bar its label, the bar and the value written beside it, all as SVG
 * text (readable by a test and by a screen reader through the label and each bar's title). role="img"
 * with a label; callers also give the figures in a table. Bars use currentColor, so the theme colours them.
 */
export function BarChart({ bars, label, width = 600 }: { bars: Bar[]; label: string; width?: number }) {
  const plot = width - LABEL_WIDTH - VALUE_WIDTH;
  const lengths = barLengths(
    bars.map((b) => b.value),
    plot,
  );
  const height = bars.length * ROW + 4;
  return (
    <svg
      class="chart bars"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {bars.map((bar, i) => {
        const y = i * ROW + 2;
        const short = bar.label.length > LABEL_CHARS ? `${bar.label.slice(0, LABEL_CHARS - 1)}…` : bar.label;
        const length = lengths[i] ?? 0;
        return (
          <g key={bar.key} data-bar={bar.key}>
            <title>{`${bar.label}: ${bar.valueText}`}</title>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle" class="bar-label">
              {short}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={length} height={ROW - 8} fill="currentColor" rx="2" />
            <text x={LABEL_WIDTH + length + 6} y={y + ROW / 2} dominant-baseline="middle" class="bar-value">
              {bar.valueText}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
