import { describe, expect, it } from "vitest";
import { editDistance, rankAccounts, type SearchCandidate } from "./rank-accounts.ts";

const accounts: SearchCandidate[] = [
  { id: "acme", name: "Acme Corporation", domains: ["acme.com"], lastActivityAt: 10 },
  { id: "acme-labs", name: "Acme Labs", domains: ["acmelabs.io"], lastActivityAt: 50 },
  { id: "globex", name: "Globex", domains: ["globex.io"], lastActivityAt: 5 },
  { id: "initech", name: "Initech Software", domains: ["initech.com", "initech.de"], lastActivityAt: null },
  { id: "umbrella", name: "Umbrella Health", domains: ["umbrella-health.com"], lastActivityAt: 1 },
];
const ids = (q: string) => rankAccounts(q, accounts, 10).map((r) => r.id);

describe("rankAccounts", () => {
  it("puts the exact name first, then prefixes, ties broken by recent activity", () => {
    expect(ids("acme labs")[0]).toBe("acme-labs");
    expect(ids("acme")).toEqual(["acme-labs", "acme"]);
  });

  it("finds by domain and by a domain's label", () => {
    expect(ids("initech.de")).toEqual(["initech"]);
    expect(ids("umbrella-health")).toEqual(["umbrella"]);
    expect(ids("globex")).toEqual(["globex"]);
  });

  it("matches word prefixes in any order", () => {
    expect(ids("soft init")).toEqual(["initech"]);
    expect(ids("health")).toEqual(["umbrella"]);
  });

  it("tolerates typos, ranked below clean matches", () => {
    expect(ids("initeck")).toEqual(["initech"]);
    expect(ids("umbrela")).toEqual(["umbrella"]);
    expect(ids("glboex")).toEqual(["globex"]);
    const [typo] = rankAccounts("globx", accounts, 1);
    const [clean] = rankAccounts("globex", accounts, 1);
    expect(typo?.id).toBe("globex");
    expect(typo?.score ?? 1).toBeLessThan(clean?.score ?? 0);
  });

  it("returns nothing for unrelated or empty queries and honours the limit", () => {
    expect(ids("zzzz")).toEqual([]);
    expect(ids("  ")).toEqual([]);
    expect(rankAccounts("a", accounts, 1)).toHaveLength(1);
  });

  it("does not treat short words as typos of anything", () => {
    expect(ids("xyz")).toEqual([]);
  });
});

describe("editDistance", () => {
  it("counts edits, with an adjacent swap as one", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("acme", "amce")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });
});
