/** A labelled progress bar with its figures in words beside it (the bar alone says nothing to a screen reader). */
export function ProgressBar({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  return (
    <div class="progress">
      <progress max={Math.max(max, 1)} value={Math.min(value, Math.max(max, 1))} aria-label={label} />
      <span class="muted">{text}</span>
    </div>
  );
}
