// @vitest-environment happy-dom
import type { EmailMessageResponse } from "@sightline/shared";
import { h, render } from "preact";
import { describe, expect, it } from "vitest";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import { EmailPage } from "./EmailPage.tsx";
import { createEmailStore, emailMarks } from "./email-store.ts";

const BODY = "Hi <b>team</b>,\nWe love how fast the dashboard loads. <script>alert(1)</script>";
const QUOTE = "We love how fast the dashboard loads.";
const insight = { id: "ins_1", kind: "win", text: "Fast dashboard", quote: QUOTE, at: null };
const email: EmailMessageResponse = {
  conversationId: "cnv_1",
  threadId: "t1",
  subject: "Rollout <img src=x onerror=alert(1)>",
  accountId: null,
  message: {
    messageId: "m1",
    sentAt: "2026-11-16T10:20:00.000Z",
    from: { email: "bob@globex.com", name: "Bob <i>B</i>" },
    to: [{ email: "ada@acme-sales.com", name: null }],
    cc: [],
    body: BODY,
  },
  located: { start: BODY.indexOf(QUOTE), end: BODY.indexOf(QUOTE) + QUOTE.length },
  insights: [insight],
};

function fakeSend(answer: Result<unknown>) {
  const calls: Request[] = [];
  const send = (async (r: Request) => {
    calls.push(r);
    return r.type === "getEmailMessage" ? answer : ok(true);
  }) as Send;
  return { send, calls };
}

async function shown(answer: Result<unknown>, quote: string | null = QUOTE) {
  const { send, calls } = fakeSend(answer);
  const store = createEmailStore({ send, target: { conversationId: "cnv_1", messageId: "m1", quote } });
  await store.load();
  const container = document.createElement("div");
  document.body.append(container);
  render(h(EmailPage, { store }), container);
  return { store, container, calls };
}

describe("e-mail page", () => {
  it("asks for the message with the quote and marks the quote from the offsets, all as text", async () => {
    const { container, calls, store } = await shown(ok(email));
    expect(calls[0]).toEqual({ type: "getEmailMessage", conversationId: "cnv_1", messageId: "m1", quote: QUOTE });
    expect(container.querySelector("h1")?.textContent).toBe("Rollout <img src=x onerror=alert(1)>");
    expect(container.textContent).toContain("Bob <i>B</i> <bob@globex.com>");
    expect(container.textContent).toContain("ada@acme-sales.com");
    const marks = [...container.querySelectorAll("mark")];
    expect(marks.map((m) => m.textContent)).toEqual([QUOTE]);
    expect(marks[0]?.className).toBe("current");
    expect(container.querySelector('[data-testid="email-body"]')?.textContent).toBe(BODY);
    expect(container.querySelector("b, i, img, script")).toBeNull();
    // "Open the whole thread" opens the viewer on the conversation.
    await store.openThread();
    expect(calls.at(-1)).toEqual({ type: "openTranscript", conversationId: "cnv_1", t: null });
  });

  it("marks the located insights when the quote was not found", () => {
    const at = { start: 3, end: 9999 };
    expect(emailMarks({ ...email, located: null, insights: [{ ...insight, at }] })).toEqual([at]);
    expect(emailMarks({ ...email, located: null, insights: [] })).toEqual([]);
  });

  it("says what is wrong: signed out, a failure, or no message in the address", async () => {
    expect((await shown(fail("unauthorized", "no"))).container.textContent).toContain("not signed in");
    const failed = await shown(fail("server", "Message not found"));
    expect(failed.container.querySelector('[role="alert"]')).not.toBeNull();
    const { send, calls } = fakeSend(ok(email));
    const store = createEmailStore({ send, target: { conversationId: "cnv_1", messageId: null, quote: null } });
    await store.load();
    expect(calls).toEqual([]);
    expect(store.view.value).toMatchObject({ kind: "error" });
  });
});
