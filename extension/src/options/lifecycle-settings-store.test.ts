import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { parseDays } from "./lifecycle-settings-store.ts";
import { createOptionsStore } from "./store.ts";

function setup(override: (request: Request) => Result<unknown> | undefined = () => undefined) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org });
      case "getRetention":
        return ok({ transcriptRetentionDays: null, archiveRetentionDays: 30 });
      case "setRetention":
        return ok(request.retention);
      case "getEmailCaptureSettings":
        return ok({ autoCapture: false });
      case "setEmailCaptureSettings":
        return ok({ autoCapture: request.autoCapture });
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  const store = createOptionsStore({ send });
  return { store, lifecycle: store.lifecycle, calls };
}

describe("admin console: retention and e-mail capture", () => {
  it("reads days: empty keeps forever, whole days from 1 to 36,500", () => {
    expect(parseDays("", "T")).toBeNull();
    expect(parseDays(" 90 ", "T")).toBe(90);
    expect(parseDays("0", "T")).toEqual({ error: "T: between 1 and 36,500 days." });
    expect(parseDays("1.5", "T")).toMatchObject({ error: expect.stringContaining("whole number") });
  });

  it("loads and saves retention, refusing bad days before sending", async () => {
    const { store, lifecycle, calls } = setup();
    await store.actions.load();
    expect(lifecycle.retention.value).toEqual({
      status: "ready",
      value: { transcriptRetentionDays: null, archiveRetentionDays: 30 },
    });
    expect(await lifecycle.actions.saveRetention("abc", "")).toBe(false);
    expect(calls.some((c) => c.type === "setRetention")).toBe(false);
    expect(await lifecycle.actions.saveRetention("365", "")).toBe(true);
    expect(calls).toContainEqual({
      type: "setRetention",
      retention: { transcriptRetentionDays: 365, archiveRetentionDays: null },
    });
    expect(lifecycle.retentionNotice.value?.tone).toBe("info");
  });

  it("turns auto-capture on at once and back when the backend refuses", async () => {
    const { store, lifecycle } = setup();
    await store.actions.load();
    await lifecycle.actions.setAutoCapture(true);
    expect(lifecycle.emailCapture.value).toEqual({ status: "ready", value: { autoCapture: true } });

    const refused = setup((r) => (r.type === "setEmailCaptureSettings" ? fail("network", "down") : undefined));
    await refused.store.actions.load();
    await refused.lifecycle.actions.setAutoCapture(true);
    expect(refused.lifecycle.emailCapture.value).toEqual({ status: "ready", value: { autoCapture: false } });
    expect(refused.lifecycle.emailNotice.value?.tone).toBe("error");
  });
});
