import { createServer, type ServerResponse } from "node:http";

/**
 * A fake Slack on 127.0.0.1 for incoming webhooks: POST at any path (the path stands for the secret
 * webhook URL). Like Slack it answers 200 "ok" as plain text, and 400 with a plain-text code when the
 * payload is wrong: "invalid_payload" (not JSON), "no_text" (neither text nor blocks) and
 * "invalid_blocks" when Block Kit limits are broken (50 blocks, header plain_text max 150 characters,
 * section text max 3,000, at most 10 fields of 2,000, unknown block types). Faults are queued:
 * `failNext(2)` answers the next two posts with 500; `failNext(1, 429, { retryAfter: 1 })` rate-limits.
 */
export interface FakeSlackPost {
  path: string;
  body: { text?: string; blocks?: Array<Record<string, unknown>> } & Record<string, unknown>;
}

export interface FakeSlack {
  url: string;
  /** A webhook URL on this server (`${url}/services/...`). */
  webhookUrl(name?: string): string;
  /** Posts answered 200 "ok". */
  received: FakeSlackPost[];
  /** Every request and its status, faults included. */
  requests: Array<{ method: string; path: string; status: number; error?: string }>;
  failNext(count: number, status?: number, options?: { body?: string; retryAfter?: number }): void;
  close(): Promise<void>;
}

const LIMITS = { blocks: 50, header: 150, section: 3000, fields: 10, field: 2000, context: 10 } as const;
const BLOCK_TYPES = new Set(["header", "section", "context", "divider", "actions", "image", "rich_text"]);

type Json = Record<string, unknown>;
const textOf = (value: unknown): string | null => {
  const t = (value as Json | undefined)?.text;
  return typeof t === "string" ? t : null;
};

/** Why Slack would refuse these blocks, or null when it would accept them. */
export function blockKitProblem(blocks: unknown): string | null {
  if (!Array.isArray(blocks)) return "blocks must be an array";
  if (blocks.length > LIMITS.blocks) return `${blocks.length} blocks (max ${LIMITS.blocks})`;
  for (const [i, raw] of blocks.entries()) {
    const block = raw as Json;
    if (typeof block?.type !== "string" || !BLOCK_TYPES.has(block.type)) return `blocks[${i}]: unknown type`;
    if (block.type === "header") {
      const text = block.text as Json | undefined;
      if (text?.type !== "plain_text") return `blocks[${i}]: header text must be plain_text`;
      const t = textOf(block.text);
      if (!t || t.length > LIMITS.header) return `blocks[${i}]: header text empty or over ${LIMITS.header}`;
    }
    if (block.type === "section") {
      const t = block.text === undefined ? null : textOf(block.text);
      const fields = block.fields as unknown[] | undefined;
      if (t === null && !fields) return `blocks[${i}]: section needs text or fields`;
      if (t !== null && (t.length === 0 || t.length > LIMITS.section))
        return `blocks[${i}]: section text empty or over ${LIMITS.section}`;
      if (fields) {
        if (!Array.isArray(fields) || fields.length > LIMITS.fields)
          return `blocks[${i}]: over ${LIMITS.fields} fields`;
        for (const f of fields) {
          const ft = textOf(f);
          if (!ft || ft.length > LIMITS.field) return `blocks[${i}]: field empty or over ${LIMITS.field}`;
        }
      }
    }
    if (block.type === "context") {
      const elements = block.elements as unknown[] | undefined;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMITS.context)
        return `blocks[${i}]: context needs 1-${LIMITS.context} elements`;
    }
  }
  return null;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const faults: Array<{ status: number; body: string; retryAfter?: number }> = [];
  const received: FakeSlackPost[] = [];
  const requests: FakeSlack["requests"] = [];

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://fake.slack").pathname;
    const answer = (status: number, body: string, headers: Record<string, string> = {}, error?: string) => {
      requests.push({ method: req.method ?? "GET", path, status, ...(error ? { error } : {}) });
      send(res, status, body, headers);
    };
    if (req.method !== "POST") return answer(405, "invalid_method");
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const fault = faults.shift();
      if (fault)
        return answer(fault.status, fault.body, fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {});
      let body: FakeSlackPost["body"];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return answer(400, "invalid_payload");
      }
      if (typeof body !== "object" || body === null) return answer(400, "invalid_payload");
      if (!body.text && !body.blocks) return answer(400, "no_text");
      if (body.blocks !== undefined) {
        const problem = blockKitProblem(body.blocks);
        if (problem) return answer(400, "invalid_blocks", {}, problem);
      }
      received.push({ path, body });
      return answer(200, "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake Slack did not get a port");
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    webhookUrl: (name = "T000/B000/fake") => `${url}/services/${name}`,
    received,
    requests,
    failNext(count, status = 500, options = {}) {
      const body =
        options.body ?? (status === 429 ? "rate_limited" : status >= 500 ? "internal_error" : "invalid_token");
      for (let i = 0; i < count; i++) faults.push({ status, body, retryAfter: options.retryAfter });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(body);
}
