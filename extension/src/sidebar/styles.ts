/**
 * The sidebar's CSS, passed to createShadowRootUi (no separate CSS file to fetch). It lives inside
 * the shadow root, after WXT's `:host { all: initial }` reset, so it never touches the host page.
 * Pixel sizes only: rem would follow the host page's root font size.
 */
export const SIDEBAR_CSS = `
.panel, .tab { font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; color: #1f2430; box-sizing: border-box; }
.panel *, .tab { box-sizing: border-box; }
.panel { position: fixed; top: 0; right: 0; z-index: 2147483646; width: 340px; height: 100vh; display: flex; flex-direction: column;
  background: #fff; border-left: 1px solid #d8dce6; box-shadow: -4px 0 16px rgba(20, 30, 50, .12); }
.tab { position: fixed; right: 0; top: 40vh; z-index: 2147483646; writing-mode: vertical-rl; padding: 12px 6px; border: 1px solid #3b5bdb;
  border-right: 0; border-radius: 8px 0 0 8px; background: #3b5bdb; color: #fff; font-weight: 600; cursor: pointer; }
.bar { display: flex; align-items: center; justify-content: space-between; padding: 8px 12px; background: #3b5bdb; color: #fff; }
.brand { font-weight: 700; letter-spacing: .02em; }
.body { overflow-y: auto; padding: 12px; flex: 1; }
button { font: inherit; cursor: pointer; border: 1px solid #b8bfce; background: #f5f6fa; color: inherit; border-radius: 6px; padding: 4px 10px; }
button:focus-visible, summary:focus-visible, .tab:focus-visible { outline: 2px solid #f59f00; outline-offset: 2px; }
.icon { background: transparent; border-color: rgba(255,255,255,.6); color: #fff; font-size: 16px; line-height: 1; padding: 2px 8px; }
.primary { background: #3b5bdb; border-color: #3b5bdb; color: #fff; }
.state p { margin: 0 0 8px; }
.muted { color: #5c6477; margin: 2px 0; }
.warn { color: #a61e4d; }
.head { margin-bottom: 8px; }
.name { font-size: 17px; margin: 0 0 2px; }
.headline { display: flex; align-items: center; gap: 10px; margin-top: 6px; }
.reasons { font-size: 12px; margin-top: 4px; }
.pill { background: #e7f5ff; color: #1864ab; border-radius: 999px; padding: 2px 8px; font-weight: 600; }
.spark polyline { fill: none; stroke: #2f9e44; stroke-width: 2; }
.spark .zero { stroke: #d8dce6; stroke-width: 1; }
.periods { display: flex; gap: 4px; margin: 8px 0; padding: 0; border: 0; min-width: 0; }
.periods button { padding: 2px 8px; }
.periods button[aria-pressed="true"] { background: #3b5bdb; border-color: #3b5bdb; color: #fff; }
.overview[aria-busy="true"] { opacity: .7; }
.section { margin-top: 12px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #3b4256; margin: 0 0 4px; }
h4 { font-size: 12px; margin: 6px 0 2px; color: #3b4256; }
.items { list-style: none; margin: 0; padding: 0; }
.items li { border-bottom: 1px solid #eef0f5; padding: 4px 0; }
summary { cursor: pointer; }
.source { margin: 4px 0 4px 14px; }
.link { border: 0; background: none; padding: 0; color: #3b5bdb; text-decoration: underline; }
blockquote { margin: 0; font-style: italic; color: #1f2430; }
.strong { font-weight: 600; }
`;
