import type { AccountListItem, FailedJob, UnassignedConversation, WebhookEvent } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { createOptionsStore, SESSION_ENDED } from "./store.ts";

const admin = { ...meBody.user, role: "admin" as const };
const member = { ...meBody.user, role: "member" as const };
const session = (user: typeof admin | typeof member) => ({
  signedIn: true as const,
  backendUrl: "http://127.0.0.1:8787",
  user,
  org: meBody.org,
});
const at = "2026-11-23T10:00:00.000Z";

const call = (id: string, title: string): UnassignedConversation => ({
  id,
  title,
  source: "zoom_meeting",
  startedAt: at,
  hostEmail: "ada@ourco.com",
  participants: [{ name: "Bo Chen", email: "bo@acme.example" }],
});
const acme: AccountListItem = {
  id: "acc_acme",
  name: "Acme",
  domains: ["acme.example"],
  mine: false,
  recentTopics: [],
  winCount: 0,
  issueCount: 0,
} as unknown as AccountListItem;
const globex = { ...acme, id: "acc_globex", name: "Globex", domains: ["globex.example"] } as AccountListItem;
const job: FailedJob = {
  id: "fj_1",
  jobType: "zoom_event",
  reason: "Zoom answered 500",
  attempts: 3,
  payload: {},
  createdAt: at,
  replayedAt: null,
};
const event: WebhookEvent = {
  id: "we_1",
  provider: "zoom",
  eventType: "recording.completed",
  status: "failed",
  reason: "no transcript",
  receivedAt: at,
  archiveDeletedAt: null,
};

/** A stand-in for the background: the admin lists, plus whatever the test overrides. */
function fakeSend(user: typeof admin | typeof member, answer: (request: Request) => Result<unknown> | undefined) {
  const calls: Request[] = [];
  let unassigned = [call("conv_1", "Acme kickoff"), call("conv_2", "Globex renewal")];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = answer(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok(session(user));
      case "getMe":
        return ok(meBody);
      case "getConnections":
        return ok([]);
      case "listUnassigned":
        return ok(unassigned);
      case "listFailedJobs":
        return ok([job]);
      case "listWebhookEvents":
        return ok([event]);
      case "searchAccounts":
        return ok({ scope: "search", accounts: request.q.startsWith("g") ? [globex] : [acme, globex] });
      case "assignConversation":
        unassigned = unassigned.filter((c) => c.id !== request.conversationId);
        return ok({ id: request.conversationId, accountId: request.accountId, routing: "manual" });
      default:
        return fail("invalid", `unexpected ${request.type}`);
    }
  }) as typeof sendMessage;
  return { send, calls };
}

describe("admin console store", () => {
  it("loads the unassigned conversations, failed jobs and events for an admin, and nothing for a member", async () => {
    const forAdmin = fakeSend(admin, () => undefined);
    const store = createOptionsStore({ send: forAdmin.send });
    await store.actions.load();
    expect(store.admin.unassigned.value).toEqual({
      status: "ready",
      value: [call("conv_1", "Acme kickoff"), call("conv_2", "Globex renewal")],
    });
    expect(store.admin.activeConversation.value).toBe(0);
    expect(store.admin.failedJobs.value).toEqual({ status: "ready", value: [job] });
    expect(store.admin.events.value).toEqual({ status: "ready", value: [event] });

    const forMember = fakeSend(member, () => undefined);
    await createOptionsStore({ send: forMember.send }).actions.load();
    expect(forMember.calls.map((c) => c.type)).not.toContain("listUnassigned");
    expect(forMember.calls.map((c) => c.type)).not.toContain("listFailedJobs");
  });

  it("moves through the list with the keys, searches, chooses an account and assigns the highlighted call", async () => {
    const { send, calls } = fakeSend(admin, () => undefined);
    const store = createOptionsStore({ send });
    await store.actions.load();
    const a = store.admin.actions;
    a.moveConversation(1);
    expect(store.admin.activeConversation.value).toBe(1);
    a.moveConversation(1); // wraps like a native listbox
    expect(store.admin.activeConversation.value).toBe(0);
    a.jumpConversation("last");
    expect(store.admin.activeConversation.value).toBe(1);

    await a.searchAccounts("glo");
    expect(store.admin.accountResults.value).toEqual({ status: "ready", value: [globex] });
    a.chooseAccount();
    expect(store.admin.chosenAccount.value?.id).toBe("acc_globex");
    await a.assign();
    expect(calls).toContainEqual({ type: "assignConversation", conversationId: "conv_2", accountId: "acc_globex" });
    expect(store.admin.unassigned.value).toEqual({ status: "ready", value: [call("conv_1", "Acme kickoff")] });
    expect(store.admin.activeConversation.value).toBe(0);
    expect(store.admin.chosenAccount.value).toBe(null);
    expect(store.admin.accountQuery.value).toBe("");
    expect(store.admin.routingNotice.value).toEqual({ tone: "info", text: "Assigned “Globex renewal” to Globex." });
  });

  it("a new highlighted conversation starts with an empty picker; Assign without an account does nothing", async () => {
    const { send, calls } = fakeSend(admin, () => undefined);
    const store = createOptionsStore({ send });
    await store.actions.load();
    await store.admin.actions.searchAccounts("a");
    store.admin.actions.chooseAccount(0);
    store.admin.actions.moveConversation(1);
    expect(store.admin.chosenAccount.value).toBe(null);
    expect(store.admin.accountResults.value).toBe(null);
    await store.admin.actions.assign();
    expect(calls.some((c) => c.type === "assignConversation")).toBe(false);
  });

  it("drops a search answer that a newer query overtook", async () => {
    let release: (value: Result<unknown>) => void = () => {};
    const slow = new Promise<Result<unknown>>((resolve) => {
      release = resolve;
    });
    const { send } = fakeSend(admin, () => undefined);
    const gated = (async (request: Request) =>
      request.type === "searchAccounts" && request.q === "a" ? slow : send(request)) as typeof sendMessage;
    const store = createOptionsStore({ send: gated });
    await store.actions.load();
    const first = store.admin.actions.searchAccounts("a");
    await store.admin.actions.searchAccounts("glo");
    release(ok({ scope: "search", accounts: [acme] }));
    await first;
    expect(store.admin.accountResults.value).toEqual({ status: "ready", value: [globex] });
  });

  it("shows why an assignment failed and keeps the conversation", async () => {
    const { send } = fakeSend(admin, (r) =>
      r.type === "assignConversation" ? fail("server", "The backend answered: account not found") : undefined,
    );
    const store = createOptionsStore({ send });
    await store.actions.load();
    await store.admin.actions.searchAccounts("a");
    store.admin.actions.chooseAccount(0);
    await store.admin.actions.assign();
    expect(store.admin.routingNotice.value?.tone).toBe("error");
    expect(store.admin.routingNotice.value?.text).toContain("account not found");
    expect(store.admin.unassigned.value.status === "ready" && store.admin.unassigned.value.value.length).toBe(2);
  });

  it("replays a failed job and an event, showing each one's new state", async () => {
    const replayed = { ...job, replayedAt: "2026-11-24T09:00:00.000Z" };
    const { send, calls } = fakeSend(admin, (r) => {
      if (r.type === "replayFailedJob") return ok(replayed);
      if (r.type === "replayWebhookEvent") return ok({ ...event, status: "ignored", reason: "connection removed" });
      return undefined;
    });
    const store = createOptionsStore({ send });
    await store.actions.load();
    await store.admin.actions.replayJob(job);
    expect(calls).toContainEqual({ type: "replayFailedJob", id: "fj_1" });
    expect(store.admin.failedJobs.value).toEqual({ status: "ready", value: [replayed] });
    expect(store.admin.operationsNotice.value).toEqual({ tone: "info", text: "Job zoom_event is back on the queue." });
    await store.admin.actions.replayEvent(event);
    expect(store.admin.events.value.status === "ready" && store.admin.events.value.value[0]?.status).toBe("ignored");
    expect(store.admin.operationsNotice.value?.text).toBe(
      "Event recording.completed replayed and ignored: connection removed.",
    );
  });

  it("shows an error state when a list does not load, and the sign-in form when the session ended", async () => {
    const { send } = fakeSend(admin, (r) => (r.type === "listFailedJobs" ? fail("network", "down") : undefined));
    const store = createOptionsStore({ send });
    await store.actions.load();
    expect(store.admin.failedJobs.value.status).toBe("error");

    const ended = fakeSend(admin, (r) =>
      r.type === "replayFailedJob" ? fail("unauthorized", "That token was not accepted") : undefined,
    );
    const store2 = createOptionsStore({ send: ended.send });
    await store2.actions.load();
    await store2.admin.actions.replayJob(job);
    expect(store2.session.value?.signedIn).toBe(false);
    expect(store2.signInError.value).toBe(SESSION_ENDED);
    expect(store2.admin.failedJobs.value).toEqual({ status: "loading" });
    expect(store2.admin.operationsNotice.value).toBe(null);
  });
});
