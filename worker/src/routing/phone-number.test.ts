import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone-number.ts";

describe("normalizePhone", () => {
  it("reads the formats people and Zoom write to E.164", () => {
    expect(normalizePhone("+1 (415) 555-0132")).toBe("+14155550132");
    expect(normalizePhone("14155550132")).toBe("+14155550132");
    expect(normalizePhone("415.555.0132")).toBe("+14155550132");
    expect(normalizePhone("0044 20 7946 0958")).toBe("+442079460958");
    expect(normalizePhone("+44 (0)20 7946 0958 ext. 12")).toBe("+4402079460958");
    expect(normalizePhone("+49-30-901820")).toBe("+4930901820");
  });

  it("refuses what cannot be a number", () => {
    expect(normalizePhone("")).toBeNull();
    expect(normalizePhone(null)).toBeNull();
    expect(normalizePhone("020 7946 0958")).toBeNull();
    expect(normalizePhone("+12")).toBeNull();
    expect(normalizePhone("call me")).toBeNull();
  });
});
