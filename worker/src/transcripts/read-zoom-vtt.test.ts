import { describe, expect, it } from "vitest";
import { readZoomVtt } from "./read-zoom-vtt.ts";

const zoom = [
  "WEBVTT",
  "",
  "1",
  "00:00:00.050 --> 00:00:01.790",
  "Dr. Melissa Ko: Hi!",
  "",
  "2",
  "00:00:02.070 --> 00:00:04.050",
  "Dr. Melissa Ko: Let's start.",
  "Second line.",
  "3",
  "00:00:04.100 --> 00:00:05.000",
  "Action item: call back",
  "",
  "4",
  "00:00:05.000 --> 00:00:06.000",
  "Conor Healy: Sure.",
  "",
  "5",
  "00:00:20.000 --> 00:00:19.000",
  "Conor Healy: Later.",
  "",
].join("\r\n");

describe("readZoomVtt", () => {
  it("turns a Zoom VTT into utterances with speakers, and counts", () => {
    const result = readZoomVtt(zoom);
    expect(result).toEqual({
      ok: true,
      transcript: {
        segments: [
          { speaker: "Dr. Melissa Ko", startMs: 50, endMs: 4050, text: "Hi! Let's start. Second line." },
          { speaker: null, startMs: 4100, endMs: 5000, text: "Action item: call back" },
          { speaker: "Conor Healy", startMs: 5000, endMs: 6000, text: "Sure." },
          { speaker: "Conor Healy", startMs: 20_000, endMs: 20_000, text: "Later." },
        ],
      },
      stats: {
        cues: 5,
        emptyCues: 0,
        segments: 4,
        speakers: ["Dr. Melissa Ko", "Conor Healy"],
        warnings: [{ code: "end-before-start", line: 20, text: "00:00:20.000 --> 00:00:19.000" }],
      },
    });
  });

  it("keeps one segment per cue when merging is off, and uses the participant list", () => {
    const result = readZoomVtt(
      "WEBVTT\n\n00:01.000 --> 00:02.000\nRingo: hi\n\n00:02.000 --> 00:03.000\nRingo: again\n",
      {
        merge: false,
        participants: [],
      },
    );
    expect(result.ok && result.transcript.segments.map((s) => s.speaker)).toEqual(["Ringo", "Ringo"]);
    const once = readZoomVtt("WEBVTT\n\n00:01.000 --> 00:02.000\nRingo: hi\n", { participants: ["Ringo (drums)"] });
    expect(once.ok && once.transcript.segments[0]?.speaker).toBe("Ringo");
  });

  it("returns the reader's error instead of throwing", () => {
    expect(readZoomVtt("1\n00:00:01.000 --> 00:00:02.000\nhi\n")).toMatchObject({
      ok: false,
      error: { code: "missing-header" },
    });
  });

  it("counts cues that are only a speaker name and makes no segment of them", () => {
    const result = readZoomVtt(
      "WEBVTT\n\n00:01.000 --> 00:02.000\nAlice Smith:\n\n00:02.000 --> 00:03.000\nAlice Smith: hi\n",
    );
    expect(result).toMatchObject({ ok: true, stats: { cues: 2, emptyCues: 1, segments: 1 } });
  });
});
