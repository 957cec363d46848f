import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Who may import whom in the extension. The surfaces (popup, options page, extension pages, sidebar)
 * share code only through `ui/` (components, states, the failure describer, the message sender) and
 * `shared/` (message types, URLs): one surface never imports another, so a new screen copies nothing
 * and no surface breaks when another changes. Each entrypoint mounts exactly its own surface.
 */
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const SURFACES = ["src/popup", "src/options", "src/pages", "src/sidebar"] as const;

/** The folders each entrypoint may use besides ui/ and shared/. */
const ENTRYPOINT_SURFACE: Record<string, string> = {
  "entrypoints/popup": "src/popup",
  "entrypoints/options": "src/options",
  "entrypoints/overview": "src/pages",
  "entrypoints/transcript": "src/pages",
  "entrypoints/coaching": "src/pages",
  "entrypoints/search": "src/pages",
  "entrypoints/sidebar.content": "src/sidebar",
  "entrypoints/background.ts": "src/background",
};

interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "fixtures" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import and re-export of the extension's own files, as paths relative to extension/. */
function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of [...sourceFiles(join(ROOT, "src")), ...sourceFiles(join(ROOT, "entrypoints"))]) {
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((text, i) => {
        for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
          const target = resolve(dirname(file), match[1] ?? "");
          edges.push({ from: relative(ROOT, file), to: relative(ROOT, target), line: i + 1 });
        }
      });
  }
  return edges;
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const surfaceOf = (path: string) => SURFACES.find((s) => inside(path, s));

/** Where an edge breaks a rule, with the reason; empty when the layout holds. */
export function boundaryViolations(edges: ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to, line } of edges) {
    const at = `${from}:${line} imports ${to}`;
    const fromSurface = surfaceOf(from);
    const toSurface = surfaceOf(to);
    if (fromSurface && toSurface && fromSurface !== toSurface)
      problems.push(`${at}: a surface never imports another; share it through src/ui or src/shared`);
    if (inside(from, "src/ui") && !inside(to, "src/ui") && !inside(to, "src/shared"))
      problems.push(`${at}: src/ui uses only src/ui and src/shared`);
    if (inside(from, "src/shared") && !inside(to, "src/shared")) problems.push(`${at}: src/shared depends on nothing`);
    if (inside(from, "src/background") && (toSurface || inside(to, "src/ui")))
      problems.push(`${at}: the background knows no surface`);
    const entry = Object.keys(ENTRYPOINT_SURFACE).find((e) => inside(from, e));
    if (entry) {
      const own = ENTRYPOINT_SURFACE[entry] ?? "";
      if (!inside(to, entry) && !inside(to, own) && !inside(to, "src/ui") && !inside(to, "src/shared"))
        problems.push(`${at}: ${entry} mounts ${own} only (with src/ui and src/shared)`);
    }
  }
  return problems;
}

describe("extension import boundaries", () => {
  it("hold across extension/src and extension/entrypoints", () => {
    const edges = importEdges();
    expect(edges.length).toBeGreaterThan(100);
    expect(boundaryViolations(edges)).toEqual([]);
  });

  it("catch each kind of crossing (the rules are not vacuous)", () => {
    const edge = (from: string, to: string) => ({ from, to, line: 1 });
    const caught = boundaryViolations([
      // The crossings this layout removed: options used the popup's describer and sender, the
      // sidebar's mount the popup's sender, the pages the sidebar's store and components.
      edge("src/options/store.ts", "src/popup/describe-failure.ts"),
      edge("src/sidebar/mount.tsx", "src/popup/send-message.ts"),
      edge("src/pages/overview-store.ts", "src/sidebar/store.ts"),
      edge("src/ui/AccountOverview.tsx", "src/sidebar/store.ts"),
      edge("src/shared/messages.ts", "src/background/router.ts"),
      edge("src/background/router.ts", "src/ui/describe-failure.ts"),
      edge("entrypoints/overview/main.tsx", "src/sidebar/styles.ts"),
    ]);
    expect(caught).toHaveLength(7);
    expect(
      boundaryViolations([
        edge("src/options/store.ts", "src/ui/describe-failure.ts"),
        edge("src/pages/OverviewPage.tsx", "src/ui/AccountOverview.tsx"),
        edge("src/popup/store.ts", "src/shared/page-urls.ts"),
        edge("src/popup/crm-record-url.ts", "src/host-pages/dom.ts"),
        edge("src/background/handlers/open-transcript.ts", "src/shared/page-urls.ts"),
        edge("entrypoints/overview/main.tsx", "src/pages/OverviewPage.tsx"),
        edge("entrypoints/sidebar.content/index.ts", "src/sidebar/mount.tsx"),
      ]),
    ).toEqual([]);
  });
});
