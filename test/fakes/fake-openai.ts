import { createServer, type ServerResponse } from "node:http";

/**
 * A fake OpenAI-compatible server on 127.0.0.1: POST /v1/chat/completions in the OpenAI wire format
 * (`chat.completion` objects with `choices[0].message.content` and `usage`). Answers are scripted:
 * `respondWith(fn)` computes the content (a JSON string) from the request; `failNext(1, 429)` queues
 * HTTP faults (429 carries `retry-after-ms`, like OpenAI, so client retries are quick) and
 * `malformedNext(n)` answers 200 with content that is not JSON. Requires `Authorization: Bearer ...`.
 * `calls` counts chat-completion requests (faults included); `requests` records each one.
 */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  [key: string]: unknown;
}

export interface FakeOpenAI {
  url: string;
  readonly calls: number;
  requests: Array<{ status: number; body: ChatRequest | null; authorization: string | undefined }>;
  respondWith(fn: (request: ChatRequest) => unknown): void;
  failNext(count: number, status?: number): void;
  malformedNext(count: number, content?: string): void;
  close(): Promise<void>;
}

type Fault = { kind: "http"; status: number } | { kind: "malformed"; content: string };

const EMPTY = { topics: [], wins: [], issues: [], objections: [], customerQuestions: [], nextSteps: [] };

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const faults: Fault[] = [];
  const requests: FakeOpenAI["requests"] = [];
  let respond: (request: ChatRequest) => unknown = () => EMPTY;
  let sequence = 0;

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://fake.openai").pathname;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || path !== "/v1/chat/completions")
        return error(res, 404, "not_found", `Unknown request URL: ${req.method} ${path}`);
      let body: ChatRequest | null = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
      } catch {
        body = null;
      }
      const record = (status: number) => requests.push({ status, body, authorization: req.headers.authorization });
      if (!req.headers.authorization?.startsWith("Bearer ")) {
        record(401);
        return error(res, 401, "invalid_api_key", "Missing bearer authentication in header");
      }
      if (!body || !Array.isArray(body.messages)) {
        record(400);
        return error(res, 400, "invalid_request_error", "Invalid body");
      }
      const fault = faults.shift();
      if (fault?.kind === "http") {
        record(fault.status);
        return error(
          res,
          fault.status,
          fault.status === 429 ? "rate_limit_exceeded" : "server_error",
          fault.status === 429 ? "Rate limit reached" : "The server had an error",
          fault.status === 429 ? { "retry-after-ms": "50" } : {},
        );
      }
      const content = fault?.kind === "malformed" ? fault.content : JSON.stringify(respond(body));
      record(200);
      const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4);
      const completionTokens = Math.ceil(content.length / 4);
      sequence++;
      return json(res, 200, {
        id: `chatcmpl-fake${sequence}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content, refusal: null },
            logprobs: null,
            finish_reason: "stop",
          },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake OpenAI did not get a port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    get calls() {
      return requests.length;
    },
    requests,
    respondWith(fn) {
      respond = fn;
    },
    failNext(count, status = 429) {
      for (let i = 0; i < count; i++) faults.push({ kind: "http", status });
    },
    malformedNext(count, content = '{"topics": [ this is not JSON') {
      for (let i = 0; i < count; i++) faults.push({ kind: "malformed", content });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  json(res, status, { error: { message, type: code, param: null, code } }, headers);
}
