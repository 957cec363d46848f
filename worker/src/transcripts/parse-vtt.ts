import { VttLines } from "./vtt-lines.ts";
import { readVttTiming, type VttTiming } from "./vtt-timing.ts";

/** One WebVTT cue as written: times in milliseconds, text lines joined with "\n", nothing interpreted. */
export interface VttCue {
  /** The cue identifier line (Zoom numbers its cues), or null. */
  id: string | null;
  startMs: number;
  endMs: number;
  /** Cue settings after the end time (`align:start ...`), or "". */
  settings: string;
  text: string;
  /** 1-based line number of the timing line. */
  line: number;
}

export type VttWarningCode =
  /** Text outside any cue (e.g. a blank line inside a cue's text); it was appended to the cue before it. */
  | "orphan-text"
  /** Text before the first cue that is neither header nor NOTE/STYLE/REGION; reported, not kept. */
  | "text-before-first-cue"
  /** A cue whose end time is before its start time. */
  | "end-before-start";

export interface VttWarning {
  code: VttWarningCode;
  line: number;
  text: string;
}

export type VttErrorCode = "empty" | "missing-header";

export interface VttError {
  code: VttErrorCode;
  message: string;
  line: number;
}

export type VttParseResult = { ok: true; cues: VttCue[]; warnings: VttWarning[] } | { ok: false; error: VttError };

const SPACE = 32;
const TAB = 9;

/**
 * Reads WebVTT as Zoom writes it, in one pass over the string with no regular expressions on the
 * hot path. Follows the WebVTT parsing rules, plus what real files need:
 * - line ends LF, CRLF or a lone CR; a leading BOM; lines of only spaces/tabs count as blank;
 * - a timing line (see vtt-timing.ts) starts a new cue even without a blank line before it; a line
 *   that merely contains `-->` is text;
 * - a digits-only line directly followed by a timing line is the next cue's identifier, also inside
 *   cue text (so a missing blank line does not leak "42" into the previous cue);
 * - NOTE, STYLE and REGION blocks are skipped (a timing line ends them too);
 * - text is never dropped silently: a block that is not a cue is appended to the cue before it and
 *   reported as a warning.
 * Input that does not start with `WEBVTT` is an error result, not an exception.
 */
export function parseVtt(src: string): VttParseResult {
  const length = src.length;
  let pos = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (pos >= length) return fail("empty", "the file is empty", 1);
  // Header: "WEBVTT" alone or followed by a space or tab and free text.
  const lines = new VttLines(src);
  const timing: VttTiming = { startMs: 0, endMs: 0, settingsStart: -1 };
  const headerEnd = lines.end(pos);
  if (
    !src.startsWith("WEBVTT", pos) ||
    (headerEnd > pos + 6 && src.charCodeAt(pos + 6) !== SPACE && src.charCodeAt(pos + 6) !== TAB)
  ) {
    const found = JSON.stringify(src.slice(pos, Math.min(headerEnd, pos + 40)));
    return fail("missing-header", `a WebVTT file starts with "WEBVTT"; this one starts with ${found}`, 1);
  }

  const cues: VttCue[] = [];
  const warnings: VttWarning[] = [];
  let lineNo = 1;
  pos = lines.next(headerEnd);

  // Modes: in the header, between blocks, inside a cue's text, inside a skipped block.
  const HEADER = 0;
  const BETWEEN = 1;
  const CUE = 2;
  const SKIP = 3;
  const ORPHAN = 4;
  let mode = HEADER;
  let cue: VttCue | null = null;
  // The current cue's text as a range of the source (lines are contiguous), and its line count.
  let textStart = -1;
  let textEnd = -1;
  let textLines = 0;
  let orphanStart = -1;
  let orphanEnd = -1;
  let orphanLine = 0;
  let pendingId: string | null = null;

  const closeCue = () => {
    if (cue === null) return;
    if (textLines > 0) cue.text = lineRangeText(src, textStart, textEnd, textLines);
    cue = null;
    textLines = 0;
  };
  const closeOrphan = () => {
    if (orphanStart < 0) return;
    const text = lineRangeText(src, orphanStart, orphanEnd, 2);
    const previous = cues.at(-1);
    if (previous) {
      previous.text = previous.text === "" ? text : `${previous.text}\n${text}`;
      warnings.push({ code: "orphan-text", line: orphanLine, text });
    } else {
      warnings.push({ code: "text-before-first-cue", line: orphanLine, text });
    }
    orphanStart = -1;
  };

  while (pos < length) {
    lineNo++;
    const start = pos;
    const end = lines.end(start);
    pos = lines.next(end);
    const blank = isBlankLine(src, start, end);

    if (blank) {
      if (mode === CUE) closeCue();
      else if (mode === ORPHAN) closeOrphan();
      mode = BETWEEN;
      continue;
    }

    if (readVttTiming(src, start, end, timing)) {
      if (mode === CUE) closeCue();
      else if (mode === ORPHAN) closeOrphan();
      cue = {
        id: pendingId,
        startMs: timing.startMs,
        endMs: timing.endMs,
        settings: timing.settingsStart < 0 ? "" : src.slice(timing.settingsStart, end),
        text: "",
        line: lineNo,
      };
      if (timing.endMs < timing.startMs) {
        warnings.push({ code: "end-before-start", line: lineNo, text: src.slice(start, end) });
      }
      cues.push(cue);
      pendingId = null;
      mode = CUE;
      continue;
    }

    // An identifier: any line right before a timing line when between blocks; inside text or a
    // skipped block only a digits-only line (Zoom's cue numbers), so real text is never taken.
    if (
      (mode === BETWEEN || mode === HEADER || isDigitsOnly(src, start, end)) &&
      isTimingLineAt(src, lines, pos, timing)
    ) {
      if (mode === CUE) closeCue();
      else if (mode === ORPHAN) closeOrphan();
      pendingId = src.slice(start, end);
      mode = BETWEEN;
      continue;
    }

    switch (mode) {
      case CUE:
        if (textLines === 0) textStart = start;
        textEnd = end;
        textLines++;
        break;
      case ORPHAN:
        orphanEnd = end;
        break;
      case BETWEEN:
        if (
          startsBlock(src, start, end, "NOTE") ||
          startsBlock(src, start, end, "STYLE") ||
          startsBlock(src, start, end, "REGION")
        ) {
          mode = SKIP;
        } else {
          mode = ORPHAN;
          orphanStart = start;
          orphanEnd = end;
          orphanLine = lineNo;
        }
        break;
      // HEADER (metadata lines such as "Kind: captions") and SKIP: ignored until a blank line.
    }
  }
  if (mode === CUE) closeCue();
  else if (mode === ORPHAN) closeOrphan();
  return { ok: true, cues, warnings };
}

function fail(code: VttErrorCode, message: string, line: number): VttParseResult {
  return { ok: false, error: { code, message, line } };
}

/** Whether the line starting at `pos` is a timing line (its end is only looked for when it starts with a digit). */
function isTimingLineAt(src: string, lines: VttLines, pos: number, scratch: VttTiming): boolean {
  const c = src.charCodeAt(pos);
  return c >= 48 && c <= 57 && readVttTiming(src, pos, lines.end(pos), scratch);
}

function isBlankLine(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

function isDigitsOnly(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return end > start;
}

/** `NOTE`, `STYLE`, `REGION`: the keyword alone or followed by a space or tab. */
function startsBlock(src: string, start: number, end: number, keyword: string): boolean {
  if (!src.startsWith(keyword, start)) return false;
  const after = start + keyword.length;
  if (after === end) return true;
  const c = src.charCodeAt(after);
  return after < end && (c === SPACE || c === TAB);
}

/** The lines `src[start, end)` joined with "\n" whatever the file's line ends. */
function lineRangeText(src: string, start: number, end: number, lines: number): string {
  const text = src.slice(start, end);
  if (lines === 1 || text.indexOf("\r") < 0) return text;
  return text.replace(/\r\n?/g, "\n");
}
