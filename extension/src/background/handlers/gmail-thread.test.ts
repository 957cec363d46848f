// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import threadHtml from "../../host-pages/fixtures/gmail-thread.html?raw";
import { showFixture } from "../../host-pages/fixtures/show.ts";
import { readGmailThreadForImport } from "../../host-pages/gmail-thread-messages.ts";
import { handleMessage } from "../router.ts";
import { saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest } from "../test-fixtures.ts";
import { GMAIL_EXPANDING_READER_FILE, GMAIL_READER_FILE } from "./gmail-thread.ts";
import { addedText, checkText } from "./gmail-thread-wording.ts";

const THREAD_URL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm";
/** The sidebar's content script in tab 7 on Gmail. */
const gmail = { id: fakeBrowser.runtime.id, url: THREAD_URL, tab: { id: 7 }, frameId: 0 };
const fetchMock = vi.fn<typeof fetch>();
const executeScript = vi.fn();
const BACKEND = "http://127.0.0.1:9999";

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  executeScript.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  // The reader script, run "in the tab": the real reader over the Gmail fixture page.
  executeScript.mockImplementation(async () => [
    { frameId: 0, result: readGmailThreadForImport(THREAD_URL, showFixture(threadHtml)) },
  ]);
  vi.spyOn(fakeBrowser.scripting, "executeScript").mockImplementation(executeScript);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

const stored = (messageCount: number) => ({
  threads: [
    {
      threadId: "18c5f3a2b1d4e6f7",
      conversationId: "conv_1",
      messageCount,
      lastMessageAt: null,
      updatedAt: "2026-11-16T10:20:00.000Z",
      accountId: null,
    },
  ],
});

describe("checkGmailThread", () => {
  it("reads the sender's tab with the reader script, then asks which threads are in and whether to capture", async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.includes("/emails/threads")
        ? jsonResponse(200, stored(1))
        : jsonResponse(200, { capture: true, reason: "account", accounts: [{ id: "acct_1", name: "Globex" }] });
    });
    const answer = await handleMessage({ type: "checkGmailThread" }, gmail);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [0] }, files: [GMAIL_READER_FILE] });
    expect(answer).toMatchObject({
      ok: true,
      value: {
        threadId: "18c5f3a2b1d4e6f7",
        storedCount: 1,
        capture: true,
        summary: expect.stringContaining("Already in Sightline (1 message)"),
      },
    });
    const readable = (answer as { value: { readable: number } }).value.readable;
    expect(readable).toBeGreaterThan(1);
    const urls = fetchMock.mock.calls.map((call) => sentRequest(call).url).sort();
    expect(urls[0]).toContain("/api/v1/emails/capture?emails=bob%40globex.com%2Cada%40acme-sales.com");
    expect(urls[1]).toBe(`${BACKEND}/api/v1/emails/threads?ids=18c5f3a2b1d4e6f7`);
  });

  it("reads no tab but a Gmail one, and answers null when the page shows no thread", async () => {
    const salesforce = { ...gmail, url: "https://acme.lightning.force.com/lightning/r/Account/001/view" };
    expect(await handleMessage({ type: "checkGmailThread" }, salesforce)).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    expect(executeScript).not.toHaveBeenCalled();
    executeScript.mockResolvedValueOnce([{ frameId: 0, result: null }]);
    expect(await handleMessage({ type: "checkGmailThread" }, gmail)).toEqual({ ok: true, value: null });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("addGmailThread", () => {
  it("posts the thread as the page shows it and words the answer", async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(201, {
        conversationId: "conv_1",
        threadId: "18c5f3a2b1d4e6f7",
        status: "created",
        messagesAdded: 2,
        messageCount: 2,
        accountId: null,
      }),
    );
    const answer = await handleMessage({ type: "addGmailThread", auto: true }, gmail);
    // The fixture's first message is collapsed: sent with its header only, and the card says so.
    expect(answer).toMatchObject({
      ok: true,
      value: {
        status: "created",
        summary:
          "Thread added automatically to Sightline (2 messages). 1 earlier message could not be read — open it and add again.",
      },
    });
    // Auto-capture reads the page as it is: it never expands messages behind the user's back.
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [0] }, files: [GMAIL_READER_FILE] });
    const sent = sentRequest(fetchMock.mock.calls[0] as Parameters<typeof fetch>);
    expect([sent.method, sent.url]).toEqual(["POST", `${BACKEND}/api/v1/emails`]);
    const request = fetchMock.mock.calls[0]?.[0] as Request;
    const body = JSON.parse(await request.clone().text()) as {
      threadId: string;
      messages: { body: string }[];
      collapsed?: number;
    };
    expect(body.threadId).toBe("18c5f3a2b1d4e6f7");
    expect(body.collapsed).toBeUndefined();
    expect(body).not.toHaveProperty("unreadMessageIds");
    expect(body.messages.map((m) => m.body === "")).toEqual([true, false, false]);
    expect(body.messages[1]?.body).toContain("The new quote is attached");
  });

  it("the user's add runs the expanding reader, and says which earlier messages it completed", async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(200, {
        conversationId: "conv_1",
        threadId: "18c5f3a2b1d4e6f7",
        status: "updated",
        messagesAdded: 0,
        messagesCompleted: 1,
        messageCount: 3,
        accountId: null,
      }),
    );
    const answer = await handleMessage({ type: "addGmailThread", auto: false }, gmail);
    expect(executeScript).toHaveBeenCalledWith({
      target: { tabId: 7, frameIds: [0] },
      files: [GMAIL_EXPANDING_READER_FILE],
    });
    expect(answer).toMatchObject({
      ok: true,
      value: {
        summary:
          "1 earlier message completed (3 in Sightline). 1 earlier message could not be read — open it and add again.",
      },
    });
  });

  it("refuses a message without auto, and a thread with no expanded message before any request", async () => {
    expect(await handleMessage({ type: "addGmailThread" }, gmail)).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    executeScript.mockResolvedValueOnce([
      {
        frameId: 0,
        result: { threadId: "t1", subject: "", participants: [], messages: [], unreadMessageIds: [], collapsed: 3 },
      },
    ]);
    expect(await handleMessage({ type: "addGmailThread", auto: false }, gmail)).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("the card's wording", () => {
  const result = (
    status: "created" | "updated" | "unchanged",
    messagesAdded: number,
    messageCount: number,
    messagesCompleted = 0,
  ) => ({
    conversationId: "conv_1",
    threadId: "t",
    status,
    messagesAdded,
    messagesCompleted,
    messageCount,
    accountId: null,
  });
  it("says added, N new messages or already in, with the count", () => {
    expect(addedText(result("created", 3, 3), false)).toBe("Thread added to Sightline (3 messages).");
    expect(addedText(result("updated", 1, 4), false)).toBe("1 new message added (4 in Sightline).");
    expect(addedText(result("unchanged", 0, 4), false)).toBe("Already in Sightline (4 messages).");
    expect(addedText(result("updated", 1, 4, 2), true)).toBe(
      "1 new message added and 2 earlier messages completed automatically (4 in Sightline).",
    );
    expect(checkText({ storedCount: null, collapsed: 2 })).toBe(
      "Not in Sightline yet. Adding it expands 2 collapsed messages first.",
    );
  });

  it("flags a partial thread: N earlier messages could not be read", () => {
    expect(addedText(result("created", 5, 5), false, 2)).toBe(
      "Thread added to Sightline (5 messages). 2 earlier messages could not be read — open them and add again.",
    );
    expect(addedText(result("unchanged", 0, 5), false, 1)).toBe(
      "Already in Sightline (5 messages). 1 earlier message could not be read — open it and add again.",
    );
  });
});
