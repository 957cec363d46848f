import { UI_CSS } from "../ui/styles.ts";
import { THEME_CSS } from "../ui/theme.ts";

/**
 * The sidebar's CSS inside its shadow root: the theme and the shared components, then the panel's own
 * chrome. It lives after `:host { all: initial }`, so it never touches the host page, and the page's
 * styles never reach it. Pixel sizes only: rem would follow the host page's root font size.
 */
export const SIDEBAR_CSS = `${THEME_CSS}${UI_CSS}
.panel, .tab { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; color: var(--sl-text); box-sizing: border-box; }
.panel *, .tab { box-sizing: border-box; }
.panel { position: fixed; top: 0; right: 0; z-index: 2147483646; width: 340px; height: 100vh; display: flex; flex-direction: column;
  background: var(--sl-bg); border-left: 1px solid var(--sl-border); box-shadow: -4px 0 16px rgba(20, 30, 50, .12); }
button.tab { position: fixed; right: 0; top: 40vh; z-index: 2147483646; writing-mode: vertical-rl; padding: 12px 6px; border: 1px solid var(--sl-accent);
  border-right: 0; border-radius: 8px 0 0 8px; background: var(--sl-accent); color: var(--sl-on-accent); font-weight: 600; }
button.tab:hover { background: var(--sl-accent-hover); }
.bar { display: flex; align-items: center; justify-content: space-between; padding: 8px 12px; background: var(--sl-accent); color: var(--sl-on-accent); }
.brand { font-weight: 700; letter-spacing: .02em; }
.body { overflow-y: auto; padding: 12px; flex: 1; }
.bar :focus-visible { outline-color: var(--sl-on-accent); }
button.icon, button.icon:hover { background: transparent; border-color: var(--sl-on-accent); color: var(--sl-on-accent); font-size: 16px; line-height: 1; padding: 2px 8px; }
`;
