type Props = {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint?: string;
  rows?: number;
  type?: "text" | "email" | "tel";
  inputMode?: "text" | "numeric" | "email" | "tel";
  onInput: (value: string) => void;
};

/**
 * One labelled field with its reason under it: the input is marked invalid and described by the
 * reason (and the hint), so a screen reader reads why when the form moves focus to it.
 */
export function TextField({ id, label, value, error, hint, rows, type = "text", inputMode, onInput }: Props) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    value,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": describedBy,
    autoComplete: "off",
    spellcheck: false,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {rows ? (
        <textarea {...common} rows={rows} onInput={(event) => onInput(event.currentTarget.value)} />
      ) : (
        <input
          {...common}
          // Preact types each input type apart; a union of them fits none, though each one is valid here.
          type={type as "text"}
          inputMode={inputMode}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      )}
      {hint && (
        <span id={hintId} class="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} class="field-error error">
          {error}
        </span>
      )}
    </div>
  );
}

/** After a refused save, focus goes to the first field marked invalid in `form` (its reason is read out). */
export function focusFirstInvalid(form: HTMLElement | null) {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
