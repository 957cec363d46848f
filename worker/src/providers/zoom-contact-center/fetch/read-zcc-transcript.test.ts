import { describe, expect, it } from "vitest";
import { flowDisposition } from "../flow/flow-body.ts";
import { readZccJson, readZccTranscript, sideOfRole } from "./read-zcc-transcript.ts";

describe("readZccTranscript", () => {
  it("reads a messaging transcript in JSON: speakers, sides (agent ours, consumer theirs) and times from the first message", () => {
    const read = readZccTranscript(
      JSON.stringify({
        transcripts: [
          { sender_type: "consumer", sender_name: "Pat Buyer", content: "Hi there", timestamp: "2026-12-01T10:00:05Z" },
          { sender_type: "agent", sender_name: "Alex Agent", content: "Hello Pat", timestamp: "2026-12-01T10:00:35Z" },
        ],
      }),
      "application/json",
      Date.parse("2026-12-01T10:00:00Z"),
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.transcript.segments).toEqual([
      { speaker: "Pat Buyer", startMs: 5000, endMs: 5000, text: "Hi there" },
      { speaker: "Alex Agent", startMs: 35000, endMs: 35000, text: "Hello Pat" },
    ]);
    expect([...read.transcript.sides]).toEqual([
      ["Pat Buyer", "theirs"],
      ["Alex Agent", "ours"],
    ]);
  });

  it("reads a bare list with offsets and role-only speakers, and a VTT by its content", () => {
    const list = readZccJson([
      { role: "consumer", text: "Call me back", start_time: "00:00:01.5" },
      { role: "agent", text: "Will do", start_time: 3 },
    ]);
    expect(list.ok && list.transcript.segments).toEqual([
      { speaker: "Customer", startMs: 1500, endMs: 1500, text: "Call me back" },
      { speaker: "Agent", startMs: 3000, endMs: 3000, text: "Will do" },
    ]);
    const vtt = readZccTranscript("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAlex: Hi\n", "application/octet-stream");
    expect(vtt.ok && vtt.transcript.segments.map((x) => [x.startMs, x.endMs])).toEqual([[1000, 2000]]);
  });

  it("says why it cannot read a file", () => {
    expect(readZccTranscript("", "application/json")).toEqual({ ok: false, error: "the transcript file is empty" });
    expect(readZccTranscript("{not json", "application/json")).toEqual({
      ok: false,
      error: "the transcript is not valid JSON",
    });
    expect(readZccTranscript('{"a": 1}', "application/json").ok).toBe(false);
    expect(readZccTranscript("plain words", "text/plain").ok).toBe(false);
  });

  it("tells agents from consumers by role words", () => {
    expect(sideOfRole("AGENT")).toBe("ours");
    expect(sideOfRole("end_user")).toBe("theirs");
    expect(sideOfRole("Customer")).toBe("theirs");
    expect(sideOfRole("observer")).toBeNull();
  });
});

describe("flowDisposition", () => {
  it("reads the disposition a Flow script sends, as a string or an object", () => {
    expect(flowDisposition("Sale")).toEqual({ id: "Sale", name: "Sale" });
    expect(flowDisposition({ id: "d1", name: "Sale" })).toEqual({ id: "d1", name: "Sale" });
    expect(flowDisposition({ disposition_id: 7, disposition_name: "Callback" })).toEqual({ id: "7", name: "Callback" });
    expect(flowDisposition(null)).toBeNull();
    expect(flowDisposition({})).toBeNull();
  });
});
