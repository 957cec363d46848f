import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The folder layout is the pipeline, so who may import whom is part of the design. Each rule below
 * says which folder must not know another; a new import across one fails here, naming the line.
 */
const SRC = dirname(fileURLToPath(import.meta.url));

interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import and re-export of the worker's own files, as paths relative to worker/src. */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const lines = readFileSync(file, "utf8").split("\n");
    lines.forEach((text, i) => {
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
        const target = resolve(dirname(file), match[1] ?? "");
        edges.push({ from: relative(root, file), to: relative(root, target), line: i + 1 });
      }
    });
  }
  return edges;
}

const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** Where an edge breaks a rule, with the reason; empty when the layout holds. */
export function boundaryViolations(edges: ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to, line } of edges) {
    const at = `${from}:${line} imports ${to}`;
    if (inside(from, "providers") && inside(to, "api")) problems.push(`${at}: providers never know the API`);
    if (inside(from, "analysis") && inside(to, "providers")) problems.push(`${at}: analysis never knows providers`);
    if (inside(from, "insights") && inside(to, "api")) problems.push(`${at}: insights never know the API`);
    // The dispatcher is the queue's inside: only the Worker's entry point (and providers registering
    // their job kinds) reach it. The job contract (queue/jobs.ts: job shapes and the two failure
    // types) is what every stage speaks when it queues work or fails a job, so it is the exception.
    const dispatcher = inside(to, "queue") && to !== "queue/jobs.ts";
    if (dispatcher && !inside(from, "queue") && from !== "index.ts" && !inside(from, "providers"))
      problems.push(`${at}: only index.ts and providers use the queue's dispatcher`);
    // Providers are slices: one provider's code never reaches into another's folder.
    const [, fromProvider] = /^providers\/([^/]+)\//.exec(from) ?? [];
    const [, toProvider] = /^providers\/([^/]+)\//.exec(to) ?? [];
    if (fromProvider && toProvider && fromProvider !== toProvider)
      problems.push(`${at}: provider ${fromProvider} never reaches into provider ${toProvider}`);
  }
  return problems;
}

describe("worker import boundaries", () => {
  it("hold across worker/src", () => {
    const edges = importEdges(SRC);
    expect(edges.length).toBeGreaterThan(300);
    expect(boundaryViolations(edges)).toEqual([]);
  });

  it("catch each kind of crossing (the rules are not vacuous)", () => {
    const edge = (from: string, to: string) => ({ from, to, line: 1 });
    const caught = boundaryViolations([
      edge("providers/zoom/fetch/x.ts", "api/views.ts"),
      edge("analysis/analyze-conversation.ts", "providers/zoom/zoom-client.ts"),
      edge("insights/account-overview.ts", "api/views.ts"),
      edge("api/operations.ts", "queue/consume-ingest-batch.ts"),
      edge("providers/gong/pull.ts", "providers/zoom/zoom-client.ts"),
    ]);
    expect(caught).toHaveLength(5);
    expect(
      boundaryViolations([
        edge("api/operations.ts", "queue/jobs.ts"),
        edge("index.ts", "queue/consume-ingest-batch.ts"),
        edge("providers/zoom/fetch/x.ts", "providers/zoom/zoom-client.ts"),
        edge("providers/zoom/zoom-provider.ts", "providers/provider.ts"),
      ]),
    ).toEqual([]);
  });
});
