import { describe, expect, it } from "vitest";
import { PhoneSchema } from "./accounts.ts";

describe("PhoneSchema", () => {
  it("accepts numbers as people write them, the North American (415) form included", () => {
    for (const phone of [
      "(415) 555-0132",
      "+1 (415) 555-0100 ext 12",
      "415.555.0100",
      "+44 20 7946 0958",
      "0044 20 7946 0958",
      "+1 555 0100",
    ])
      expect(PhoneSchema.safeParse(phone).success, phone).toBe(true);
  });

  it("refuses text, too few digits and a lone parenthesis", () => {
    for (const phone of ["call me maybe", "12-34", "()", "(", "+", "((415) 555-0132"])
      expect(PhoneSchema.safeParse(phone).success, phone).toBe(false);
  });
});
