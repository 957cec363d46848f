import { describe, expect, it } from "vitest";
import { isFreeMailDomain } from "./free-mail.ts";
import { emailDomain, normalizeDomain, parentDomains } from "./normalize-domain.ts";

describe("normalizeDomain", () => {
  it.each([
    ["acme.com", "acme.com"],
    ["  ACME.com ", "acme.com"],
    ["https://www.acme.com/about?x=1", "acme.com"],
    ["http://acme.co.uk:8080", "acme.co.uk"],
    ["jane.doe@Acme.COM", "acme.com"],
    ["acme.com.", "acme.com"],
    ["eu.sales.acme.com", "eu.sales.acme.com"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it.each(["", "acme", "not a domain", "http://", "-acme.com", "acme.c"])("rejects %j", (input) => {
    expect(normalizeDomain(input)).toBeNull();
  });
});

describe("parentDomains", () => {
  it("lists the domain and its parents, most specific first, never a bare TLD", () => {
    expect(parentDomains("eu.sales.acme.com")).toEqual(["eu.sales.acme.com", "sales.acme.com", "acme.com"]);
    expect(parentDomains("acme.com")).toEqual(["acme.com"]);
  });
});

describe("emailDomain and free mail", () => {
  it("takes the part after the last @", () => {
    expect(emailDomain("x@y@Gmail.com")).toBe("gmail.com");
    expect(emailDomain("nobody")).toBeNull();
  });
  it("knows consumer providers and not companies", () => {
    expect(isFreeMailDomain("gmail.com")).toBe(true);
    expect(isFreeMailDomain("Outlook.com")).toBe(true);
    expect(isFreeMailDomain("acme.com")).toBe(false);
  });
});
