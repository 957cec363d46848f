// @vitest-environment happy-dom
import type { ConversationDetail } from "@sightline/shared";
import { h, render } from "preact";
import { describe, expect, it } from "vitest";
import { ok, type Request } from "../shared/messages.ts";
import type { Send } from "../ui/send-message.ts";
import { TranscriptPage } from "./TranscriptPage.tsx";
import { createTranscriptStore } from "./transcript-store.ts";

const detail: ConversationDetail = {
  conversation: {
    id: "cnv_1",
    title: "Support <i>call</i>",
    source: "zcc_voice",
    kind: "call",
    startedAt: "2026-11-20T15:00:00.000Z",
    durationSeconds: 60,
    hostEmail: null,
    accountId: null,
    routing: "auto",
    status: "analyzed",
  },
  contactCenter: { dispositions: ["Resolved"], notes: ["Asked for a <b>refund</b>"] },
  participants: [
    { name: "Ada Agent", email: null, side: "ours" },
    { name: "Cy Customer", email: null, side: "theirs" },
  ],
  insights: [{ kind: "issue", text: "Refund asked", quote: null, startMs: 5000, confidence: 1, data: {} }],
  segments: {
    items: [
      { seq: 0, speaker: "Ada Agent", startMs: 0, endMs: 4000, text: "Hello, how can I help?" },
      { seq: 1, speaker: "Cy Customer", startMs: 5000, endMs: 9000, text: "I want a refund <script>x</script>" },
    ],
    nextCursor: null,
  },
};

async function shown() {
  const send = (async (r: Request) => (r.type === "getConversation" ? ok(detail) : ok({ media: [] }))) as Send;
  const store = createTranscriptStore({ send, conversationId: "cnv_1", t: null, seg: 1 });
  await store.load();
  const container = document.createElement("div");
  document.body.append(container);
  render(h(TranscriptPage, { store }), container);
  return { store, container };
}

describe("transcript page", () => {
  it("shows Contact Center dispositions and notes, speakers by side, and the target segment, all as text", async () => {
    const { container } = await shown();
    const cc = container.querySelector('[aria-label="Contact Center"]');
    expect(cc?.textContent).toContain("Disposition: Resolved");
    expect(cc?.textContent).toContain("Asked for a <b>refund</b>");
    expect(container.querySelector("b, i, script")).toBeNull();
    const segments = [...container.querySelectorAll(".segment")];
    expect(segments.map((s) => s.className)).toEqual(["segment ours", "segment theirs hit"]);
    expect(segments[1]?.getAttribute("aria-current")).toBe("true");
    expect(segments[1]?.querySelector(".side-tag")?.textContent).toBe("their side");
    expect(container.querySelector('[aria-label="Jump to 0:05: Refund asked"]')).not.toBeNull();
  });

  it("marks find matches with <mark>, the current one apart, and counts them", async () => {
    const { store, container } = await shown();
    await store.find("REFUND");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const marks = [...container.querySelectorAll(".segments mark")];
    expect(marks.map((m) => [m.textContent, m.className])).toEqual([["refund", "current"]]);
    expect(container.querySelector(".find-count")?.textContent).toBe("1 of 1 match");
  });
});
