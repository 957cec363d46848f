import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeWithSharedData, sharedDataPath } from "../../../test/support/shared-data.ts";
import { parseVtt } from "./parse-vtt.ts";
import { readZoomVtt } from "./read-zoom-vtt.ts";
import { syntheticZoomVtt } from "./synthetic-zoom-vtt.ts";

const dir = sharedDataPath("zoom-vtt");
const vttFiles = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".vtt")) : [];
const read = (name: string) => readFileSync(`${dir}/${name}`, "utf8");

// An independent oracle: the timing lines and cue text lines of a file, found with a regular expression.
const TIMING = /^(\d+:)?\d\d:\d\d\.\d\d\d[ \t]*-->[ \t]*(\d+:)?\d\d:\d\d\.\d\d\d([ \t].*)?$/;
function oracle(vtt: string) {
  const lines = vtt.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let timingLines = 0;
  const textLines: string[] = [];
  let inCue = false;
  lines.forEach((line, i) => {
    if (TIMING.test(line)) {
      timingLines++;
      inCue = true;
    } else if (line.trim() === "") {
      inCue = false;
    } else if (inCue && !(/^\d+$/.test(line) && TIMING.test(lines[i + 1] ?? ""))) {
      textLines.push(line.trim());
    }
  });
  return { timingLines, textLines };
}

// Facts checked by reading the files (see the report in README.md).
const expected: Record<string, { cues: number; speakers: string[]; unattributed: string[] }> = {
  "GMT20240124-202901_Recording.transcript.vtt": {
    cues: 102,
    speakers: ["Srijani Ghosh", "Conor Healy", "Dr. Melissa Ko", "Shreeharsh Kelkar", "Ryan Sloan"],
    unattributed: ["Hmm."],
  },
  "GMT20240124-202901_Recording.cc.vtt": { cues: 100, speakers: [], unattributed: ["This doesn't.", "Yeah."] },
  "meeting001_transcript.vtt": {
    cues: 300,
    speakers: ["Andrew Knight", "Paul McCartney", "George Harrison", "Ringo Starr", "John Lennon"],
    unattributed: ["And that", "Yes. Okay."],
  },
};

describeWithSharedData("readZoomVtt on the real Zoom files", () => {
  it("finds the files", () => {
    expect(vttFiles.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of vttFiles) {
    describe(name, () => {
      const vtt = read(name);

      it("reads one cue per timing line, in order, with non-negative durations", () => {
        const result = readZoomVtt(vtt, { merge: false });
        if (!result.ok) throw new Error(result.error.message);
        expect(result.stats.cues).toBe(oracle(vtt).timingLines);
        expect(result.stats.warnings).toEqual([]);
        const facts = expected[name];
        if (facts) expect(result.stats.cues).toBe(facts.cues);
        const parsed = parseVtt(vtt);
        if (!parsed.ok) throw new Error(parsed.error.message);
        for (const [i, cue] of parsed.cues.entries()) {
          expect(cue.endMs).toBeGreaterThanOrEqual(cue.startMs);
          if (i > 0) expect(cue.startMs).toBeGreaterThanOrEqual(parsed.cues[i - 1]?.startMs ?? 0);
        }
      });

      it("loses no text, merged or not", () => {
        const { textLines } = oracle(vtt);
        expect(textLines.length).toBeGreaterThan(0);
        for (const merge of [false, true]) {
          const result = readZoomVtt(vtt, { merge });
          if (!result.ok) throw new Error(result.error.message);
          const speakers = new Set(result.stats.speakers);
          const all = result.transcript.segments.map((s) => s.text).join("\n");
          // A line's text without the speaker prefix the reader recognized (the first line of a cue).
          const bodies = textLines.map((line) => {
            const colon = line.indexOf(": ");
            return colon > 0 && speakers.has(line.slice(0, colon)) ? line.slice(colon + 2).trim() : line;
          });
          for (const body of bodies) expect(all).toContain(body);
          // Nothing added or dropped: the same characters apart from white space.
          const compact = (s: string) => s.replace(/\s+/g, "");
          expect(compact(all)).toBe(compact(bodies.join("")));
        }
      });

      it("keeps utterances in order with non-negative durations", () => {
        const result = readZoomVtt(vtt);
        if (!result.ok) throw new Error(result.error.message);
        const { segments } = result.transcript;
        expect(segments.length).toBeGreaterThan(0);
        for (const [i, segment] of segments.entries()) {
          expect(segment.endMs).toBeGreaterThanOrEqual(segment.startMs);
          if (i > 0) expect(segment.startMs).toBeGreaterThanOrEqual(segments[i - 1]?.startMs ?? 0);
          // Two utterances of one speaker in a row only after a long pause.
          const previous = segments[i - 1];
          if (previous && segment.speaker !== null && segment.speaker === previous.speaker) {
            expect(segment.startMs - previous.endMs).toBeGreaterThan(5000);
          }
        }
      });

      const facts = expected[name];
      if (facts) {
        it("finds exactly the speakers in the file, and none in unattributed cues", () => {
          const result = readZoomVtt(vtt, { merge: false });
          if (!result.ok) throw new Error(result.error.message);
          expect(result.stats.speakers).toEqual(facts.speakers);
          for (const text of facts.unattributed) {
            expect(result.transcript.segments.find((s) => s.text === text)).toMatchObject({ speaker: null });
          }
          if (facts.speakers.length === 0) {
            expect(result.transcript.segments.every((s) => s.speaker === null)).toBe(true);
          }
        });
      }
    });
  }

  it("matches speakers against the meeting's participant report without inventing any", () => {
    const csv = readFileSync(sharedDataPath("zoom-vtt", "meeting001_participants.csv"), "utf8");
    const rows = csv.split(/\r?\n/);
    const header = rows.findIndex((row) => row.startsWith("Name (Original Name)"));
    const participants = rows
      .slice(header + 1)
      .map((row) => row.split(",")[0] ?? "")
      .filter(Boolean);
    expect(participants).toContain("Paul McCartney (Wings)");
    const result = readZoomVtt(read("meeting001_transcript.vtt"), { participants });
    expect(result.ok && result.stats.speakers).toEqual(expected["meeting001_transcript.vtt"]?.speakers);
  });
});

it("reads a synthetic 10 MB Zoom file with every quirk", () => {
  const { vtt, cues } = syntheticZoomVtt(10 * 1024 * 1024);
  expect(vtt.length).toBeGreaterThanOrEqual(10 * 1024 * 1024);
  const result = readZoomVtt(vtt);
  if (!result.ok) throw new Error(result.error.message);
  expect(result.stats.cues).toBe(cues);
  expect(result.stats.speakers).toEqual(["Dr. Melissa Ko", "Paul McCartney (Wings)", "José Núñez-O'Brien"]);
});
