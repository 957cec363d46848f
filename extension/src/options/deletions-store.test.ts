import type { Deletion } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { planDeletion } from "./deletions-store.ts";
import { createOptionsStore } from "./store.ts";

const queued: Deletion = {
  id: "del_1",
  scope: "all",
  userId: null,
  accountId: null,
  connectionId: null,
  from: "2026-11-01T00:00:00.000Z",
  to: "2026-11-08T00:00:00.000Z",
  requestedByUserId: meBody.user.id,
  archivesBefore: null,
  status: "pending",
  conversationsFound: null,
  deleted: {
    conversations: 0,
    transcriptSegments: 0,
    insights: 0,
    participants: 0,
    webhookEvents: 0,
    storedObjects: 0,
    expiredArchives: 0,
  },
  error: null,
  createdAt: "2026-12-03T10:00:00.000Z",
  completedAt: null,
};

function setup(override: (request: Request) => Result<unknown> | undefined = () => undefined) {
  const calls: Request[] = [];
  // Each poll moves the deletion on: running with 1 of 2, then done with 2.
  const progress: Deletion[] = [
    { ...queued, status: "running", conversationsFound: 2, deleted: { ...queued.deleted, conversations: 1 } },
    {
      ...queued,
      status: "done",
      conversationsFound: 2,
      deleted: { ...queued.deleted, conversations: 2, transcriptSegments: 7 },
      completedAt: "2026-12-03T10:00:05.000Z",
    },
  ];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org });
      case "listDeletions":
        return ok([]);
      case "createDeletion":
        return ok(queued);
      case "getDeletion":
        return ok(progress.shift() ?? progress[progress.length - 1] ?? queued);
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  const store = createOptionsStore({ send, pollMs: 5 });
  return { store, deletions: store.deletions, calls };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe("admin console: deletions", () => {
  it("plans the request and names what goes; the end day is included", () => {
    const plan = planDeletion({ scope: "all", target: null, from: "2026-11-01", to: "2026-11-07" });
    expect(plan).toEqual({
      request: { scope: "all", from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z" },
      description: expect.stringContaining(
        "every conversation of the organization that started from 2026-11-01 to 2026-11-07",
      ),
    });
    const account = planDeletion({ scope: "account", target: { id: "acc_1", name: "Acme" }, from: "", to: "" });
    expect(account).toMatchObject({ request: { scope: "account", accountId: "acc_1" } });
    expect("description" in account && account.description).toContain("the account Acme");
    expect(planDeletion({ scope: "user", target: null, from: "", to: "" })).toEqual({
      error: "Choose the user whose conversations go.",
    });
    expect(planDeletion({ scope: "all", target: null, from: "2026-11-07", to: "2026-11-01" })).toEqual({
      error: "The end date is before the start date.",
    });
  });

  it("asks first, sends on confirmation, and polls the entry until it is done", async () => {
    const { store, deletions, calls } = setup();
    await store.actions.load();
    expect(deletions.deletions.value).toEqual({ status: "ready", value: [] });
    deletions.actions.ask({ scope: "all", target: null, from: "2026-11-01", to: "2026-11-07" });
    expect(deletions.pending.value?.description).toContain("cannot be undone");
    expect(calls.some((c) => c.type === "createDeletion")).toBe(false);

    await deletions.actions.confirm();
    expect(calls).toContainEqual({
      type: "createDeletion",
      deletion: { scope: "all", from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z" },
    });
    expect(deletions.pending.value).toBeNull();
    await until(() => {
      const list = deletions.deletions.value;
      return list.status === "ready" && list.value[0]?.status === "done";
    });
    const list = deletions.deletions.value;
    expect(list.status === "ready" && list.value[0]?.deleted.transcriptSegments).toBe(7);
    const polls = calls.filter((c) => c.type === "getDeletion").length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls.filter((c) => c.type === "getDeletion")).toHaveLength(polls);
  });

  it("keeps the confirmation and says why when the backend refuses", async () => {
    const { store, deletions } = setup((r) =>
      r.type === "createDeletion" ? fail("server", "The backend answered: user not found") : undefined,
    );
    await store.actions.load();
    deletions.actions.ask({ scope: "user", target: { id: "usr_x", name: "X" }, from: "", to: "" });
    await deletions.actions.confirm();
    expect(deletions.pending.value).not.toBeNull();
    expect(deletions.notice.value?.text).toContain("user not found");
  });
});
