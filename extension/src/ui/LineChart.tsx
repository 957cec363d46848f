/**
 * The small SVG chart of every surface: polylines (one per unbroken run of points), optional dots
 * with a tooltip each, and an optional zero line. role="img" with a label: the figures it draws are
 * also given in text by its callers. Lines use currentColor, so the theme colours them.
 */
export function LineChart({
  width,
  height,
  lines,
  dots = [],
  zeroY,
  label,
  class: className,
}: {
  width: number;
  height: number;
  lines: string[];
  dots?: Array<{ x: number; y: number; key: string; title: string }>;
  zeroY?: number;
  label: string;
  class?: string;
}) {
  return (
    <svg
      class={className ? `chart ${className}` : "chart"}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      {zeroY !== undefined && <line x1="0" y1={zeroY} x2={width} y2={zeroY} class="zero" />}
      {lines.map((points) => (
        <polyline key={points} points={points} fill="none" stroke="currentColor" stroke-width="1.75" />
      ))}
      {dots.map((d) => (
        <circle key={d.key} cx={d.x} cy={d.y} r="2.5" fill="currentColor">
          <title>{d.title}</title>
        </circle>
      ))}
    </svg>
  );
}
