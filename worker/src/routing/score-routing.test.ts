import { describe, expect, it } from "vitest";
import { participantSide } from "./participant-side.ts";
import { personNamesMatch } from "./person-name.ts";
import { type RoutingEvidence, scoreRouting } from "./score-routing.ts";

const evidence = (over: Partial<RoutingEvidence> = {}): RoutingEvidence => ({
  emails: [],
  names: [],
  ourDomains: new Set(["ourco.com"]),
  userEmails: new Set(["freelancer@gmail.com"]),
  accountByDomain: new Map([
    ["acme.com", "acct_acme"],
    ["sales.acme.com", "acct_acme_sales"],
    ["globex.com", "acct_globex"],
  ]),
  accountByContactEmail: new Map([["paul@gmail.com", "acct_wings"]]),
  contactNames: [
    { accountId: "acct_wings", name: "Paul McCartney" },
    { accountId: "acct_globex", name: "Hank Scorpio" },
  ],
  ...over,
});

describe("personNamesMatch", () => {
  it("ignores case, a parenthesized part, honorifics and middle names", () => {
    expect(personNamesMatch("Paul McCartney (Wings)", "paul mccartney")).toBe(true);
    expect(personNamesMatch("John Winston Lennon", "John Lennon")).toBe(true);
    expect(personNamesMatch("Dr. Melissa Ko", "Melissa Ko")).toBe(true);
    expect(personNamesMatch("José Núñez", "Jose Nunez")).toBe(true);
  });
  it("refuses single words and different people", () => {
    expect(personNamesMatch("Paul", "Paul McCartney")).toBe(false);
    expect(personNamesMatch("Paul Simon", "Paul McCartney")).toBe(false);
    expect(personNamesMatch("Eric's iPad (Clapton)", "Eric Clapton")).toBe(false);
  });
});

describe("scoreRouting", () => {
  it("routes by a participant's domain, the most specific registered parent winning", () => {
    expect(scoreRouting(evidence({ emails: ["ann@eu.acme.com", "me@ourco.com"] }))).toEqual({
      routing: "auto",
      accountId: "acct_acme",
      matchedBy: "email",
    });
    expect(scoreRouting(evidence({ emails: ["bo@x.sales.acme.com"] }))).toMatchObject({ accountId: "acct_acme_sales" });
  });
  it("uses free-mail addresses only through an exact contact address", () => {
    expect(scoreRouting(evidence({ emails: ["paul@gmail.com"] }))).toMatchObject({ accountId: "acct_wings" });
    expect(scoreRouting(evidence({ emails: ["stranger@gmail.com"] }))).toEqual({
      routing: "unassigned",
      candidates: [],
    });
  });
  it("never counts our own side as a customer, even when a user's address is free mail", () => {
    const ours = evidence({
      emails: ["freelancer@gmail.com", "rep@eu.ourco.com"],
      accountByContactEmail: new Map([["freelancer@gmail.com", "acct_wings"]]),
    });
    expect(scoreRouting(ours).routing).toBe("unassigned");
  });
  it("leaves a conversation with two customers' addresses unassigned", () => {
    expect(scoreRouting(evidence({ emails: ["a@acme.com", "b@globex.com"] }))).toEqual({
      routing: "unassigned",
      candidates: ["acct_acme", "acct_globex"],
    });
  });
  it("falls back to contact names against speaker names when no address points anywhere", () => {
    expect(scoreRouting(evidence({ names: ["Paul McCartney (Wings)", "Andrew Knight"] }))).toEqual({
      routing: "auto",
      accountId: "acct_wings",
      matchedBy: "name",
    });
    expect(scoreRouting(evidence({ names: ["PAUL MCCARTNEY", "Hank Scorpio"] })).routing).toBe("unassigned");
    // Address evidence wins over names.
    expect(scoreRouting(evidence({ emails: ["x@globex.com"], names: ["Paul McCartney"] }))).toMatchObject({
      accountId: "acct_globex",
    });
  });
});

describe("participantSide", () => {
  it("is ours for our domains and users, theirs for account addresses, unknown otherwise", () => {
    const e = evidence();
    expect(participantSide("rep@ourco.com", e)).toEqual({ side: "ours", accountId: null });
    expect(participantSide("freelancer@gmail.com", e).side).toBe("ours");
    expect(participantSide("ann@acme.com", e)).toEqual({ side: "theirs", accountId: "acct_acme" });
    expect(participantSide("stranger@gmail.com", e).side).toBe("unknown");
    expect(participantSide(null, e).side).toBe("unknown");
  });
});
