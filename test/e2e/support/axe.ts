import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** The WCAG 2.1 A and AA rules and axe's best practices. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

export type Finding = { id: string; impact: string; help: string; nodes: string[] };

/**
 * axe-core's serious and critical findings on `page` (or only inside `include`, e.g. the sidebar's
 * host element on a fixture page whose own markup is not ours), in the colour scheme given. An empty
 * list is the bar every surface must meet; the report names each rule and the elements that broke it.
 */
export async function seriousFindings(
  page: Page,
  options: { include?: string; colorScheme?: "light" | "dark" } = {},
): Promise<Finding[]> {
  await page.emulateMedia({ colorScheme: options.colorScheme ?? "light" });
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (options.include) builder = builder.include(options.include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
    }));
}

/** Both colour schemes: the theme follows the system, so each must pass on its own. */
export async function findingsInBothSchemes(page: Page, include?: string): Promise<Record<string, Finding[]>> {
  const light = await seriousFindings(page, { include, colorScheme: "light" });
  const dark = await seriousFindings(page, { include, colorScheme: "dark" });
  await page.emulateMedia({ colorScheme: "light" });
  return { light, dark };
}
