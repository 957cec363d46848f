// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { queryChain } from "./dom.ts";
import threadHtml from "./fixtures/gmail-thread.html?raw";
import { showFixture } from "./fixtures/show.ts";
import { GMAIL_MESSAGE, messageText, readGmailThreadForImport } from "./gmail-thread-messages.ts";

const THREAD_URL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm";
const local = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m, d, h, min).toISOString();

describe("readGmailThreadForImport", () => {
  it("reads the open thread: expanded messages in full, a collapsed one with what its header shows", () => {
    const thread = readGmailThreadForImport(THREAD_URL, showFixture(threadHtml));
    expect(thread).toEqual({
      threadId: "18c5f3a2b1d4e6f7",
      subject: "Re: Renewal pricing",
      participants: [
        { email: "bob@globex.com", name: "Bob Baxter" },
        { email: "ada@acme-sales.com", name: "Ada Admin" },
        { email: "carol@globex.com", name: "Carol Chen" },
        { email: "dan@initech.example", name: "Dan Diaz" },
      ],
      messages: [
        {
          messageId: "18c5f3a2b1d4e6f7",
          sentAt: local(2026, 10, 12, 9, 41),
          from: { email: "bob@globex.com", name: "Bob Baxter" },
          to: [],
          cc: [],
          body: "",
        },
        {
          messageId: "18c5f3a2b1d4e754",
          sentAt: local(2026, 10, 13, 16, 5),
          from: { email: "ada@acme-sales.com", name: "Ada Admin" },
          to: [{ email: "bob@globex.com", name: "Bob Baxter" }],
          cc: [],
          body: "Hi Bob,\n\nThanks for the call. The new quote is attached; it keeps the 12% discount.\n\nBest,\nAda",
        },
        {
          messageId: "18c5f3a2b1d4e7b8",
          sentAt: local(2026, 10, 16, 11, 20),
          from: { email: "carol@globex.com", name: "Carol Chen" },
          to: [
            { email: "ada@acme-sales.com", name: null },
            { email: "dan@initech.example", name: "Dan Diaz" },
            { email: "bob@globex.com", name: "Bob Baxter" },
          ],
          cc: [],
          body: "Hi Ada, following up on the renewal pricing.\nHonestly, the rollout cut our dispatch time by thirty percent, so the team wants to renew.\nCarol",
        },
      ],
      unreadMessageIds: ["18c5f3a2b1d4e6f7"],
      collapsed: 1,
    });
  });

  it("reads a collapsed message Gmail marks div.adf.ads (InboxSDK's), once, with its sender from td.gF", () => {
    const doc = showFixture(threadHtml);
    const collapsed = doc.querySelector("div.adn");
    if (!collapsed) throw new Error("the fixture has messages");
    collapsed.className = "adf ads";
    collapsed.innerHTML =
      '<table><tr><td class="gF"><span email="bob@globex.com" name="Bob Baxter">Bob</span></td>' +
      '<td class="gH"><span title="Thu, Nov 12, 2026, 9:41 AM">Nov 12</span></td></tr></table>';
    // An element of the same list inside another message is not another message.
    doc.querySelector("div.a3s")?.insertAdjacentHTML("beforeend", '<div class="adf ads"></div>');
    const thread = readGmailThreadForImport(THREAD_URL, doc);
    expect(thread?.messages.map((m) => [m.messageId, m.from.email, m.sentAt, m.body === ""])).toEqual([
      ["18c5f3a2b1d4e6f7", "bob@globex.com", local(2026, 10, 12, 9, 41), true],
      ["18c5f3a2b1d4e754", "ada@acme-sales.com", local(2026, 10, 13, 16, 5), false],
      ["18c5f3a2b1d4e7b8", "carol@globex.com", local(2026, 10, 16, 11, 20), false],
    ]);
    expect(thread?.unreadMessageIds).toEqual(["18c5f3a2b1d4e6f7"]);
  });

  it("counts, without sending, a collapsed message with no date it can read; ids fall back to the permanent id in hex", () => {
    const doc = showFixture(threadHtml);
    const [collapsed, expanded] = Array.from(doc.querySelectorAll("div.adn"));
    collapsed?.querySelector("span.g3")?.setAttribute("title", "yesterday");
    expanded?.removeAttribute("data-legacy-message-id");
    const thread = readGmailThreadForImport(THREAD_URL, doc);
    expect(thread?.messages.map((m) => m.messageId)).toEqual([
      BigInt("1785100707416041300").toString(16),
      "18c5f3a2b1d4e7b8",
    ]);
    expect(thread?.unreadMessageIds).toEqual([]);
    expect(thread?.collapsed).toBe(1);
  });

  it("never carries markup or the quoted thread into a body", () => {
    const thread = readGmailThreadForImport(THREAD_URL, showFixture(threadHtml));
    for (const m of thread?.messages ?? []) {
      expect(m.body).not.toMatch(/[<>]/);
      expect(m.body).not.toMatch(/wrote:|Can you send|Acme Sales|VP Operations/);
    }
  });

  it("is null on a list view and when no thread pane is visible", () => {
    const doc = showFixture(threadHtml);
    expect(readGmailThreadForImport("https://mail.google.com/mail/u/0/#inbox", doc)).toBeNull();
    for (const el of doc.querySelectorAll(".aeF")) el.setAttribute("style", "display: none");
    expect(readGmailThreadForImport(THREAD_URL, doc)).toBeNull();
  });
});

describe("messageText", () => {
  it("drops a plain-text signature and '>' quotes that Gmail did not mark", () => {
    const el = document.createElement("div");
    el.innerHTML = "<div>Yes, Tuesday works.</div><div>&gt; old line</div><div>-- <br>Max | Sales</div>";
    expect(messageText(el)).toBe("Yes, Tuesday works.");
  });
});

describe("GMAIL_MESSAGE selectors", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });
  const SNIPPETS: Record<keyof typeof GMAIL_MESSAGE, string[]> = {
    message: [
      '<div class="adf ads" data-probe>x</div>',
      '<div data-message-id="#msg-f:1" data-probe>x</div>',
      '<div data-legacy-message-id="18c5" data-probe>x</div>',
    ],
    sender: [
      '<span class="gD" email="a@b.co" data-probe>A</span>',
      '<table><tr><td class="gF"><span email="a@b.co" data-probe>A</span></td></tr></table>',
      '<h3><span email="a@b.co" data-probe>A</span></h3>',
    ],
    date: [
      '<span class="g3" title="Nov 12, 2026, 9:41 AM" data-probe>Nov 12</span>',
      '<table><tr><td class="gH"><span title="x" data-probe>x</span></td></tr></table>',
    ],
    body: ['<div class="a3s" data-probe>x</div>', '<div class="ii gt" data-probe>x</div>'],
    notNewText: [
      '<div class="gmail_quote" data-probe>x</div>',
      "<blockquote data-probe>x</blockquote>",
      '<div class="gmail_attr" data-probe>x</div>',
      '<div class="gmail_signature" data-probe>x</div>',
      '<div data-smartmail="gmail_signature" data-probe>x</div>',
      '<span class="gmail_signature_prefix" data-probe>-- </span>',
      '<div class="adL" data-probe>x</div>',
      '<div class="ajR" data-probe>x</div>',
    ],
  };
  for (const [key, chain] of Object.entries(GMAIL_MESSAGE)) {
    chain.forEach((path, i) => {
      it(`${key} alternative ${i + 1} (${path.join(" ")}) finds its element`, () => {
        document.body.innerHTML = SNIPPETS[key as keyof typeof GMAIL_MESSAGE][i] ?? "";
        const found = queryChain(document, [path]);
        expect(found?.elements[0]?.hasAttribute("data-probe")).toBe(true);
      });
    });
  }
});
