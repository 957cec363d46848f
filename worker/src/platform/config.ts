import { z } from "zod";
import { type LogLevel, parseLogLevel } from "./logger.ts";

/** Cloudflare Queues delay a message by at most 12 hours. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;
/**
 * How long to wait for Zoom's own transcript after `recording.completed` (ZOOM_TRANSCRIPT_WAIT_SECONDS):
 * 4 hours. Zoom processes recordings in about twice the recorded time (up to 24 h under load), so a
 * 2-hour meeting's transcript usually lands within it, while accounts with audio transcription off
 * (no transcript ever comes) get Whisper's the same afternoon. Zoom's transcript has speaker names
 * and costs nothing, so waiting for it is worth a few hours.
 */
export const DEFAULT_TRANSCRIPT_WAIT_SECONDS = 14_400;
/**
 * Zoom recordings-list pages one reconciliation run reads in all (300 meetings a page), shared
 * round-robin by the organizations: it bounds a run's subrequests, and a larger backlog continues
 * in the next run (the 15-minute cron continues what the nightly run left).
 */
export const DEFAULT_RECONCILE_PAGES_PER_RUN = 20;
/**
 * A recording download that has not finished after this many seconds is abandoned and retried by the
 * queue: a 20 MB transcript arrives well within it. The chaos run lowers it so that its injected
 * timeouts do not hold the consumer for a minute each.
 */
export const DEFAULT_DOWNLOAD_TIMEOUT_SECONDS = 60;
/** A webhook event still received or queued this long after its (last) enqueue is enqueued again. */
export const DEFAULT_STUCK_EVENT_MINUTES = 30;
/** Archived bodies that matched no connection or were discarded are kept this long (they may hold a download_token). */
export const DEFAULT_UNMATCHED_ARCHIVE_DAYS = 7;

/**
 * The Worker's settings, parsed once per isolate from its vars and secrets. Code reads these typed
 * values from `services.config`; raw `env` stays in `index.ts` and the request context.
 */
export interface Config {
  /** Bearer token of the operator API; null turns that API off. */
  operatorToken: string | null;
  /**
   * The current encryption key (the highest version of the key ring), checked to be 32 bytes of
   * base64; signed links derive their keys from it.
   */
  encryptionKey: Uint8Array<ArrayBuffer> | null;
  /**
   * Every key by version: TOKEN_ENCRYPTION_KEY is version 1, TOKEN_ENCRYPTION_KEYS adds more
   * ("2:<base64>,1:<base64>"); the highest is current. `services.vault` imports each once.
   */
  encryptionKeys: KeyRing | null;
  zoom: {
    /** REST API base without a trailing slash, e.g. https://api.zoom.us/v2. */
    apiBase: string;
    oauthBase: string;
    webhookSecret: string | null;
    /** The OAuth app of per-user connections; null when either half is missing. */
    oauthApp: { clientId: string; clientSecret: string } | null;
    transcriptWaitSeconds: number;
    /** Recordings-list pages per reconciliation run, over all organizations (ZOOM_RECONCILE_PAGES_PER_RUN). */
    reconcilePagesPerRun: number;
    /** How long a recording download may take before it counts as a timeout and is retried (ZOOM_DOWNLOAD_TIMEOUT_SECONDS). */
    downloadTimeoutMs: number;
  };
  gong: {
    oauthBase: string;
    /** API host of access-key connections (GONG_API_BASE); OAuth connections use their token's `api_base_url_for_customer`. */
    apiBase: string;
    /** The OAuth app (GONG_CLIENT_ID / GONG_CLIENT_SECRET); null when either half is missing. */
    oauthApp: { clientId: string; clientSecret: string } | null;
    /** Per Gong company, over every organization and isolate (GONG_REQUESTS_PER_SECOND, GONG_REQUESTS_PER_DAY). */
    requestsPerSecond: number;
    requestsPerDay: number;
    /** Each pull lists again this far before where the last one ended: Gong makes calls available late. */
    syncOverlapHours: number;
    /** A Gong request unanswered after this long is abandoned and retried (GONG_TIMEOUT_SECONDS; the chaos run lowers it). */
    timeoutMs: number;
  };
  openai: {
    /** Null: the built-in analyzer only, and no Whisper. */
    apiKey: string | null;
    /** Undefined means the client's own default (api.openai.com). */
    baseUrl: string | undefined;
    model: string;
    transcribeModel: string;
  };
  ingestRetryBaseSeconds: number;
  logLevel: LogLevel;
  /** Link target of "Open in Sightline" in Slack recaps. */
  appUrl: string | null;
  /** Lets the Slack webhook be http on loopback (tests and local fakes only). */
  allowInsecureWebhooks: boolean;
  /** Minutes after which a received or queued webhook event counts as stuck (STUCK_EVENT_MINUTES). */
  stuckEventMinutes: number;
  /** How long archives of discarded or unmatched events live before the cron deletes them. */
  unmatchedArchiveDays: number;
  /** Lifetime of signed media links (`GET /media/{token}`), MEDIA_LINK_SECONDS. */
  mediaLinkSeconds: number;
  /** BENCH_COUNT_D1_ROWS=true: count D1 rows read/written (d1-row-counter.ts); benchmarks only. */
  benchCountD1Rows: boolean;
}

/** A var that cannot be read: the message names it, so an operator knows what to fix. */
/** The deployment's encryption keys by version; new ciphertexts use `current` (the highest). */
export interface KeyRing {
  current: number;
  keys: ReadonlyMap<number, Uint8Array<ArrayBuffer>>;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : null));

const httpUrl = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : fallback))
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), "must be an http(s) URL")
    .transform((v) => v.replace(/\/+$/, ""));

const wholeSeconds = (fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? Number(v.trim()) : fallback))
    .refine((v) => Number.isFinite(v) && v >= 0, "must be a number of seconds, 0 or more")
    .transform((v) => Math.min(Math.round(v), max));

const wholeCount = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? Number(v.trim()) : fallback))
    .refine((v) => Number.isInteger(v) && v >= min, `must be a whole number, ${min} or more`)
    .transform((v) => Math.min(v, max));

const encryptionKey = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v?.trim()) return null;
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = Uint8Array.from(atob(v.trim()), (c) => c.charCodeAt(0));
    } catch {
      ctx.addIssue({ code: "custom", message: "must be base64" });
      return z.NEVER;
    }
    if (raw.length !== 32) {
      ctx.addIssue({ code: "custom", message: `must be 32 bytes of base64, got ${raw.length}` });
      return z.NEVER;
    }
    return raw;
  });

/** TOKEN_ENCRYPTION_KEYS: "version:base64key" entries separated by commas, e.g. "2:AAA...=,1:BBB...=". */
const encryptionKeyList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const keys = new Map<number, Uint8Array<ArrayBuffer>>();
    if (!v?.trim()) return keys;
    for (const entry of v
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean)) {
      const match = /^(\d{1,6}):(\S+)$/.exec(entry);
      const version = Number(match?.[1]);
      const parsed = match ? encryptionKey.safeParse(match[2]) : null;
      if (!match || version < 1 || !parsed?.success || !parsed.data) {
        ctx.addIssue({ code: "custom", message: 'entries must be "version:base64 of 32 bytes" with version >= 1' });
        return z.NEVER;
      }
      if (keys.has(version)) {
        ctx.addIssue({ code: "custom", message: `version ${version} appears twice` });
        return z.NEVER;
      }
      keys.set(version, parsed.data);
    }
    return keys;
  });

const EnvSchema = z.object({
  TOKEN_ENCRYPTION_KEYS: encryptionKeyList,
  SIGHTLINE_OPERATOR_TOKEN: optionalText,
  TOKEN_ENCRYPTION_KEY: encryptionKey,
  ZOOM_API_BASE: httpUrl("https://api.zoom.us/v2"),
  ZOOM_OAUTH_BASE: httpUrl("https://zoom.us"),
  ZOOM_WEBHOOK_SECRET_TOKEN: optionalText,
  ZOOM_CLIENT_ID: optionalText,
  ZOOM_CLIENT_SECRET: optionalText,
  ZOOM_TRANSCRIPT_WAIT_SECONDS: wholeSeconds(DEFAULT_TRANSCRIPT_WAIT_SECONDS, MAX_QUEUE_DELAY_SECONDS),
  ZOOM_RECONCILE_PAGES_PER_RUN: wholeCount(DEFAULT_RECONCILE_PAGES_PER_RUN, 1, 1000),
  ZOOM_DOWNLOAD_TIMEOUT_SECONDS: wholeCount(DEFAULT_DOWNLOAD_TIMEOUT_SECONDS, 1, 600),
  STUCK_EVENT_MINUTES: wholeCount(DEFAULT_STUCK_EVENT_MINUTES, 1, 7 * 24 * 60),
  GONG_OAUTH_BASE: httpUrl("https://app.gong.io"),
  GONG_API_BASE: httpUrl("https://api.gong.io"),
  GONG_CLIENT_ID: optionalText,
  GONG_CLIENT_SECRET: optionalText,
  GONG_REQUESTS_PER_SECOND: wholeCount(3, 1, 3),
  GONG_REQUESTS_PER_DAY: wholeCount(10_000, 1, 10_000),
  GONG_SYNC_OVERLAP_HOURS: wholeCount(24, 1, 24 * 7),
  GONG_TIMEOUT_SECONDS: wholeCount(30, 1, 600),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.refine((v) => v === null || URL.canParse(v), "must be a URL"),
  OPENAI_MODEL: optionalText,
  OPENAI_TRANSCRIBE_MODEL: optionalText,
  INGEST_RETRY_BASE_SECONDS: wholeSeconds(30, 900),
  LOG_LEVEL: z.string().optional(),
  SIGHTLINE_APP_URL: optionalText.refine((v) => v === null || URL.canParse(v.replace("{conversationId}", "x")), {
    message: "must be a URL",
  }),
  ALLOW_INSECURE_WEBHOOKS: z.string().optional(),
  UNMATCHED_ARCHIVE_DAYS: wholeSeconds(DEFAULT_UNMATCHED_ARCHIVE_DAYS, 3650),
  MEDIA_LINK_SECONDS: wholeCount(300, 1, 3600),
  BENCH_COUNT_D1_ROWS: z.string().optional(),
});

/** Reads the vars and secrets into a Config, or throws a ConfigError naming every bad one. */
export function parseConfig(env: object): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const keys = new Map(e.TOKEN_ENCRYPTION_KEYS);
  if (e.TOKEN_ENCRYPTION_KEY) {
    const listed = keys.get(1);
    if (listed?.some((byte, i) => byte !== e.TOKEN_ENCRYPTION_KEY?.[i]))
      throw new ConfigError(
        "invalid configuration: TOKEN_ENCRYPTION_KEYS version 1 differs from TOKEN_ENCRYPTION_KEY (it is version 1)",
      );
    keys.set(1, e.TOKEN_ENCRYPTION_KEY);
  }
  const ring: KeyRing | null = keys.size ? { current: Math.max(...keys.keys()), keys } : null;
  return {
    operatorToken: e.SIGHTLINE_OPERATOR_TOKEN,
    encryptionKey: ring ? (ring.keys.get(ring.current) ?? null) : null,
    encryptionKeys: ring,
    zoom: {
      apiBase: e.ZOOM_API_BASE,
      oauthBase: e.ZOOM_OAUTH_BASE,
      webhookSecret: e.ZOOM_WEBHOOK_SECRET_TOKEN,
      oauthApp:
        e.ZOOM_CLIENT_ID && e.ZOOM_CLIENT_SECRET
          ? { clientId: e.ZOOM_CLIENT_ID, clientSecret: e.ZOOM_CLIENT_SECRET }
          : null,
      transcriptWaitSeconds: e.ZOOM_TRANSCRIPT_WAIT_SECONDS,
      reconcilePagesPerRun: e.ZOOM_RECONCILE_PAGES_PER_RUN,
      downloadTimeoutMs: e.ZOOM_DOWNLOAD_TIMEOUT_SECONDS * 1000,
    },
    gong: {
      oauthBase: e.GONG_OAUTH_BASE,
      apiBase: e.GONG_API_BASE,
      oauthApp:
        e.GONG_CLIENT_ID && e.GONG_CLIENT_SECRET
          ? { clientId: e.GONG_CLIENT_ID, clientSecret: e.GONG_CLIENT_SECRET }
          : null,
      requestsPerSecond: e.GONG_REQUESTS_PER_SECOND,
      requestsPerDay: e.GONG_REQUESTS_PER_DAY,
      syncOverlapHours: e.GONG_SYNC_OVERLAP_HOURS,
      timeoutMs: e.GONG_TIMEOUT_SECONDS * 1000,
    },
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL ?? undefined,
      model: e.OPENAI_MODEL ?? "gpt-4.1-mini",
      transcribeModel: e.OPENAI_TRANSCRIBE_MODEL ?? "whisper-1",
    },
    ingestRetryBaseSeconds: e.INGEST_RETRY_BASE_SECONDS,
    logLevel: parseLogLevel(e.LOG_LEVEL),
    appUrl: e.SIGHTLINE_APP_URL,
    allowInsecureWebhooks: e.ALLOW_INSECURE_WEBHOOKS === "true",
    stuckEventMinutes: e.STUCK_EVENT_MINUTES,
    unmatchedArchiveDays: e.UNMATCHED_ARCHIVE_DAYS,
    mediaLinkSeconds: e.MEDIA_LINK_SECONDS,
    benchCountD1Rows: e.BENCH_COUNT_D1_ROWS === "true",
  };
}

// The env object is the same for every request an isolate serves, so it is parsed once.
const parsedByEnv = new WeakMap<object, Config>();

export function configFor(env: object): Config {
  let config = parsedByEnv.get(env);
  if (!config) {
    config = parseConfig(env);
    parsedByEnv.set(env, config);
  }
  return config;
}
