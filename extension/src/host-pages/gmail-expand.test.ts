// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryChain } from "./dom.ts";
import threadHtml from "./fixtures/gmail-thread.html?raw";
import collapsedHtml from "./fixtures/gmail-thread-collapsed.html?raw";
import { showFixture } from "./fixtures/show.ts";
import { expandCollapsedMessages, GMAIL_EXPAND } from "./gmail-expand.ts";
import { gmailThreadPane, readGmailThreadForImport } from "./gmail-thread-messages.ts";

const URL_ = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXKpilotRolloutPlanThread";
const local = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m, d, h, min).toISOString();
type Fixture = { loads: Record<string, boolean>; clicks: number };
const fixture = () => (window as unknown as { gmailFixture: Fixture }).gmailFixture;

/**
 * The collapsed-thread fixture with its script running (it plays Gmail: a click shows the message,
 * whose body arrives a moment later). innerHTML runs no script, so it is run here; the page's
 * language (`<html lang="fr">`, which innerHTML does not copy) is set as Gmail sets it.
 */
function showGmail(html = collapsedHtml): Document {
  const doc = showFixture(html);
  doc.documentElement.lang = "fr";
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  // Runs the fixture's own script, as the browser would.
  if (script) new Function(script)();
  return doc;
}

function pane(doc: Document): Element {
  const found = gmailThreadPane(doc);
  if (!found) throw new Error("the fixture shows a thread");
  return found;
}

const bodies = (doc: Document) =>
  readGmailThreadForImport(URL_, doc)?.messages.map((m) => [m.messageId, m.sentAt, m.from.email, m.body]);

describe("expandCollapsedMessages", () => {
  let listeners: Array<() => void> = [];
  beforeEach(() => {
    listeners = [];
  });
  afterEach(() => {
    for (const remove of listeners) remove();
  });

  it("expands a long thread as a user would and reads every message, dated in the page's language", async () => {
    const doc = showGmail();
    fixture().loads.C = true;
    expect(readGmailThreadForImport(URL_, doc)?.unreadMessageIds).toEqual(["19d0a1b2c3d4e601", "19d0a1b2c3d4e603"]);
    expect(await expandCollapsedMessages(pane(doc), 3000)).toBe(0);
    const thread = readGmailThreadForImport(URL_, doc);
    expect(bodies(doc)).toEqual([
      ["19d0a1b2c3d4e601", local(2026, 10, 2, 9, 0), "bob@globex.com", "Kickoff is confirmed for the pilot in Lyon."],
      [
        "19d0a1b2c3d4e602",
        local(2026, 10, 3, 10, 15),
        "ada@acme-sales.com",
        "We will bring two trainers for the pilot week.",
      ],
      [
        "19d0a1b2c3d4e603",
        local(2026, 10, 4, 16, 40),
        "carol@globex.com",
        "Procurement needs the security questionnaire before signing.",
      ],
      ["19d0a1b2c3d4e604", local(2026, 10, 5, 8, 5), "bob@globex.com", "Thanks, the pilot starts Monday."],
    ]);
    expect(thread).toMatchObject({ threadId: "19d0a1b2c3d4e5f6", unreadMessageIds: [], collapsed: 0 });
    expect(thread?.messages[0]?.to).toEqual([{ email: "ada@acme-sales.com", name: null }]);
  });

  it("sends a message whose body never comes with what its header shows, and counts it, after a bounded wait", async () => {
    const doc = showGmail();
    expect(await expandCollapsedMessages(pane(doc), 1000)).toBe(1);
    const thread = readGmailThreadForImport(URL_, doc);
    expect(thread?.unreadMessageIds).toEqual(["19d0a1b2c3d4e603"]);
    expect(thread?.collapsed).toBe(1);
    expect(thread?.messages).toHaveLength(4);
    expect(thread?.messages[2]).toEqual({
      messageId: "19d0a1b2c3d4e603",
      sentAt: local(2026, 10, 4, 16, 40),
      from: { email: "carol@globex.com", name: "Carol Chen" },
      to: [],
      cc: [],
      body: "",
    });
  });

  it("without an Expand all button, opens the older-messages stack and clicks each collapsed header once", async () => {
    const doc = showGmail();
    doc.querySelector("img.gx")?.closest('[role="button"]')?.remove();
    const clicked: string[] = [];
    const count = (event: Event) => {
      const id = (event.target as Element).closest("[data-legacy-message-id]")?.getAttribute("data-legacy-message-id");
      clicked.push(id ?? (event.target as Element).className);
    };
    doc.addEventListener("click", count);
    listeners.push(() => doc.removeEventListener("click", count));
    expect(await expandCollapsedMessages(pane(doc), 1000)).toBe(1);
    expect(bodies(doc)?.map(([, , , body]) => body !== "")).toEqual([true, true, false, true]);
    // The stack, then A, B and C once each: a second click on a header would collapse it again.
    expect(clicked.sort()).toEqual(["19d0a1b2c3d4e601", "19d0a1b2c3d4e602", "19d0a1b2c3d4e603", "adx"]);
  });

  it("gives up after the wait on a page that never answers (the static fixture), and changes nothing else", async () => {
    const doc = showFixture(threadHtml);
    const before = doc.body.innerHTML;
    expect(await expandCollapsedMessages(pane(doc), 200)).toBe(1);
    expect(doc.body.innerHTML).toBe(before);
    const thread = readGmailThreadForImport(
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      doc,
    );
    expect(thread?.unreadMessageIds).toEqual(["18c5f3a2b1d4e6f7"]);
  });

  it("does nothing when every message is already expanded", async () => {
    const doc = showGmail();
    fixture().loads.C = true;
    await expandCollapsedMessages(pane(doc), 3000);
    const clicks = fixture().clicks;
    expect(await expandCollapsedMessages(pane(doc), 3000)).toBe(0);
    expect(fixture().clicks).toBe(clicks);
  });
});

describe("GMAIL_EXPAND selectors", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });
  const SNIPPETS: Record<keyof typeof GMAIL_EXPAND, string[]> = {
    expandAll: ['<div role="button"><img class="gx" data-probe></div>', '<span><img class="gx" data-probe></span>'],
    hiddenStack: [
      '<div class="kQ adv" role="listitem"><span class="adx" data-probe>2</span></div>',
      '<div><span class="adx" data-probe>2</span></div>',
      '<div class="kQ" role="listitem" data-probe></div>',
    ],
    expandedItem: ['<div class="h7" role="listitem" data-probe></div>'],
  };
  for (const [key, chain] of Object.entries(GMAIL_EXPAND)) {
    chain.forEach((path, i) => {
      it(`${key} alternative ${i + 1} (${path.join(" ")}) finds its element`, () => {
        document.body.innerHTML = SNIPPETS[key as keyof typeof GMAIL_EXPAND][i] ?? "";
        expect(queryChain(document, [path])?.elements[0]?.hasAttribute("data-probe")).toBe(true);
      });
    });
  }
});
