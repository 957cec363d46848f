import { THEME_CSS } from "./theme.ts";

/**
 * The shared components' CSS, for extension pages and the sidebar's shadow root alike. Colours come
 * only from the theme's variables (ui/theme.ts). Pixel sizes only: rem would follow a host page's root
 * font size inside the sidebar.
 */
export const UI_CSS = `
button { font: inherit; cursor: pointer; border: 1px solid var(--sl-border); background: var(--sl-surface); color: var(--sl-text);
  border-radius: 6px; padding: 4px 10px; }
button:hover { background: var(--sl-hover); }
button:disabled, button:disabled:hover { cursor: default; background: var(--sl-disabled); color: var(--sl-disabled-text); border-color: var(--sl-disabled); }
button.primary, button[aria-pressed="true"] { background: var(--sl-accent); border-color: var(--sl-accent); color: var(--sl-on-accent); }
button.primary:hover, button[aria-pressed="true"]:hover { background: var(--sl-accent-hover); border-color: var(--sl-accent-hover); }
button.danger { background: var(--sl-danger); border-color: var(--sl-danger); color: var(--sl-on-danger); }
button.link, button.link:hover { border: 0; background: none; padding: 0; color: var(--sl-link); text-decoration: underline; text-align: left; }
:focus-visible { outline: 2px solid var(--sl-focus); outline-offset: 2px; }
input, select { font: inherit; color: var(--sl-text); background: var(--sl-bg); border: 1px solid var(--sl-border); border-radius: 4px; padding: 5px 8px; }
.muted, .hint { color: var(--sl-muted); }
.error, .warn { color: var(--sl-error); }
.state { margin: 8px 0; }
.state p { margin: 0 0 8px; }
.actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.sign-in { display: flex; flex-direction: column; gap: 10px; }
.sign-in label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; }
.sign-in input { font-weight: normal; }
.hint { margin: -4px 0 0; font-size: 13px; }
.periods { display: flex; flex-wrap: wrap; gap: 4px; margin: 8px 0; padding: 0; border: 0; min-width: 0; }
.periods button { padding: 2px 8px; }
.head { margin-bottom: 8px; }
mark { background: var(--sl-mark); color: var(--sl-text); border-radius: 2px; }
mark.current { background: var(--sl-mark-current); outline: 2px solid var(--sl-focus); }
.name { font-size: 17px; margin: 0 0 2px; }
.headline { display: flex; align-items: center; gap: 10px; margin-top: 6px; }
.reasons { font-size: 12px; margin-top: 4px; }
.pill { background: var(--sl-pill); color: var(--sl-pill-text); border-radius: 999px; padding: 2px 8px; font-weight: 600; }
.chart { color: var(--sl-chart); }
.chart .zero { stroke: var(--sl-rule); stroke-width: 1; }
.overview[aria-busy="true"] { opacity: .85; }
.section { margin-top: 12px; }
.section h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--sl-text); margin: 0 0 4px; }
.contacts h4 { font-size: 12px; margin: 6px 0 2px; color: var(--sl-text); }
.items { list-style: none; margin: 0; padding: 0; }
.items li { border-bottom: 1px solid var(--sl-rule); padding: 4px 0; }
summary { cursor: pointer; }
.source { margin: 4px 0 4px 14px; }
.source p { margin: 2px 0; }
blockquote { margin: 0; font-style: italic; }
.strong { font-weight: 600; }
.progress { display: flex; flex-direction: column; gap: 4px; }
.progress progress { width: 100%; accent-color: var(--sl-accent); }
`;

/** Puts the theme and the components' CSS first in an extension page's head (its own style.css follows). */
export function applyUiStyles(doc: Document): void {
  const style = doc.createElement("style");
  style.textContent = `${THEME_CSS}${UI_CSS}`;
  doc.head.prepend(style);
}
