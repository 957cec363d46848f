/**
 * The one theme of every extension surface: CSS custom properties on `:root` (extension pages) and
 * `:host` (the sidebar's shadow root), light by default and dark when the system asks for it
 * (prefers-color-scheme). Components use only these variables, so each text/background pair below is
 * a pair the unit test (theme.test.ts) checks for at least 4.5:1 contrast in both schemes.
 */
type Palette = Record<ThemeVariable, string>;

export type ThemeVariable =
  | "--sl-bg"
  | "--sl-page"
  | "--sl-surface"
  | "--sl-hover"
  | "--sl-text"
  | "--sl-muted"
  | "--sl-border"
  | "--sl-accent"
  | "--sl-accent-hover"
  | "--sl-on-accent"
  | "--sl-link"
  | "--sl-selected"
  | "--sl-selected-text"
  | "--sl-selected-muted"
  | "--sl-disabled"
  | "--sl-disabled-text"
  | "--sl-error"
  | "--sl-success"
  | "--sl-danger"
  | "--sl-on-danger"
  | "--sl-highlight"
  | "--sl-pill"
  | "--sl-pill-text"
  | "--sl-focus"
  | "--sl-chart"
  | "--sl-rule"
  | "--sl-ours"
  | "--sl-theirs"
  | "--sl-mark"
  | "--sl-mark-current";

const LIGHT: Palette = {
  "--sl-bg": "#ffffff",
  "--sl-page": "#eef0f5",
  "--sl-surface": "#f3f4f8",
  "--sl-hover": "#e3e7f3",
  "--sl-text": "#1f2430",
  "--sl-muted": "#4d5567",
  "--sl-border": "#8a93a6",
  "--sl-accent": "#2b4acb",
  "--sl-accent-hover": "#1f3aa8",
  "--sl-on-accent": "#ffffff",
  "--sl-link": "#2b4acb",
  // The selected row is a light tint with dark text: its detail lines stay readable (was grey on blue).
  "--sl-selected": "#dbe3ff",
  "--sl-selected-text": "#141a2b",
  "--sl-selected-muted": "#3d4660",
  "--sl-disabled": "#e6e9f0",
  "--sl-disabled-text": "#4d5567",
  "--sl-error": "#b02a2a",
  "--sl-success": "#2b6e37",
  "--sl-danger": "#b02a2a",
  "--sl-on-danger": "#ffffff",
  "--sl-highlight": "#fff3bf",
  "--sl-pill": "#e3edff",
  "--sl-pill-text": "#1a4a86",
  "--sl-focus": "#d9480f",
  "--sl-chart": "#2b4acb",
  "--sl-rule": "#dde1ea",
  // Speakers by side in the transcript: blue for ours, brown for theirs (also named in text, never colour alone).
  "--sl-ours": "#1d5e8c",
  "--sl-theirs": "#8a3b12",
  "--sl-mark": "#ffe066",
  "--sl-mark-current": "#ffa94d",
};

const DARK: Palette = {
  "--sl-bg": "#1b1e26",
  "--sl-page": "#121419",
  "--sl-surface": "#272b36",
  "--sl-hover": "#323746",
  "--sl-text": "#e8eaf0",
  "--sl-muted": "#b4bac8",
  "--sl-border": "#6d7486",
  "--sl-accent": "#9aabff",
  "--sl-accent-hover": "#b7c3ff",
  "--sl-on-accent": "#10131c",
  "--sl-link": "#a9b8ff",
  "--sl-selected": "#2e3c70",
  "--sl-selected-text": "#ffffff",
  "--sl-selected-muted": "#d0d7ee",
  "--sl-disabled": "#2a2e38",
  "--sl-disabled-text": "#aab0be",
  "--sl-error": "#ff9b93",
  "--sl-success": "#86d993",
  "--sl-danger": "#ff9b93",
  "--sl-on-danger": "#1b1e26",
  "--sl-highlight": "#4a3f10",
  "--sl-pill": "#24365c",
  "--sl-pill-text": "#d3e2ff",
  "--sl-focus": "#ffa94d",
  "--sl-chart": "#9aabff",
  "--sl-rule": "#343a48",
  "--sl-ours": "#8cc8ff",
  "--sl-theirs": "#ffb38a",
  "--sl-mark": "#5c4d00",
  "--sl-mark-current": "#8a3d00",
};

/**
 * Every text colour on every background it is drawn on (resting, hover, selected, disabled, pressed),
 * as the components in ui/styles.ts and the surfaces' CSS use them.
 */
export const TEXT_PAIRS: ReadonlyArray<{ text: ThemeVariable; on: ThemeVariable; where: string }> = [
  { text: "--sl-text", on: "--sl-bg", where: "body text" },
  { text: "--sl-text", on: "--sl-page", where: "text on the page around a column" },
  { text: "--sl-muted", on: "--sl-bg", where: "detail lines" },
  { text: "--sl-muted", on: "--sl-page", where: "detail lines on the page" },
  { text: "--sl-text", on: "--sl-surface", where: "buttons" },
  { text: "--sl-text", on: "--sl-hover", where: "buttons and rows on hover" },
  { text: "--sl-muted", on: "--sl-hover", where: "a row's detail line on hover" },
  { text: "--sl-selected-text", on: "--sl-selected", where: "the selected row" },
  { text: "--sl-selected-muted", on: "--sl-selected", where: "the selected row's detail lines" },
  { text: "--sl-disabled-text", on: "--sl-disabled", where: "disabled buttons" },
  { text: "--sl-on-accent", on: "--sl-accent", where: "primary and pressed buttons, the sidebar's bar" },
  { text: "--sl-on-accent", on: "--sl-accent-hover", where: "primary buttons on hover" },
  { text: "--sl-link", on: "--sl-bg", where: "links" },
  { text: "--sl-link", on: "--sl-hover", where: "links in a hovered row" },
  { text: "--sl-error", on: "--sl-bg", where: "errors" },
  { text: "--sl-error", on: "--sl-page", where: "errors on the page" },
  { text: "--sl-success", on: "--sl-bg", where: "better, connected" },
  { text: "--sl-on-danger", on: "--sl-danger", where: "danger buttons" },
  { text: "--sl-text", on: "--sl-highlight", where: "the transcript's quoted moment" },
  { text: "--sl-muted", on: "--sl-highlight", where: "the quoted moment's time" },
  { text: "--sl-pill-text", on: "--sl-pill", where: "the closing probability" },
  { text: "--sl-ours", on: "--sl-bg", where: "our side's speaker names in the transcript" },
  { text: "--sl-theirs", on: "--sl-bg", where: "their side's speaker names in the transcript" },
  { text: "--sl-ours", on: "--sl-highlight", where: "our speaker on the quoted moment" },
  { text: "--sl-theirs", on: "--sl-highlight", where: "their speaker on the quoted moment" },
  { text: "--sl-text", on: "--sl-mark", where: "search and find matches" },
  { text: "--sl-text", on: "--sl-mark-current", where: "the current find match" },
];

/**
 * Colours that are not text but must be seen (WCAG 1.4.11, 3:1): the focus ring on the page and on a
 * primary button's neighbourhood, input and button borders, chart lines.
 */
export const NON_TEXT_PAIRS: ReadonlyArray<{ color: ThemeVariable; on: ThemeVariable; where: string }> = [
  { color: "--sl-focus", on: "--sl-bg", where: "the focus ring" },
  { color: "--sl-focus", on: "--sl-page", where: "the focus ring on the page" },
  { color: "--sl-border", on: "--sl-bg", where: "input and button borders" },
  { color: "--sl-chart", on: "--sl-bg", where: "chart lines" },
  { color: "--sl-accent", on: "--sl-bg", where: "the selected row's edge, pressed buttons" },
  { color: "--sl-ours", on: "--sl-bg", where: "our side's segment edge" },
  { color: "--sl-theirs", on: "--sl-bg", where: "their side's segment edge" },
];

/** One rule without spaces: this CSS ships in the sidebar's content script, which has a size budget. */
function block(palette: Palette): string {
  return `:root,:host{${Object.entries(palette)
    .map(([name, value]) => `${name}:${value};`)
    .join("")}}`;
}

export const THEME_CSS = `${block(LIGHT)}:root,:host{color-scheme:light dark}@media (prefers-color-scheme: dark){${block(DARK)}}\n`;
