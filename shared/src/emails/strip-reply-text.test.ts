import { describe, expect, it } from "vitest";
import { stripReplyText } from "./strip-reply-text.ts";

describe("stripReplyText", () => {
  it("cuts the quoted thread at Gmail's attribution line", () => {
    const text =
      "Thanks, the pilot went well.\n\nOn Tue, Dec 1, 2026 at 9:14 AM Ana Ruiz <ana@acme.com> wrote:\n> Any news?\n";
    expect(stripReplyText(text)).toBe("Thanks, the pilot went well.");
  });

  it("cuts an attribution wrapped over two lines", () => {
    const text = "Sounds good.\nOn Tue, Dec 1, 2026 at 9:14 AM Ana Ruiz <ana@acme.com>\nwrote:\nold text";
    expect(stripReplyText(text)).toBe("Sounds good.");
  });

  it("drops the signature after the '-- ' delimiter and '>' quoted lines", () => {
    const text = "Line one\n> quoted\nLine two\n-- \nMax Miller\nAcme Sales";
    expect(stripReplyText(text)).toBe("Line one\nLine two");
  });

  it("cuts Outlook's original-message and From/Sent headers", () => {
    expect(stripReplyText("Yes.\n-----Original Message-----\nFrom: x")).toBe("Yes.");
    expect(stripReplyText("Agreed.\n\nFrom: Ana <ana@acme.com>\nSent: Monday\nTo: me")).toBe("Agreed.");
  });

  it("keeps text that only looks similar", () => {
    const text = "On Monday we start.\nFrom: the team, with thanks.\n---\nNot a signature";
    expect(stripReplyText(text)).toBe(text);
  });
});
