import { describe, expect, it } from "vitest";
import { learnSpeakers, splitSpeaker, splitSpeakers } from "./split-speaker.ts";

const speakersOf = (texts: string[], participants?: string[]) => [...learnSpeakers(texts, { participants })].sort();

describe("splitSpeaker", () => {
  it("splits Zoom's Name: prefix, including names with periods and parentheses", () => {
    const texts = [
      "Dr. Melissa Ko: and I'll just do a little bit of walkthrough.",
      "Paul McCartney (Wings): She just got back.",
      "Dr. Melissa Ko: Can you zoom it?",
      "Paul McCartney (Wings): Yes.",
    ];
    expect(splitSpeakers(texts)).toEqual([
      { speaker: "Dr. Melissa Ko", text: "and I'll just do a little bit of walkthrough." },
      { speaker: "Paul McCartney (Wings)", text: "She just got back." },
      { speaker: "Dr. Melissa Ko", text: "Can you zoom it?" },
      { speaker: "Paul McCartney (Wings)", text: "Yes." },
    ]);
  });

  it("accepts hyphens, apostrophes and letters beyond ASCII", () => {
    const texts = ["Jean-Luc Picard: engage", "Seán O'Brien: hi", "José Núñez: hola", "王伟: 你好", "王伟: 再见"];
    expect(splitSpeakers(texts).map((s) => s.speaker)).toEqual([
      "Jean-Luc Picard",
      "Seán O'Brien",
      "José Núñez",
      "王伟",
      "王伟",
    ]);
    expect(splitSpeakers(["Ana de la Cruz: hola", "Ludwig van Beethoven: da-da-da"]).map((s) => s.speaker)).toEqual([
      "Ana de la Cruz",
      "Ludwig van Beethoven",
    ]);
  });

  it("leaves cues without a speaker alone", () => {
    const texts = ["Conor Healy: let's see.", "Hmm.", "Conor Healy: that."];
    expect(splitSpeakers(texts)[1]).toEqual({ speaker: null, text: "Hmm." });
  });

  it("finds no speaker in labels, times and links", () => {
    const texts = [
      "Conor Healy: start",
      "Action item: call back",
      "Action Item: call back",
      "Note: this is recorded",
      "Question: who owns it?",
      "Time: 3pm",
      "https://x.example/a",
      "Next Steps: send the quote",
      "So the answer is: yes",
      "at 10:30 we meet",
      "Conor Healy: end",
    ];
    const split = splitSpeakers(texts);
    expect(split.map((s) => s.speaker)).toEqual(["Conor Healy", ...Array(9).fill(null), "Conor Healy"]);
    expect(split[1]?.text).toBe("Action item: call back");
  });

  it("does not learn a label as a speaker even when it repeats", () => {
    expect(
      speakersOf(["Note: one", "Note: two", "Question: a", "Question: b", "Action items: x", "Action items: y"]),
    ).toEqual([]);
  });

  it("learns single names and lower-case prefixes only from repetition", () => {
    expect(speakersOf(["Ringo: hi", "Wow: nice"])).toEqual([]);
    expect(speakersOf(["Ringo: hi", "Ringo: again"])).toEqual(["Ringo"]);
    expect(speakersOf(["call back later: ok", "call back later: ok"])).toEqual([]);
  });

  it("accepts a full name seen once, but not a device name seen once", () => {
    expect(speakersOf(["Ringo Starr: Oh, nice.", "Eric's iPad (Clapton): hello"])).toEqual(["Ringo Starr"]);
  });

  it("uses the participant list: a match is a speaker even once, ignoring case, honorifics and parentheses", () => {
    const participants = ["Paul McCartney (Wings)", "Eric's iPad (Clapton)", "Melissa Ko", "Note"];
    expect(
      speakersOf(
        ["paul mccartney: yes", "Eric's iPad (Clapton): hello", "Dr. Melissa Ko: hi", "Note: x"],
        participants,
      ),
    ).toEqual(["Dr. Melissa Ko", "Eric's iPad (Clapton)", "Note", "paul mccartney"]);
  });

  it("refuses prefixes longer than five tokens or 64 characters", () => {
    expect(speakersOf(["One Two Three Four Five Six: x", "One Two Three Four Five Six: y"])).toEqual([]);
    expect(speakersOf(["Alice Smith: x", "Alice Smith: y"])).toEqual(["Alice Smith"]);
    const long = `${"A".repeat(65)} B`;
    expect(speakersOf([`${long}: x`, `${long}: y`])).toEqual([]);
  });

  it("only looks at the first line, and needs white space after the colon", () => {
    expect(splitSpeakers(["hello\nAlice Smith: there", "Alice Smith:no space", "Alice Smith:"])).toEqual([
      { speaker: null, text: "hello\nAlice Smith: there" },
      { speaker: null, text: "Alice Smith:no space" },
      { speaker: "Alice Smith", text: "" },
    ]);
  });

  it("reads a WebVTT voice tag as the speaker", () => {
    expect(splitSpeaker("<v Dr. Ko>Hello there</v>", new Set())).toEqual({ speaker: "Dr. Ko", text: "Hello there" });
    expect(splitSpeaker("<v.loud Ana>Hi", new Set())).toEqual({ speaker: "Ana", text: "Hi" });
    expect(splitSpeaker("<b>bold</b>", new Set())).toEqual({ speaker: null, text: "<b>bold</b>" });
  });

  it("leaves a voice tag whose '>' is more than 256 characters from its '<' as text", () => {
    const name = (length: number) => "A".repeat(length);
    // "<v " and a 253-character name put the ">" 256 characters from the "<".
    expect(splitSpeaker(`<v ${name(253)}>hi`, new Set())).toEqual({ speaker: name(253), text: "hi" });
    expect(splitSpeaker(`<v ${name(254)}>hi`, new Set())).toEqual({ speaker: null, text: `<v ${name(254)}>hi` });
  });

  it("matches participants past a parenthesis that is never closed, and past repeated honorifics", () => {
    expect(speakersOf(["ana (left: hi"], ["Ana (host) (left"])).toEqual(["ana (left"]);
    expect(speakersOf(["dr dr ko: hi"], ["Ko"])).toEqual(["dr dr ko"]);
  });
});
