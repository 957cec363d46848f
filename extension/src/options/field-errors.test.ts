import { describe, expect, it } from "vitest";
import { splitFieldErrors } from "./field-errors.ts";

const FIELDS = ["name", "domains", "leadSource", "leadSource.utmSource"] as const;

describe("splitFieldErrors", () => {
  it("ties each part of the backend's reason to the field it names", () => {
    expect(
      splitFieldErrors(
        "The backend answered: domains.1: must be a domain name like acme.com; name: Too small",
        FIELDS,
        (path, message) => (path === "domains.1" ? `“acme com”: ${message}` : message),
      ),
    ).toEqual({
      fields: { domains: "“acme com”: must be a domain name like acme.com", name: "Too small" },
      form: null,
    });
  });

  it("prefers the most specific field, and keeps unknown parts as the form's error", () => {
    expect(splitFieldErrors("The backend answered: leadSource.utmSource: Too big; ownerUserId: nope", FIELDS)).toEqual({
      fields: { "leadSource.utmSource": "Too big" },
      form: "The backend answered: ownerUserId: nope",
    });
    expect(splitFieldErrors("The backend answered: leadSource: Invalid input", FIELDS).fields).toEqual({
      leadSource: "Invalid input",
    });
  });

  it("leaves the extension's own failures whole", () => {
    expect(splitFieldErrors("Cannot reach the Sightline backend at x", FIELDS)).toEqual({
      fields: {},
      form: "Cannot reach the Sightline backend at x",
    });
    expect(splitFieldErrors("The backend answered: account not found", FIELDS)).toEqual({
      fields: {},
      form: "The backend answered: account not found",
    });
  });
});
