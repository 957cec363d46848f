import { describe, expect, it } from "vitest";
import { parseCsv, readAccountsCsv } from "./read-accounts-csv.ts";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF, a BOM, and skips blank lines", () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\nlines",\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["two\nlines", ""],
    ]);
  });

  it("refuses an unterminated quote", () => {
    expect(() => parseCsv('a\n"open')).toThrow(/unterminated/);
  });
});

describe("readAccountsCsv", () => {
  it("maps header spellings to fields, websites to domains, and lists columns it ignores", () => {
    const csv = [
      "Account Name,Website,Salesforce ID,UTM Source,UTM Medium,UTM Campaign,Lead Source,Notes",
      "Globex,https://www.globex.com/about,001D000000IqhSL,google,cpc,spring,,VIP",
      'Initech,"initech.com; initech.de",,,,,Webinar,',
    ].join("\n");
    const read = readAccountsCsv(csv);
    expect(read.ignoredColumns).toEqual(["Notes"]);
    expect(read.rows).toEqual([
      {
        line: 2,
        account: {
          name: "Globex",
          domains: ["globex.com"],
          salesforceId: "001D000000IqhSL",
          hubspotId: null,
          utmSource: "google",
          utmMedium: "cpc",
          utmCampaign: "spring",
          crmLeadSource: null,
        },
      },
      {
        line: 3,
        account: {
          name: "Initech",
          domains: ["initech.com", "initech.de"],
          salesforceId: null,
          hubspotId: null,
          utmSource: null,
          utmMedium: null,
          utmCampaign: null,
          crmLeadSource: "Webinar",
        },
      },
    ]);
  });

  it("needs a name column", () => {
    expect(() => readAccountsCsv("domain\nacme.com")).toThrow(/name/);
  });
});
