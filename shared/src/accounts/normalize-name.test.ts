import { describe, expect, it } from "vitest";
import { normalizeAccountName } from "./normalize-name.ts";
import { canonicalSalesforceId } from "./salesforce-id.ts";

describe("normalizeAccountName", () => {
  it("drops punctuation, case, accents and trailing legal suffixes", () => {
    expect(normalizeAccountName("ACME, Inc.")).toBe("acme");
    expect(normalizeAccountName("Zürich Re AG")).toBe("zurich re");
    expect(normalizeAccountName("Acme Labs")).toBe("acme labs");
  });
  it("keeps a name that is only a suffix word", () => {
    expect(normalizeAccountName("Company")).toBe("company");
  });
});

describe("canonicalSalesforceId", () => {
  it("turns a 15-character id into its 18-character form", () => {
    // Known pair from Salesforce's documentation of the checksum.
    expect(canonicalSalesforceId("001D000000IqhSL")).toBe("001D000000IqhSLIAZ");
  });
  it("accepts the 18-character form whatever the case of its suffix", () => {
    expect(canonicalSalesforceId("001D000000IqhSLiaz")).toBe("001D000000IqhSLIAZ");
  });
  it("rejects what is not an id", () => {
    expect(canonicalSalesforceId("001D000000IqhS")).toBeNull();
    expect(canonicalSalesforceId("001D000000IqhSL!")).toBeNull();
  });
});
