import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index.ts";
import { ConfigError, configFor, DEFAULT_TRANSCRIPT_WAIT_SECONDS, parseConfig } from "./config.ts";

const KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));

describe("parseConfig", () => {
  it("fills the embedded defaults when nothing is set", () => {
    const config = parseConfig({});
    expect(config.zoom).toMatchObject({
      apiBase: "https://api.zoom.us/v2",
      oauthBase: "https://zoom.us",
      webhookSecret: null,
      oauthApp: null,
      transcriptWaitSeconds: DEFAULT_TRANSCRIPT_WAIT_SECONDS,
    });
    expect(config.openai).toEqual({
      apiKey: null,
      baseUrl: undefined,
      model: "gpt-4.1-mini",
      transcribeModel: "whisper-1",
    });
    expect(config.encryptionKey).toBeNull();
    expect(config.ingestRetryBaseSeconds).toBe(30);
    expect(config.unmatchedArchiveDays).toBe(7);
    expect(config.zoom.reconcilePagesPerRun).toBe(20);
    expect(config.zoom.downloadTimeoutMs).toBe(60_000);
    expect(config.gong.timeoutMs).toBe(30_000);
    expect(config.stuckEventMinutes).toBe(30);
    expect(config.allowInsecureWebhooks).toBe(false);
  });

  it("reads and normalizes what is set: trimmed, no trailing slash, the key decoded, the wait capped at 12 h", () => {
    const config = parseConfig({
      ZOOM_API_BASE: " http://127.0.0.1:9000/v2/ ",
      TOKEN_ENCRYPTION_KEY: KEY,
      ZOOM_CLIENT_ID: "id",
      ZOOM_CLIENT_SECRET: "secret",
      ZOOM_TRANSCRIPT_WAIT_SECONDS: "86400",
      OPENAI_API_KEY: "  ",
      ALLOW_INSECURE_WEBHOOKS: "true",
      ZOOM_RECONCILE_PAGES_PER_RUN: " 15 ",
      STUCK_EVENT_MINUTES: "45",
      ZOOM_DOWNLOAD_TIMEOUT_SECONDS: "3",
      GONG_TIMEOUT_SECONDS: "2",
    });
    expect(config.gong.timeoutMs).toBe(2_000);
    expect(config.zoom.reconcilePagesPerRun).toBe(15);
    expect(config.zoom.downloadTimeoutMs).toBe(3_000);
    expect(config.stuckEventMinutes).toBe(45);
    expect(config.zoom.apiBase).toBe("http://127.0.0.1:9000/v2");
    expect(config.encryptionKey?.length).toBe(32);
    expect(config.zoom.oauthApp).toEqual({ clientId: "id", clientSecret: "secret" });
    expect(config.zoom.transcriptWaitSeconds).toBe(43_200);
    expect(config.openai.apiKey).toBeNull();
    expect(config.allowInsecureWebhooks).toBe(true);
  });

  it("reads the key ring: TOKEN_ENCRYPTION_KEY is version 1, TOKEN_ENCRYPTION_KEYS adds versions, the highest is current", () => {
    const key2 = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
    const config = parseConfig({ TOKEN_ENCRYPTION_KEY: KEY, TOKEN_ENCRYPTION_KEYS: ` 2:${key2} ` });
    expect(config.encryptionKeys?.current).toBe(2);
    expect([...(config.encryptionKeys?.keys.keys() ?? [])].sort()).toEqual([1, 2]);
    expect(config.encryptionKey?.[0]).toBe(9);
    expect(parseConfig({ TOKEN_ENCRYPTION_KEYS: `3:${key2},1:${KEY}` }).encryptionKeys?.current).toBe(3);
    expect(() => parseConfig({ TOKEN_ENCRYPTION_KEYS: `two:${key2}` })).toThrow(/TOKEN_ENCRYPTION_KEYS/);
    expect(() => parseConfig({ TOKEN_ENCRYPTION_KEYS: `2:${key2},2:${KEY}` })).toThrow(/appears twice/);
    expect(() => parseConfig({ TOKEN_ENCRYPTION_KEY: KEY, TOKEN_ENCRYPTION_KEYS: `1:${key2}` })).toThrow(/differs/);
  });

  it("names every bad var instead of guessing", () => {
    const bad = () =>
      parseConfig({
        ZOOM_API_BASE: "ftp://zoom",
        TOKEN_ENCRYPTION_KEY: btoa("short"),
        ZOOM_TRANSCRIPT_WAIT_SECONDS: "soon",
        ZOOM_RECONCILE_PAGES_PER_RUN: "0",
        STUCK_EVENT_MINUTES: "1.5",
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/ZOOM_API_BASE must be an http\(s\) URL/);
    expect(bad).toThrow(/TOKEN_ENCRYPTION_KEY must be 32 bytes of base64, got 5/);
    expect(bad).toThrow(/ZOOM_TRANSCRIPT_WAIT_SECONDS must be a number of seconds/);
    expect(bad).toThrow(/ZOOM_RECONCILE_PAGES_PER_RUN must be a whole number, 1 or more/);
    expect(bad).toThrow(/STUCK_EVENT_MINUTES must be a whole number, 1 or more/);
  });

  it("parses an env object once", () => {
    const vars = { ZOOM_API_BASE: "https://api.zoom.us/v2" };
    expect(configFor(vars)).toBe(configFor(vars));
  });
});

describe("a deployment with a bad var", () => {
  it("answers every request 503 with the var to fix", async () => {
    const res = await worker.fetch(new Request("http://sightline.test/api/v1/me"), {
      ...env,
      ZOOM_API_BASE: "not a url",
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message).toContain("ZOOM_API_BASE must be an http(s) URL");
  });
});
