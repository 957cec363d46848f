import { describe, expect, it, vi } from "vitest";
import { fail, type GmailThreadCheck, ok, type Request } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import { createEmailThreadStore } from "./email-thread-store.ts";

const check = (over: Partial<GmailThreadCheck> = {}): GmailThreadCheck => ({
  threadId: "t1",
  readable: 2,
  collapsed: 0,
  storedCount: null,
  capture: false,
  summary: "Not in Sightline yet.",
  ...over,
});

const added = (summary: string) => ({
  conversationId: "conv_1",
  threadId: "t1",
  status: "created" as const,
  messagesAdded: 2,
  messageCount: 2,
  accountId: null,
  summary,
});

function setup(answer: (message: Request) => unknown) {
  const send = vi.fn(async (message: Request) => answer(message)) as unknown as Send & ReturnType<typeof vi.fn>;
  return { send, store: createEmailThreadStore(send) };
}

const adds = (send: ReturnType<typeof vi.fn>) =>
  send.mock.calls.filter(([m]) => (m as Request).type === "addGmailThread");

describe("the Gmail thread card", () => {
  it("says whether the thread is in, and adds it only on a click when the organization does not capture", async () => {
    const { store, send } = setup((m) => (m.type === "checkGmailThread" ? ok(check()) : ok(added("Thread added."))));
    await store.open();
    expect(store.view.value).toMatchObject({ kind: "ready", summary: "Not in Sightline yet.", readable: 2 });
    expect(adds(send)).toHaveLength(0);
    await store.add();
    expect(send).toHaveBeenLastCalledWith({ type: "addGmailThread", auto: false });
    expect(store.view.value).toEqual({ kind: "added", summary: "Thread added." });
  });

  it("captures by itself once per thread version: not again on coming back, again when the thread grew", async () => {
    let shown = check({ capture: true });
    const { store, send } = setup((m) => (m.type === "checkGmailThread" ? ok(shown) : ok(added("auto"))));
    await store.open();
    expect(adds(send).map(([m]) => m)).toEqual([{ type: "addGmailThread", auto: true }]);
    expect(store.view.value).toEqual({ kind: "added", summary: "auto" });
    // Back to the same thread (the backend's count lags, e.g. a failed analysis): not sent again.
    await store.open();
    expect(adds(send)).toHaveLength(1);
    expect(store.view.value).toMatchObject({ kind: "ready" });
    // A reply arrived: a new version.
    shown = check({ capture: true, readable: 3, storedCount: 2 });
    await store.open();
    expect(adds(send)).toHaveLength(2);
    // Already holding every message: nothing to send.
    shown = check({ threadId: "t2", capture: true, readable: 3, storedCount: 3 });
    await store.open();
    expect(adds(send)).toHaveLength(2);
  });

  it("shows signed out and errors with the shared states, and drops an answer for a thread left", async () => {
    const { store } = setup(() => fail("unauthorized", "no"));
    await store.open();
    expect(store.view.value).toEqual({ kind: "signedOut" });

    let release: (v: unknown) => void = () => {};
    const answers = [new Promise((r) => (release = r)), Promise.resolve(ok(null))];
    const slow = setup(() => answers.shift());
    const first = slow.store.open();
    await slow.store.open();
    expect(slow.store.view.value).toBeNull();
    release(ok(check()));
    await first;
    expect(slow.store.view.value).toBeNull();

    const broken = setup((m) => (m.type === "checkGmailThread" ? ok(check()) : fail("server", "Body too large")));
    await broken.store.open();
    await broken.store.add();
    expect(broken.store.view.value).toEqual({ kind: "error", message: "Body too large" });
  });
});
