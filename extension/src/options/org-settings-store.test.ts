import type { IntakeSettings } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { createOptionsStore } from "./store.ts";

const intake: IntakeSettings = {
  registeredUsersOnly: false,
  discards: {
    total: 1,
    byReason: { unregistered_host: 1, intake_off: 0 },
    recent: [
      {
        provider: "zoom",
        reason: "unregistered_host",
        hostEmail: "stranger@ourco.com",
        externalId: "x",
        discardedAt: "2026-11-23T10:00:00.000Z",
      },
    ],
  },
};

function setup(override: (request: Request) => Result<unknown> | undefined = () => undefined) {
  const calls: Request[] = [];
  let configured = false;
  const send = (async (request: Request) => {
    calls.push(request);
    const given = override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org });
      case "getIntakeSettings":
        return ok(intake);
      case "setRegisteredUsersOnly":
        return ok({ ...intake, registeredUsersOnly: request.registeredUsersOnly });
      case "getSlackWebhook":
        return ok({ configured });
      case "setSlackWebhook":
        configured = true;
        return ok({ configured });
      case "clearSlackWebhook":
        configured = false;
        return ok({ configured });
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  const store = createOptionsStore({ send });
  return { store, org: store.orgSettings, calls };
}

describe("admin console: organization settings", () => {
  it("loads the intake rule with its log and the Slack status", async () => {
    const { store, org } = setup();
    await store.actions.load();
    expect(org.intake.value).toEqual({ status: "ready", value: intake });
    expect(org.slack.value).toEqual({ status: "ready", value: { configured: false } });
  });

  it("turns registered users only on, showing it at once, and back to stored on a refusal", async () => {
    const { store, org, calls } = setup();
    await store.actions.load();
    const pending = org.actions.setRegisteredUsersOnly(true);
    expect(org.intake.value.status === "ready" && org.intake.value.value.registeredUsersOnly).toBe(true);
    await pending;
    expect(calls).toContainEqual({ type: "setRegisteredUsersOnly", registeredUsersOnly: true });
    expect(org.intakeNotice.value?.tone).toBe("info");

    const refused = setup((r) => (r.type === "setRegisteredUsersOnly" ? fail("network", "down") : undefined));
    await refused.store.actions.load();
    await refused.org.actions.setRegisteredUsersOnly(true);
    expect(refused.org.intake.value).toEqual({ status: "ready", value: intake });
    expect(refused.org.intakeNotice.value?.tone).toBe("error");
  });

  it("sets the Slack webhook (trimmed), says why one is refused, and removes it", async () => {
    const { store, org, calls } = setup((r) =>
      r.type === "setSlackWebhook" && !r.webhookUrl.startsWith("https://hooks.slack.com/")
        ? fail("server", "The backend answered: webhookUrl: must be a Slack incoming webhook")
        : undefined,
    );
    await store.actions.load();
    expect(await org.actions.setSlackWebhook("   ")).toBe(false);
    expect(calls.some((c) => c.type === "setSlackWebhook")).toBe(false);
    expect(await org.actions.setSlackWebhook("https://example.com/x")).toBe(false);
    expect(org.slackNotice.value?.text).toContain("must be a Slack incoming webhook");
    expect(await org.actions.setSlackWebhook(" https://hooks.slack.com/services/T/B/x ")).toBe(true);
    expect(calls).toContainEqual({ type: "setSlackWebhook", webhookUrl: "https://hooks.slack.com/services/T/B/x" });
    expect(org.slack.value).toEqual({ status: "ready", value: { configured: true } });
    await org.actions.clearSlackWebhook();
    expect(org.slack.value).toEqual({ status: "ready", value: { configured: false } });
  });
});
