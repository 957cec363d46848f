import { describe, expect, it } from "vitest";
import { parseRetryAfter, zoomFailure } from "../../../platform/zoom-api/zoom-client.ts";
import { PermanentJobError, RetryLaterError } from "../../../queue/jobs.ts";
import { hashTranscript } from "../../../transcripts/transcript-hash.ts";
import { encodeMeetingUuid } from "./encode-meeting-uuid.ts";
import { mergeParticipants } from "./merge-participants.ts";
import { findTranscriptFile } from "./recording-event.ts";

describe("encodeMeetingUuid", () => {
  it("double-encodes UUIDs that start with / or contain //, encodes others once", () => {
    expect(encodeMeetingUuid("4444AAAiAAAAAiAiAiiAii==")).toBe("4444AAAiAAAAAiAiAiiAii%3D%3D");
    expect(encodeMeetingUuid("/ajXp112QmuoKj4854875==")).toBe("%252FajXp112QmuoKj4854875%253D%253D");
    expect(encodeMeetingUuid("ab//cd+e")).toBe("ab%252F%252Fcd%252Be");
    expect(encodeMeetingUuid("ab/cd+e")).toBe("ab%2Fcd%2Be");
  });
});

describe("zoomFailure", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  it("retries 5xx and 408, waits for 429's Retry-After, and gives up on the rest", () => {
    for (const status of [500, 502, 503, 408]) {
      const err = zoomFailure("x", status, null, now);
      expect(err).not.toBeInstanceOf(PermanentJobError);
    }
    expect(zoomFailure("x", 429, "17", now)).toEqual(expect.objectContaining({ delaySeconds: 17 }));
    expect(zoomFailure("x", 429, "17", now)).toBeInstanceOf(RetryLaterError);
    for (const status of [401, 403, 404, 410])
      expect(zoomFailure("x", status, null, now)).toBeInstanceOf(PermanentJobError);
  });
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
});

describe("findTranscriptFile", () => {
  it("picks the TRANSCRIPT VTT, not closed captions or audio, and skips partial entries", () => {
    const file = findTranscriptFile({
      uuid: "u",
      recording_files: [
        { id: "a", file_type: "M4A", download_url: "https://zoom.us/rec/a" },
        { id: "c", file_type: "CC", file_extension: "VTT", download_url: "https://zoom.us/rec/c" },
        { file_type: "TRANSCRIPT" },
        { id: "t", file_type: "TRANSCRIPT", file_extension: "VTT", download_url: "https://zoom.us/rec/t" },
      ],
    });
    expect(file?.id).toBe("t");
    expect(findTranscriptFile({ uuid: "u", recording_files: [] })).toBeNull();
  });
});

describe("mergeParticipants", () => {
  it("merges rejoins, keeps blank e-mails as null, and adds unmatched speakers", () => {
    const people = mergeParticipants(
      [
        {
          name: "Ringo Starr",
          user_email: "Ringo@Beatles.org",
          join_time: "2020-01-01T10:05:00Z",
          leave_time: "2020-01-01T10:20:00Z",
        },
        {
          name: "Ringo Starr",
          user_email: "ringo@beatles.org",
          join_time: "2020-01-01T10:00:00Z",
          leave_time: "2020-01-01T10:10:00Z",
        },
        { name: "Paul McCartney (Wings)", user_email: "" },
      ],
      ["Paul McCartney", "George Harrison"],
    );
    expect(people).toEqual([
      {
        name: "Ringo Starr",
        email: "ringo@beatles.org",
        joinedAt: new Date("2020-01-01T10:00:00Z"),
        leftAt: new Date("2020-01-01T10:20:00Z"),
      },
      { name: "Paul McCartney (Wings)", email: null, joinedAt: null, leftAt: null },
      { name: "George Harrison", email: null, joinedAt: null, leftAt: null },
    ]);
  });
});

describe("hashTranscript", () => {
  it("ignores white space differences and changes with the words", async () => {
    const a = await hashTranscript([{ speaker: "A", startMs: 0, endMs: 1, text: "Hello  there" }]);
    const b = await hashTranscript([{ speaker: "A", startMs: 5, endMs: 9, text: " Hello there " }]);
    const c = await hashTranscript([{ speaker: "A", startMs: 0, endMs: 1, text: "Hello where" }]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
