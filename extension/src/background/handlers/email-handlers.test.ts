import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { EmailThreadUpload } from "../../shared/messages.ts";
import { handleMessage } from "../router.ts";
import { saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest } from "../test-fixtures.ts";
import { UPLOAD_BYTES, UPLOAD_MESSAGES, uploadParts } from "./email-threads.ts";

/**
 * An extension page. These messages carry a thread the caller composed, so the Gmail content script
 * may not send them (it asks the background to read the tab instead: checkGmailThread, addGmailThread).
 */
const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/popup.html") };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

function thread(count: number, bodyChars = 20): EmailThreadUpload {
  return {
    threadId: "18c5f3a2b1d4e6f7",
    subject: "Renewal",
    participants: [{ email: "carol@globex.com", name: "Carol" }],
    messages: Array.from({ length: count }, (_, i) => ({
      messageId: `m${i}`,
      sentAt: "2026-11-16T10:20:00.000Z",
      from: { email: "carol@globex.com", name: "Carol" },
      to: [],
      cc: [],
      body: "x".repeat(bodyChars),
    })),
  };
}

const answer = (status: string, messagesAdded: number, messageCount: number) => ({
  conversationId: "conv_1",
  threadId: "18c5f3a2b1d4e6f7",
  status,
  messagesAdded,
  messageCount,
  accountId: "acct_1",
});

describe("uploadParts", () => {
  it("keeps each request under the API's message and byte limits, in order, losing nothing", () => {
    const many = uploadParts(thread(250));
    expect(many.map((p) => p.messages.length)).toEqual([UPLOAD_MESSAGES, UPLOAD_MESSAGES, 50]);
    const big = uploadParts(thread(12, 40_000));
    for (const part of big)
      expect(new TextEncoder().encode(JSON.stringify(part)).length).toBeLessThanOrEqual(UPLOAD_BYTES);
    expect(big.flatMap((p) => p.messages.map((m) => m.messageId))).toEqual(thread(12).messages.map((m) => m.messageId));
    expect(big.every((p) => p.threadId === "18c5f3a2b1d4e6f7" && p.subject === "Renewal")).toBe(true);
  });
});

describe("addEmailThread", () => {
  it("is accepted from an extension page and posts the thread, in parts when long, as one answer", async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(201, answer("created", 100, 100)))
      .mockResolvedValueOnce(jsonResponse(200, answer("updated", 20, 120)));
    const result = await handleMessage({ type: "addEmailThread", thread: thread(120) }, page);
    // The answers carry no messagesCompleted (a worker from before it): it reads as 0.
    expect(result).toEqual({ ok: true, value: { ...answer("created", 120, 120), messagesCompleted: 0 } });
    const sent = fetchMock.mock.calls.map((call) => sentRequest(call));
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ["POST", `${BACKEND}/api/v1/emails`],
      ["POST", `${BACKEND}/api/v1/emails`],
    ]);
    expect(sent[0]?.headers.get("authorization")).toBe("Bearer tok_good");
  });

  it("refuses a malformed thread before any request, and passes the API's 400 on", async () => {
    expect(
      await handleMessage({ type: "addEmailThread", thread: { threadId: "t", messages: [] } }, page),
    ).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    expect(fetchMock).not.toHaveBeenCalled();
    fetchMock.mockResolvedValueOnce(
      jsonResponse(400, {
        error: { code: "bad_request", message: "messages.0.from.email: Invalid email", requestId: "r" },
      }),
    );
    const refused = await handleMessage({ type: "addEmailThread", thread: thread(1) }, page);
    expect(refused.ok).toBe(false);
  });
});

describe("getEmailThreads and shouldCaptureEmail", () => {
  it("ask the API which threads are in and whether to capture, from an extension page", async () => {
    const status = {
      threadId: "18c5f3a2b1d4e6f7",
      conversationId: "conv_1",
      messageCount: 3,
      lastMessageAt: null,
      updatedAt: "2026-11-16T10:20:00.000Z",
      accountId: null,
    };
    fetchMock
      .mockResolvedValueOnce(jsonResponse(200, { threads: [status] }))
      .mockResolvedValueOnce(
        jsonResponse(200, { capture: true, reason: "account", accounts: [{ id: "acct_1", name: "Globex" }] }),
      );
    expect(await handleMessage({ type: "getEmailThreads", threadIds: ["18c5f3a2b1d4e6f7", "abc"] }, page)).toEqual({
      ok: true,
      value: [status],
    });
    expect(await handleMessage({ type: "shouldCaptureEmail", emails: ["carol@globex.com"] }, page)).toMatchObject({
      ok: true,
      value: { capture: true },
    });
    expect(fetchMock.mock.calls.map((call) => sentRequest(call).url)).toEqual([
      `${BACKEND}/api/v1/emails/threads?ids=18c5f3a2b1d4e6f7%2Cabc`,
      `${BACKEND}/api/v1/emails/capture?emails=carol%40globex.com`,
    ]);
  });
});
