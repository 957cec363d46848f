import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "./parse-search-query.ts";

describe("parseSearchQuery", () => {
  it("turns words, phrases, prefixes and exclusions into a quoted FTS5 expression", () => {
    expect(parseSearchQuery("renewal pricing")).toEqual({
      match: '"renewal" AND "pricing"',
      phrase: "renewal pricing",
    });
    expect(parseSearchQuery('"security review" integr* -competitor').match).toBe(
      '("security review" AND "integr"*) NOT ("competitor")',
    );
    expect(parseSearchQuery('-"not this" budget').match).toBe('("budget") NOT ("not this")');
  });

  it("never passes FTS5 syntax through", () => {
    for (const input of [
      '"',
      '""',
      "NEAR(a b)",
      "a OR b",
      "a AND NOT b",
      "speaker:Dana",
      "^start",
      "a:b*c",
      "((",
      "*",
      "-",
      "- -",
    ]) {
      const { match } = parseSearchQuery(input);
      if (match === null) continue;
      // Only quoted words, the operators we put there, parentheses and prefix stars remain.
      expect(match.replace(/"[\p{L}\p{N} ]+"\*?/gu, "").replace(/\b(AND|NOT|OR)\b|[() ]/g, "")).toBe("");
    }
    expect(parseSearchQuery("a OR b").match).toBe('"a" AND "OR" AND "b"');
    expect(parseSearchQuery("speaker:Dana").match).toBe('"speaker" AND "Dana"');
    expect(parseSearchQuery('unbalanced "quote here').match).toBe('"unbalanced" AND "quote here"');
  });

  it("answers nothing searchable for empty, punctuation-only or only-negative input", () => {
    for (const input of ["", "   ", "-price", '"" :: ***', "- - -"]) expect(parseSearchQuery(input).match).toBeNull();
  });

  it("caps the number of parts and the length of a word", () => {
    const many = parseSearchQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "));
    expect(many.match?.split(" AND ")).toHaveLength(16);
    expect(parseSearchQuery("x".repeat(500)).match).toBe(`"${"x".repeat(64)}"`);
  });
});
