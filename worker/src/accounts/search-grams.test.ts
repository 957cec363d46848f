import { describe, expect, it } from "vitest";
import { rankAccounts, type SearchCandidate } from "./rank-accounts.ts";
import { accountSearchGrams, planAccountSearch, planAdmits } from "./search-grams.ts";

/** What the index must never do: leave out an account rankAccounts would list. */
function assertNoMatchLost(query: string, candidate: SearchCandidate): boolean {
  const plan = planAccountSearch(query);
  if (!plan) return false; // ranked over the whole organization
  const matched = rankAccounts(query, [candidate], 1).length > 0;
  if (!matched) return false;
  const admitted = planAdmits(plan, new Set(accountSearchGrams(candidate.name, candidate.domains)), candidate.domains);
  if (!admitted) expect.fail(`"${query}" matches ${JSON.stringify(candidate)} but the plan leaves it out`);
  return true;
}

// A seeded generator: the same cases on every run.
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One optimal-string-alignment edit at a random place (what rankAccounts forgives). */
function edit(word: string, rand: () => number, alphabet: string): string {
  const at = Math.floor(rand() * (word.length + 1));
  const letter = alphabet[Math.floor(rand() * alphabet.length)] as string;
  switch (Math.floor(rand() * 4)) {
    case 0:
      return word.slice(0, at) + letter + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + letter + word.slice(at);
    case 2:
      return word.length > 1 ? word.slice(0, at) + word.slice(at + 1) : word;
    default:
      return at + 1 < word.length ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) : word;
  }
}

describe("account search grams", () => {
  const accounts: SearchCandidate[] = [
    { id: "acme", name: "Acme Corporation", domains: ["acme.com"], lastActivityAt: 10 },
    { id: "acme-labs", name: "Acme Labs", domains: ["acmelabs.io"], lastActivityAt: 50 },
    { id: "globex", name: "Globex", domains: ["globex.io"], lastActivityAt: 5 },
    { id: "initech", name: "Initech Software", domains: ["initech.com", "initech.de"], lastActivityAt: null },
    { id: "umbrella", name: "Umbrella Health", domains: ["umbrella-health.com"], lastActivityAt: 1 },
    { id: "cafe", name: "Café Crème GmbH", domains: ["cafe-creme.de"], lastActivityAt: 2 },
  ];

  it("admits every account the ranking tests find", () => {
    const queries = [
      "acme labs",
      "acme",
      "initech.de",
      "umbrella-health",
      "globex",
      "soft init",
      "health",
      "initeck",
      "umbrela",
      "glboex",
      "globx",
      "me cor",
      "acme co",
      "cafe",
      "creme gm",
      "umbrela hea",
      "nitech",
      "cmae",
      "amce",
      "acme-la",
      "acmelabs.i",
    ];
    for (const query of queries) for (const account of accounts) assertNoMatchLost(query, account);
  });

  it("narrows: unrelated accounts are not candidates", () => {
    const plan = planAccountSearch("initech");
    if (!plan) throw new Error("no plan");
    const admitted = accounts.filter((a) =>
      planAdmits(plan, new Set(accountSearchGrams(a.name, a.domains)), a.domains),
    );
    expect(admitted.map((a) => a.id)).toEqual(["initech"]);
  });

  it("plans nothing (whole-organization ranking) for one or two letters", () => {
    expect(planAccountSearch("a")).toBeNull();
    expect(planAccountSearch("ac")).toBeNull();
    expect(planAccountSearch("  ")).toBeNull();
    expect(planAccountSearch("acm")).not.toBeNull();
  });

  it("never loses a match: 40,000 random words, typos, prefixes, substrings and word orders", () => {
    const rand = random(16);
    let checked = 0;
    for (const alphabet of ["ab", "abc", "abcdefghij"]) {
      for (let n = 0; n < 40_000 / 3; n++) {
        const length = 1 + Math.floor(rand() * 11);
        let word = "";
        for (let i = 0; i < length; i++) word += alphabet[Math.floor(rand() * alphabet.length)];
        const other = alphabet.repeat(3).slice(0, 2 + Math.floor(rand() * 5));
        const name = rand() < 0.5 ? word : `${other} ${word}`;
        const domains = rand() < 0.3 ? [`${word}-${other}.com`] : [];
        // Queries near the word: up to two edits, of the word or of one of its prefixes or substrings.
        let query = word;
        const shape = rand();
        if (shape < 0.25) query = word.slice(0, 1 + Math.floor(rand() * word.length));
        else if (shape < 0.4) query = word.slice(Math.floor(rand() * word.length));
        const edits = Math.floor(rand() * 3);
        for (let e = 0; e < edits; e++) query = edit(query, rand, alphabet);
        if (rand() < 0.2) query = `${query} ${other.slice(0, 1 + Math.floor(rand() * other.length))}`;
        if (rand() < 0.1) query = `${name.slice(1 + Math.floor(rand() * 2))}`;
        if (assertNoMatchLost(query, { id: "x", name, domains, lastActivityAt: null })) checked++;
      }
    }
    // Most cases are real matches with a plan (not vacuous).
    expect(checked).toBeGreaterThan(20_000);
  });
});
