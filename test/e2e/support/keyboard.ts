import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The element that has focus, looking through open shadow roots (the sidebar's in the test build). */
export type Focused = { tag: string; text: string; name: string; outline: string; inShadow: boolean };

export async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let inShadow = false;
    while (el?.shadowRoot?.activeElement) {
      el = el.shadowRoot.activeElement;
      inShadow = true;
    }
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? "").trim().slice(0, 80),
      // Roughly the accessible name: aria-label, else the label's text, else the element's own text.
      name:
        el.getAttribute("aria-label") ??
        (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ??
        (el.textContent ?? "").trim().slice(0, 80),
      // A visible focus indicator: the theme draws a 2px outline on :focus-visible.
      outline: style.outlineStyle === "none" || style.outlineWidth === "0px" ? "none" : style.outlineStyle,
      inShadow,
    };
  });
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until the focused element matches, at most `max` times,
 * and checks the focus is visible there. Fails naming where focus went when it never gets there:
 * that element is not reachable by keyboard.
 */
export async function tabTo(
  page: Page,
  matches: (f: Focused) => boolean,
  options: { max?: number; backwards?: boolean } = {},
): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 60); i++) {
    await page.keyboard.press(options.backwards ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (now && matches(now)) {
      expect(now.outline, `focus ring on ${now.tag} "${now.text}"`).not.toBe("none");
      return now;
    }
    seen.push(now ? `${now.tag}:${now.name || now.text}` : "(body)");
  }
  throw new Error(`not reachable by keyboard; focus went through ${seen.join(" > ")}`);
}
