// @vitest-environment happy-dom
import type { EmailMessageResponse } from "@sightline/shared";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import threadHtml from "../../host-pages/fixtures/gmail-thread.html?raw";
import { showFixture } from "../../host-pages/fixtures/show.ts";
import { readGmailThreadForImport } from "../../host-pages/gmail-thread-messages.ts";
import { handleMessage } from "../router.ts";
import { saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest } from "../test-fixtures.ts";
import { GMAIL_READER_FILE } from "./gmail-thread.ts";

const BACKEND = "http://127.0.0.1:9999";
const popup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/popup.html") };
const THREAD_URL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm";
const fetchMock = vi.fn<typeof fetch>();
const executeScript = vi.fn();

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  executeScript.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  vi.spyOn(fakeBrowser.scripting, "executeScript").mockImplementation(executeScript);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

const emailBody: EmailMessageResponse = {
  conversationId: "cnv_1",
  threadId: "18c5f3a2b1d4e6f7",
  subject: "Rollout",
  accountId: null,
  message: {
    messageId: "<m1@globex.com>",
    sentAt: "2026-11-16T10:20:00.000Z",
    from: { email: "bob@globex.com", name: "Bob" },
    to: [{ email: "ada@acme-sales.com", name: null }],
    cc: [],
    body: "Hi. We love how fast the dashboard loads.",
  },
  located: { start: 4, end: 41 },
  insights: [],
};

describe("getEmailMessage", () => {
  it("asks GET /emails/{id}/messages/{messageId} with the quote and checks the body", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, emailBody));
    const answer = await handleMessage(
      { type: "getEmailMessage", conversationId: "cnv_1", messageId: "<m1@globex.com>", quote: "We love it" },
      popup,
    );
    expect(answer).toEqual({ ok: true, value: emailBody });
    expect(sentRequest(fetchMock.mock.calls[0]).url).toBe(
      `${BACKEND}/api/v1/emails/cnv_1/messages/%3Cm1%40globex.com%3E?quote=We%20love%20it`,
    );
  });

  it("turns a body that is not a message into a server failure, and is refused from a content script", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { message: "<b>nope</b>" }));
    const request = { type: "getEmailMessage", conversationId: "cnv_1", messageId: "m1", quote: null };
    expect(await handleMessage(request, popup)).toMatchObject({ ok: false, error: { kind: "server" } });
    const gmail = { id: fakeBrowser.runtime.id, url: THREAD_URL, tab: { id: 7 }, frameId: 0 };
    expect(await handleMessage(request, gmail)).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(await handleMessage({ ...request, messageId: "" }, popup)).toMatchObject({ ok: false });
  });
});

describe("openEmailMessage", () => {
  it("opens email.html for the message and quote in a new tab", async () => {
    const answer = await handleMessage(
      { type: "openEmailMessage", conversationId: "cnv_1", messageId: "m 1", quote: "fast & loud" },
      popup,
    );
    expect(answer).toEqual({ ok: true, value: true });
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain(
      fakeBrowser.runtime.getURL("/email.html?conversationId=cnv_1&messageId=m+1&quote=fast+%26+loud"),
    );
  });
});

describe("checkActiveGmailThread (the popup)", () => {
  it("reads the active Gmail tab's thread and says it is in, with its message count", async () => {
    vi.spyOn(fakeBrowser.tabs, "query").mockResolvedValue([{ id: 12, url: THREAD_URL }] as never);
    executeScript.mockImplementation(async () => [
      { frameId: 0, result: readGmailThreadForImport(THREAD_URL, showFixture(threadHtml)) },
    ]);
    fetchMock.mockImplementation(async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.includes("/emails/threads")
        ? jsonResponse(200, {
            threads: [
              {
                threadId: "18c5f3a2b1d4e6f7",
                conversationId: "conv_1",
                messageCount: 3,
                lastMessageAt: null,
                updatedAt: "2026-11-16T10:20:00.000Z",
                accountId: null,
              },
            ],
          })
        : jsonResponse(200, { capture: false, reason: "off", accounts: [] });
    });
    const answer = await handleMessage({ type: "checkActiveGmailThread" }, popup);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 12, frameIds: [0] }, files: [GMAIL_READER_FILE] });
    expect(answer).toMatchObject({
      ok: true,
      value: { storedCount: 3, summary: expect.stringContaining("Already in Sightline (3 messages)") },
    });
  });

  it("answers null without reading anything when the active tab is not Gmail", async () => {
    vi.spyOn(fakeBrowser.tabs, "query").mockResolvedValue([{ id: 3, url: "https://example.com/" }] as never);
    expect(await handleMessage({ type: "checkActiveGmailThread" }, popup)).toEqual({ ok: true, value: null });
    expect(executeScript).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
