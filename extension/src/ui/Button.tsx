import type { ButtonHTMLAttributes } from "preact";

export type ButtonVariant = "plain" | "primary" | "danger" | "link";

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "class"> & {
  variant?: ButtonVariant;
  class?: string;
};

/**
 * The one button: type="button" unless told otherwise (no accidental form submits), and a variant
 * class the theme colours (ui/theme.ts): every variant keeps 4.5:1 text contrast, disabled included.
 */
export function Button({ variant = "plain", class: extra, type = "button", ...rest }: Props) {
  const classes = [variant === "plain" ? null : variant, extra].filter(Boolean).join(" ");
  return <button type={type} class={classes || undefined} {...rest} />;
}
