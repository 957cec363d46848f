import Color from "colorjs.io";
import { describe, expect, it } from "vitest";
import { NON_TEXT_PAIRS, TEXT_PAIRS, THEME_CSS } from "./theme.ts";

/**
 * Contrast of every text colour on every background it is drawn on, read back from the CSS that
 * ships (THEME_CSS), not from the palettes it was built from: light (the `:root, :host` block) and
 * dark (the block inside `@media (prefers-color-scheme: dark)`). WCAG 2.1 AA asks 4.5:1 for text.
 */
function variablesOf(css: string): Record<string, string> {
  return Object.fromEntries([...css.matchAll(/(--sl-[a-z-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2]?.trim()]));
}

function schemes(): Record<"light" | "dark", Record<string, string>> {
  const darkAt = THEME_CSS.indexOf("@media (prefers-color-scheme: dark)");
  expect(darkAt).toBeGreaterThan(0);
  return { light: variablesOf(THEME_CSS.slice(0, darkAt)), dark: variablesOf(THEME_CSS.slice(darkAt)) };
}

function contrast(text: string, background: string): number {
  return Math.round(new Color(text).contrast(new Color(background), "WCAG21") * 100) / 100;
}

describe("theme contrast", () => {
  const { light, dark } = schemes();

  it("defines every variable in both schemes", () => {
    expect(Object.keys(light).length).toBeGreaterThan(20);
    expect(Object.keys(dark).sort()).toEqual(Object.keys(light).sort());
  });

  for (const [scheme, vars] of Object.entries({ light, dark })) {
    it(`keeps every text/background pair at 4.5:1 or more (${scheme})`, () => {
      const weak = TEXT_PAIRS.map(({ text, on, where }) => ({
        where,
        pair: `${text} on ${on}`,
        ratio: contrast(vars[text] ?? "transparent", vars[on] ?? "transparent"),
      })).filter((p) => !(p.ratio >= 4.5));
      expect(weak).toEqual([]);
    });
  }

  for (const [scheme, vars] of Object.entries({ light, dark })) {
    it(`keeps focus rings, borders and chart lines at 3:1 or more (${scheme})`, () => {
      const weak = NON_TEXT_PAIRS.map(({ color, on, where }) => ({
        where,
        ratio: contrast(vars[color] ?? "transparent", vars[on] ?? "transparent"),
      })).filter((p) => !(p.ratio >= 3));
      expect(weak).toEqual([]);
    });
  }

  it("would catch the popup's old selected row: grey detail text on the blue highlight", () => {
    // Before the theme: .account-domains at 80% opacity of white... and the summary line #4b5563 on #1565c0.
    expect(contrast("#4b5563", "#1565c0")).toBeLessThan(4.5);
    expect(contrast(light["--sl-selected-muted"] ?? "", light["--sl-selected"] ?? "")).toBeGreaterThanOrEqual(4.5);
  });
});
