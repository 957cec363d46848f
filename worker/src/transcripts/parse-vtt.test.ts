import { describe, expect, it } from "vitest";
import { parseVtt, type VttCue } from "./parse-vtt.ts";

function cues(src: string): VttCue[] {
  const result = parseVtt(src);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.cues;
}
const brief = (src: string) => cues(src).map(({ id, startMs, endMs, text }) => ({ id, startMs, endMs, text }));

describe("parseVtt: header and errors", () => {
  it("refuses input that does not start with WEBVTT, with the reason", () => {
    const result = parseVtt("1\n00:00:01.000 --> 00:00:02.000\nhi\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("missing-header");
    expect(result.error.message).toContain("WEBVTT");
    expect(result.error.message).toContain('"1"');
  });

  it("refuses WEBVTT followed by anything but a space or tab, and empty input", () => {
    expect(parseVtt("WEBVTTX\n")).toMatchObject({ ok: false, error: { code: "missing-header" } });
    expect(parseVtt("")).toMatchObject({ ok: false, error: { code: "empty" } });
    expect(parseVtt("\uFEFF")).toMatchObject({ ok: false, error: { code: "empty" } });
  });

  it("accepts a header with a title and metadata lines, and a file with no cues", () => {
    expect(brief("WEBVTT - Zoom\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nhi\n")).toEqual([
      { id: null, startMs: 1000, endMs: 2000, text: "hi" },
    ]);
    expect(parseVtt("WEBVTT\n")).toEqual({ ok: true, cues: [], warnings: [] });
    expect(parseVtt("WEBVTT")).toEqual({ ok: true, cues: [], warnings: [] });
  });

  it("skips a byte order mark", () => {
    expect(brief("\uFEFFWEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n")).toEqual([
      { id: null, startMs: 1000, endMs: 2000, text: "hi" },
    ]);
  });
});

describe("parseVtt: cues", () => {
  it("reads numbered and unnumbered cues", () => {
    const src = "WEBVTT\n\n1\n00:00:00.050 --> 00:00:01.790\nA: one\n\n00:00:02.070 --> 00:00:04.050\nB: two\n";
    expect(brief(src)).toEqual([
      { id: "1", startMs: 50, endMs: 1790, text: "A: one" },
      { id: null, startMs: 2070, endMs: 4050, text: "B: two" },
    ]);
  });

  it("reads CRLF, lone CR and mixed line ends alike", () => {
    const lf =
      "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nline one\nline two\n\n2\n00:00:03.000 --> 00:00:04.000\nthree\n";
    const expected = brief(lf);
    expect(expected.map((c) => c.text)).toEqual(["line one\nline two", "three"]);
    expect(brief(lf.replaceAll("\n", "\r\n"))).toEqual(expected);
    expect(brief(lf.replaceAll("\n", "\r"))).toEqual(expected);
    expect(brief(lf.replace("\n\n1\n", "\r\n\r1\n").replace("two\n", "two\r\n"))).toEqual(expected);
  });

  it("keeps multi-line text, joined with \\n", () => {
    expect(cues("WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n  second\nthird\n")[0]?.text).toBe("first\n  second\nthird");
  });

  it("starts a new cue at a timing line even without a blank line", () => {
    const src =
      "WEBVTT\n00:00:01.000 --> 00:00:02.000\none\n00:00:02.000 --> 00:00:03.000\ntwo\n00:00:03.000 --> 00:00:04.000\nthree";
    expect(brief(src).map((c) => [c.startMs, c.text])).toEqual([
      [1000, "one"],
      [2000, "two"],
      [3000, "three"],
    ]);
    expect(brief("WEBVTT\n7\n00:01.000 --> 00:02.000\nx")).toEqual([
      { id: "7", startMs: 1000, endMs: 2000, text: "x" },
    ]);
  });

  it("does not leak the next cue's number into the text when the blank line is missing", () => {
    const src =
      "WEBVTT\n\n41\n00:00:01.000 --> 00:00:02.000\nSpeaker: we said\n42\n00:00:02.000 --> 00:00:03.000\nnext\n";
    expect(brief(src)).toEqual([
      { id: "41", startMs: 1000, endMs: 2000, text: "Speaker: we said" },
      { id: "42", startMs: 2000, endMs: 3000, text: "next" },
    ]);
  });

  it("keeps a digits-only text line that no timing line follows", () => {
    const src = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nthe answer is\n42\n\n00:00:02.000 --> 00:00:03.000\nok\n";
    expect(brief(src).map((c) => c.text)).toEqual(["the answer is\n42", "ok"]);
  });

  it("keeps text containing --> that is not a timing line", () => {
    const src = [
      "WEBVTT",
      "",
      "00:00:01.000 --> 00:00:02.000",
      "A: step one --> step two",
      "00:00:03 --> 00:00:04",
      "1:00 --> 2:00 is the slot",
      "00:00:01.000 --> later",
      "00:00:01.000 --> 00:00:02.000x",
      "00:61.000 --> 00:62.000",
      "",
    ].join("\n");
    const [cue, ...rest] = cues(src);
    expect(rest).toEqual([]);
    expect(cue?.text.split("\n")).toEqual([
      "A: step one --> step two",
      "00:00:03 --> 00:00:04",
      "1:00 --> 2:00 is the slot",
      "00:00:01.000 --> later",
      "00:00:01.000 --> 00:00:02.000x",
      "00:61.000 --> 00:62.000",
    ]);
  });

  it("reads hours of 100 and more, and timestamps without hours", () => {
    expect(brief("WEBVTT\n\n123:04:05.678 --> 123:04:06.000\nlong\n\n01:02.003 --> 59:59.999\nshort\n")).toEqual([
      {
        id: null,
        startMs: ((123 * 60 + 4) * 60 + 5) * 1000 + 678,
        endMs: ((123 * 60 + 4) * 60 + 6) * 1000,
        text: "long",
      },
      { id: null, startMs: 62_003, endMs: 3_599_999, text: "short" },
    ]);
  });

  it("reads cue settings and timing lines without spaces around the arrow", () => {
    const [a, b] = cues(
      "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start position:10%\none\n\n00:02.000-->00:03.000\ttwo-settings\ntwo\n",
    );
    expect(a).toMatchObject({ startMs: 1000, endMs: 2000, settings: "align:start position:10%", text: "one" });
    expect(b).toMatchObject({ startMs: 2000, endMs: 3000, settings: "two-settings", text: "two" });
  });

  it("skips NOTE, STYLE and REGION blocks", () => {
    const src = [
      "WEBVTT",
      "",
      "STYLE",
      "::cue { color: red }",
      "",
      "REGION",
      "id:fred width:40%",
      "",
      "NOTE this is a comment",
      "spanning lines",
      "",
      "NOTE",
      "another",
      "00:00:01.000 --> 00:00:02.000",
      "kept",
      "",
    ].join("\n");
    expect(brief(src)).toEqual([{ id: null, startMs: 1000, endMs: 2000, text: "kept" }]);
    expect(parseVtt(src)).toMatchObject({ warnings: [] });
  });

  it("treats NOTE inside cue text as text", () => {
    expect(cues("WEBVTT\n\n00:01.000 --> 00:02.000\nNOTE to self\n")[0]?.text).toBe("NOTE to self");
  });

  it("treats a line of spaces as a blank line", () => {
    expect(brief("WEBVTT\n\n00:01.000 --> 00:02.000\none\n  \t\n2\n00:02.000 --> 00:03.000\ntwo\n")).toEqual([
      { id: null, startMs: 1000, endMs: 2000, text: "one" },
      { id: "2", startMs: 2000, endMs: 3000, text: "two" },
    ]);
  });

  it("numbers lines for diagnostics", () => {
    expect(cues("WEBVTT\r\n\r\n1\r\n00:01.000 --> 00:02.000\r\nx\r\n")[0]?.line).toBe(4);
  });
});

describe("parseVtt: never loses text", () => {
  it("appends text outside any cue to the cue before it, with a warning", () => {
    const result = parseVtt("WEBVTT\n\n00:01.000 --> 00:02.000\nbefore\n\nafter a stray blank line\nand more\n\n");
    expect(result).toMatchObject({
      ok: true,
      cues: [{ text: "before\nafter a stray blank line\nand more" }],
      warnings: [{ code: "orphan-text", line: 6, text: "after a stray blank line\nand more" }],
    });
  });

  it("reports text before the first cue", () => {
    const result = parseVtt("WEBVTT\n\nstray\n\n00:01.000 --> 00:02.000\nx\n");
    expect(result).toMatchObject({ ok: true, warnings: [{ code: "text-before-first-cue", line: 3, text: "stray" }] });
  });

  it("reports an end time before the start time", () => {
    const result = parseVtt("WEBVTT\n\n00:05.000 --> 00:04.000\nx\n");
    expect(result).toMatchObject({
      ok: true,
      cues: [{ startMs: 5000, endMs: 4000 }],
      warnings: [{ code: "end-before-start" }],
    });
  });

  it("keeps every text line of a file mixing all the quirks", () => {
    const lines = [
      "\uFEFFWEBVTT",
      "NOTE made by hand",
      "",
      "1",
      "00:00:01.000 --> 00:00:02.000",
      "Dr. Melissa Ko: alpha",
      "beta --> gamma",
      "2",
      "00:00:02.500 --> 00:00:03.000",
      "Action item: delta",
      "00:03.000 --> 00:04.000",
      "epsilon",
      "",
      "",
      "100:00:00.000 --> 100:00:01.000 line:0",
      "zeta",
      "7",
    ];
    for (const eol of ["\n", "\r\n", "\r"]) {
      const result = parseVtt(lines.join(eol));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.cues.map((c) => c.id)).toEqual(["1", "2", null, null]);
      const text = result.cues.map((c) => c.text).join("\n");
      for (const word of ["alpha", "beta --> gamma", "Action item: delta", "epsilon", "zeta\n7"]) {
        expect(text).toContain(word);
      }
    }
  });
});
