// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import inboxHtml from "./fixtures/gmail-inbox.html?raw";
import threadHtml from "./fixtures/gmail-thread.html?raw";
import { showFixture } from "./fixtures/show.ts";
import { GMAIL_NON_THREADS, GMAIL_URLS } from "./fixtures/urls.ts";
import { gmailUserEmail, matchGmailUrl, readGmailThread } from "./gmail.ts";

const THREAD_URL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm";

describe("matchGmailUrl", () => {
  it.each(GMAIL_URLS)("reads $url", ({ url, accountIndex, view, threadToken }) => {
    expect(matchGmailUrl(url)).toEqual({ accountIndex, view, threadToken });
  });

  it.each(GMAIL_NON_THREADS)("is not a thread: %s", (url) => {
    expect(matchGmailUrl(url)).toBe(null);
  });
});

describe("readGmailThread", () => {
  it("reads the open thread: senders of collapsed and expanded messages, To and Cc, without the user", () => {
    const doc = showFixture(threadHtml);
    expect(readGmailThread(THREAD_URL, doc)).toEqual({
      accountIndex: 0,
      view: "inbox",
      threadToken: "FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      legacyThreadId: "18c5f3a2b1d4e6f7",
      subject: "Re: Renewal pricing",
      userEmail: "ada@acme-sales.com",
      participants: ["bob@globex.com", "carol@globex.com", "dan@initech.example"],
    });
  });

  it("ignores a hidden thread pane left from the previous thread", () => {
    const doc = showFixture(threadHtml);
    doc.body.insertAdjacentHTML(
      "afterbegin",
      '<div style="display:none"><div role="main"><h2 class="hP">Old thread</h2>' +
        '<div class="adn"><h3><span class="gD" email="old@previous.example">Old</span></h3></div></div></div>',
    );
    const thread = readGmailThread(THREAD_URL, doc);
    expect(thread?.subject).toBe("Re: Renewal pricing");
    expect(thread?.participants).not.toContain("old@previous.example");
  });

  it("derives the legacy id from the permanent thread id when the attribute is missing", () => {
    const doc = showFixture(threadHtml);
    doc.querySelector("h2.hP")?.removeAttribute("data-legacy-thread-id");
    expect(readGmailThread(THREAD_URL, doc)?.legacyThreadId).toBe("18c5f3a2b1d4e6f7");
  });

  it("keeps the user's own address when the page does not say who the user is", () => {
    const doc = showFixture(threadHtml);
    doc.title = "Re: Renewal pricing";
    doc.querySelector('a[aria-label^="Google Account"]')?.remove();
    const thread = readGmailThread(THREAD_URL, doc);
    expect(thread?.userEmail).toBeUndefined();
    expect(thread?.participants).toEqual([
      "bob@globex.com",
      "ada@acme-sales.com",
      "carol@globex.com",
      "dan@initech.example",
    ]);
  });

  it("has the URL's thread and no participants while the thread has not rendered (the inbox list is shown)", () => {
    const doc = showFixture(inboxHtml);
    expect(readGmailThread(THREAD_URL, doc)).toEqual({
      accountIndex: 0,
      view: "inbox",
      threadToken: "FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      userEmail: "ada@acme-sales.com",
      participants: [],
    });
  });

  it("is null on the inbox list", () => {
    const doc = showFixture(inboxHtml);
    expect(readGmailThread("https://mail.google.com/mail/u/0/#inbox", doc)).toBe(null);
  });
});

describe("gmailUserEmail", () => {
  it("reads the address from Gmail and Workspace titles, else from the account switcher", () => {
    const doc = showFixture(inboxHtml);
    doc.title = "Inbox (3) - Me@Example.com - Gmail";
    expect(gmailUserEmail(doc)).toBe("me@example.com");
    doc.title = "Re: a - b - ada@acme-sales.com - Acme Sales Mail";
    expect(gmailUserEmail(doc)).toBe("ada@acme-sales.com");
    doc.title = "Gmail";
    expect(gmailUserEmail(doc)).toBe(null);
    doc.body.insertAdjacentHTML(
      "afterbegin",
      '<a aria-label="Google Account: Ada Admin  (ada@acme-sales.com)" href="https://accounts.google.com/SignOutOptions?hl=en">x</a>',
    );
    expect(gmailUserEmail(doc)).toBe("ada@acme-sales.com");
  });
});
