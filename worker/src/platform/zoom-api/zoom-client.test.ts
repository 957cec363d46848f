import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PermanentJobError, RetryLaterError } from "../../queue/jobs.ts";
import { createServices } from "../services.ts";
import { isZoomHost, MAX_TRANSCRIPT_BYTES, readTextAtMost, ZoomClient, zoomFailure } from "./zoom-client.ts";

const API_BASE = "http://127.0.0.1:9100/v2";
const services = () => createServices({ ...env, ZOOM_API_BASE: API_BASE }, { test: "zoom-client" });

/** A fetch that answers from a script and records what was asked, with which Authorization. */
function scripted(answers: Record<string, () => Response>) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, authorization: new Headers(init?.headers).get("authorization") });
    const answer = answers[url];
    return answer ? answer() : new Response("not scripted", { status: 599 });
  }) as typeof fetch;
  return { calls, fetcher };
}

describe("isZoomHost", () => {
  it("takes https on zoom.us and its subdomains, and the configured API base's origin", () => {
    for (const ok of ["https://zoom.us/rec/download/x", "https://us02web.zoom.us/rec/x", "http://127.0.0.1:9100/rec/x"])
      expect(isZoomHost(new URL(ok), API_BASE)).toBe(true);
    for (const bad of [
      "http://zoom.us/rec/x",
      "https://evilzoom.us/x",
      "https://zoom.us.evil.com/x",
      "http://127.0.0.1:9101/x",
      "https://user:pw@zoom.us/x",
      "http://localhost:9100/x",
    ])
      expect(isZoomHost(new URL(bad), API_BASE)).toBe(false);
  });
});

describe("ZoomClient.download", () => {
  it("refuses a URL off Zoom's hosts without sending anything", async () => {
    const { calls, fetcher } = scripted({});
    const zoom = new ZoomClient(services(), fetcher);
    const err = await zoom.download("http://127.0.0.1:9101/steal", "secret", "transcript download").catch((e) => e);
    expect(err).toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).toContain("not on a Zoom host (http://127.0.0.1:9101)");
    expect(calls).toEqual([]);
  });

  it("gives up a download that does not answer within ZOOM_DOWNLOAD_TIMEOUT_SECONDS, as a transient failure", async () => {
    // Never answers; only the request's signal ends it.
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      )) as typeof fetch;
    // Not in wrangler.toml (its default lives in config.ts), so not in the generated Env type.
    const timeoutVar = { ZOOM_DOWNLOAD_TIMEOUT_SECONDS: "1" };
    const quick = createServices({ ...env, ZOOM_API_BASE: API_BASE, ...timeoutVar }, { test: "t" });
    const started = Date.now();
    const err = await new ZoomClient(quick, hanging).download(`${API_BASE}/rec/a`, "tok", "download").catch((e) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).toMatch(/^download: /);
  });

  it("follows a redirect inside Zoom's hosts by hand, the token only to the same origin", async () => {
    const { calls, fetcher } = scripted({
      [`${API_BASE}/rec/a`]: () => new Response(null, { status: 302, headers: { location: "/rec/b" } }),
      "http://127.0.0.1:9100/rec/b": () =>
        new Response(null, { status: 302, headers: { location: "https://ssrweb.zoom.us/file?sig=1" } }),
      "https://ssrweb.zoom.us/file?sig=1": () => new Response("WEBVTT"),
    });
    const res = await new ZoomClient(services(), fetcher).download(`${API_BASE}/rec/a`, "tok", "download");
    expect(await res.text()).toBe("WEBVTT");
    expect(calls.map((c) => c.authorization)).toEqual(["Bearer tok", "Bearer tok", null]);
  });

  it("does not follow a redirect off Zoom's hosts", async () => {
    const { calls, fetcher } = scripted({
      [`${API_BASE}/rec/a`]: () =>
        new Response(null, { status: 307, headers: { location: "http://127.0.0.1:9101/x" } }),
    });
    const err = await new ZoomClient(services(), fetcher)
      .download(`${API_BASE}/rec/a`, "tok", "download")
      .catch((e) => e);
    expect(err).toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).toContain("redirected off its hosts");
    expect(calls.map((c) => c.url)).toEqual([`${API_BASE}/rec/a`]);
  });
});

describe("readTextAtMost", () => {
  it("refuses a declared or streamed body over the cap", async () => {
    const declared = new Response("x", { headers: { "content-length": String(MAX_TRANSCRIPT_BYTES + 1) } });
    await expect(readTextAtMost(declared, MAX_TRANSCRIPT_BYTES, "t")).rejects.toBeInstanceOf(PermanentJobError);
    const streamed = new Response(new Blob(["a".repeat(11)]).stream());
    await expect(readTextAtMost(streamed, 10, "t")).rejects.toThrow("larger than 10 bytes");
    expect(await readTextAtMost(new Response("héllo"), 10, "t")).toBe("héllo");
  });
});

describe("zoomFailure", () => {
  it("caps 429's Retry-After at the longest delay Queues accept", () => {
    const err = zoomFailure("x", 429, "999999", new Date());
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).delaySeconds).toBe(43_200);
  });
});
