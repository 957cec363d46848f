import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A fake OpenAI-compatible server on 127.0.0.1: POST /v1/chat/completions in the OpenAI wire format
 * (`chat.completion` objects with `choices[0].message.content` and `usage`). Answers are scripted:
 * `respondWith(fn)` computes the content (a JSON string) from the request; `failNext(1, 429)` queues
 * HTTP faults (429 carries `retry-after-ms`, like OpenAI, so client retries are quick) and
 * `malformedNext(n)` answers 200 with content that is not JSON. Requires `Authorization: Bearer ...`.
 * `calls` counts chat-completion requests (faults included); `requests` records each one.
 * `delayResponses(ms)` holds every chat-completion answer that long (a slow model, so a test can act
 * while an analysis is in flight); `received` counts requests as they arrive, before that wait.
 *
 * Also POST /v1/audio/transcriptions: a multipart/form-data upload (`file`, `model`,
 * `response_format`, `timestamp_granularities[]`), refused with 413 over OpenAI's 25 MiB request
 * limit, answered for `verbose_json` with the documented shape (`task`, `language`, `duration`,
 * `text`, `segments[]` with id/seek/start/end/text/tokens/temperature/avg_logprob/
 * compression_ratio/no_speech_prob, `usage`). It cannot hear: `transcribeWith(fn)` scripts the
 * segments from the upload. `transcriptions` records every upload (faults included) with its bytes' SHA-256.
 */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
  [key: string]: unknown;
}

/** One segment as the fake says it heard it; the rest of the documented fields are filled in. */
export interface FakeSpokenSegment {
  start: number;
  end: number;
  text: string;
  noSpeechProb?: number;
  avgLogprob?: number;
}

export interface TranscriptionUpload {
  status: number;
  authorization: string | undefined;
  model: string | null;
  responseFormat: string | null;
  timestampGranularities: string[];
  filename: string | null;
  contentType: string | null;
  bytes: number;
  sha256: string | null;
}

/** OpenAI's request size limit for audio uploads. */
export const OPENAI_AUDIO_REQUEST_LIMIT = 26_214_400;

export interface FakeOpenAI {
  url: string;
  transcriptions: TranscriptionUpload[];
  transcribeWith(fn: (upload: TranscriptionUpload) => FakeSpokenSegment[]): void;
  /** The next `count` transcription requests answer this HTTP status. */
  failTranscriptionNext(count: number, status?: number): void;
  readonly calls: number;
  requests: Array<{ status: number; body: ChatRequest | null; authorization: string | undefined }>;
  respondWith(fn: (request: ChatRequest) => unknown): void;
  /** Chat-completion requests that arrived, answered or still held by `delayResponses`. */
  readonly received: number;
  delayResponses(ms: number): void;
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
  let received = 0;
  let delayMs = 0;
  const transcriptions: TranscriptionUpload[] = [];
  const transcriptionFaults: number[] = [];
  let hear: (upload: TranscriptionUpload) => FakeSpokenSegment[] = () => [
    { start: 0, end: 4.2, text: " Thanks for joining, everyone." },
  ];

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://fake.openai").pathname;
    if (req.method === "POST" && path === "/v1/audio/transcriptions") {
      void transcribe(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || path !== "/v1/chat/completions")
        return error(res, 404, "not_found", `Unknown request URL: ${req.method} ${path}`);
      received++;
      if (delayMs > 0) setTimeout(answerChat, delayMs);
      else answerChat();
    });
    function answerChat() {
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
    }
  });
  async function transcribe(req: IncomingMessage, res: ServerResponse) {
    const upload: TranscriptionUpload = {
      status: 0,
      authorization: req.headers.authorization,
      model: null,
      responseFormat: null,
      timestampGranularities: [],
      filename: null,
      contentType: null,
      bytes: 0,
      sha256: null,
    };
    const answer = (status: number, code: string, message: string) => {
      upload.status = status;
      transcriptions.push(upload);
      error(res, status, code, message);
    };
    // Read the body, but stop keeping it past the limit (OpenAI answers 413 without reading it all).
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received <= OPENAI_AUDIO_REQUEST_LIMIT) chunks.push(chunk);
    }
    if (received > OPENAI_AUDIO_REQUEST_LIMIT)
      return answer(
        413,
        "request_too_large",
        `Maximum content size limit (${OPENAI_AUDIO_REQUEST_LIMIT}) exceeded (${received} bytes read)`,
      );
    if (!req.headers.authorization?.startsWith("Bearer "))
      return answer(401, "invalid_api_key", "Missing bearer authentication in header");
    const contentType = req.headers["content-type"] ?? "";
    if (!contentType.startsWith("multipart/form-data"))
      return answer(400, "invalid_request_error", "Expected multipart/form-data");
    let form: FormData;
    try {
      form = await new Request("http://fake.openai/", {
        method: "POST",
        headers: { "content-type": contentType },
        body: Buffer.concat(chunks),
      }).formData();
    } catch {
      return answer(400, "invalid_request_error", "Could not parse multipart form");
    }
    const file = form.get("file");
    upload.model = typeof form.get("model") === "string" ? String(form.get("model")) : null;
    upload.responseFormat =
      typeof form.get("response_format") === "string" ? String(form.get("response_format")) : null;
    upload.timestampGranularities = form.getAll("timestamp_granularities[]").map(String);
    if (file instanceof Blob) {
      const bytes = Buffer.from(await file.arrayBuffer());
      upload.filename = file instanceof File ? file.name : null;
      upload.contentType = file.type || null;
      upload.bytes = bytes.length;
      upload.sha256 = createHash("sha256").update(bytes).digest("hex");
    }
    if (!(file instanceof Blob)) return answer(400, "invalid_request_error", "'file' is a required property");
    if (!upload.model) return answer(400, "invalid_request_error", "'model' is a required property");
    const fault = transcriptionFaults.shift();
    if (fault) return answer(fault, fault === 429 ? "rate_limit_exceeded" : "server_error", "injected fault");
    const heard = hear(upload);
    const text = heard.map((s) => s.text).join("");
    const duration = heard.at(-1)?.end ?? 0;
    upload.status = 200;
    transcriptions.push(upload);
    if (upload.responseFormat !== "verbose_json") return json(res, 200, { text: text.trim() });
    return json(res, 200, {
      task: "transcribe",
      language: "english",
      duration,
      text: text.trim(),
      segments: heard.map((s, id) => ({
        id,
        seek: Math.floor(s.start * 100),
        start: s.start,
        end: s.end,
        text: s.text,
        tokens: [
          50364,
          ...s.text
            .split(/\s+/)
            .filter(Boolean)
            .map((_, i) => 1000 + i),
          50564,
        ],
        temperature: 0,
        avg_logprob: s.avgLogprob ?? -0.21,
        compression_ratio: 1.3,
        no_speech_prob: s.noSpeechProb ?? 0.01,
      })),
      usage: { type: "duration", seconds: Math.ceil(duration) },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("fake OpenAI did not get a port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    transcriptions,
    transcribeWith(fn) {
      hear = fn;
    },
    failTranscriptionNext(count, status = 500) {
      for (let i = 0; i < count; i++) transcriptionFaults.push(status);
    },
    get calls() {
      return requests.length;
    },
    get received() {
      return received;
    },
    delayResponses(ms) {
      delayMs = ms;
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
