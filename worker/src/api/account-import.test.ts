import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createAccount, createTestOrg } from "../../test/api-client.ts";

/**
 * CSV import of accounts (issue 13, the console's accounts screen): a preview that writes nothing
 * and says per row what would happen and what is wrong; a commit that writes exactly the rows
 * without errors (creating, or updating the account a CRM id or domain names) and reports the rest.
 */
const tag = () => crypto.randomUUID().slice(0, 6);

async function accountCount(organizationId: string) {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE organization_id = ?")
    .bind(organizationId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("account import (CSV)", { timeout: 60_000 }, () => {
  it("previews with per-row errors, then commits exactly the rows without errors", async () => {
    const { org, adminToken } = await createTestOrg("Importing");
    const t = tag();
    const globex = await createAccount(adminToken, { name: "Globex", domains: [`globex-${t}.com`] });
    const hooli = await createAccount(adminToken, { name: "Hooli", salesforceId: "001D000000IqhSLAAZ" });
    // Another organization's domain is no clash here.
    const other = await createTestOrg("Other importer");
    await createAccount(other.adminToken, { name: "Theirs", domains: [`initech-${t}.com`] });
    const csv = [
      "Name,Domains,Salesforce ID,HubSpot ID,Lead Source,Notes",
      `Acme,"acme-${t}.com; acme-${t}.io",001D000000IqhSM,,Webinar,first`,
      `Globex Corporation,globex-${t}.com globex-${t}.de,,,,`,
      `,not a domain!,,,,`,
      `Acme again,acme-${t}.com,,,,`,
      `"Initech, Inc.",initech-${t}.com,,12345,Referral,"note with ""quotes"""`,
      `Mixed,globex-${t}.com,001D000000IqhSL,,,`,
      `Bad ids,,xyz,12a,,`,
    ].join("\r\n");
    const before = await accountCount(org.id);
    const preview = await call("POST", "/api/v1/accounts/import", { token: adminToken, body: { csv } });
    expect(preview.status).toBe(200);
    expect(await accountCount(org.id)).toBe(before);
    expect(preview.json.committed).toBe(false);
    expect(preview.json.ignoredColumns).toEqual(["lead_source", "notes"]);
    type Row = {
      line: number;
      action: string;
      accountId: string | null;
      errors: string[];
      domains: string[];
      name: string;
    };
    const byLine: Record<number, Row> = Object.fromEntries((preview.json.rows as Row[]).map((r) => [r.line, r]));
    expect(byLine[2]).toMatchObject({ action: "create", errors: [], domains: [`acme-${t}.com`, `acme-${t}.io`] });
    expect(byLine[3]).toMatchObject({ action: "update", accountId: globex.id, errors: [] });
    expect(byLine[4]?.action).toBe("skip");
    expect(byLine[4]?.errors).toEqual([
      "name: missing",
      'domains: "not" is not a domain',
      'domains: "a" is not a domain',
      'domains: "domain!" is not a domain',
    ]);
    expect(byLine[5]).toMatchObject({ action: "skip", errors: [`domain acme-${t}.com is also on line 2`] });
    expect(byLine[6]).toMatchObject({ action: "create", name: "Initech, Inc.", errors: [] });
    expect(byLine[7]?.action).toBe("skip");
    expect(byLine[7]?.errors).toEqual([
      `domain globex-${t}.com is also on line 3`,
      `these CRM ids and domains belong to different accounts (${[globex.id, hooli.id].sort().join(", ")})`,
    ]);
    expect(byLine[8]?.errors).toEqual([
      "salesforce_id: must be a 15 or 18 character Salesforce id",
      "hubspot_id: must be a numeric HubSpot id",
    ]);
    expect(preview.json.summary).toEqual({ create: 2, update: 1, skip: 4 });

    const committed = await call("POST", "/api/v1/accounts/import", { token: adminToken, body: { csv, commit: true } });
    expect(committed.status).toBe(200);
    expect(committed.json.summary).toEqual({ create: 2, update: 1, skip: 4 });
    expect(await accountCount(org.id)).toBe(before + 2);
    const initech = await call("GET", `/api/v1/accounts/lookup?domain=initech-${t}.com`, { token: adminToken });
    expect(initech.json.account).toMatchObject({ name: "Initech, Inc.", hubspotId: "12345" });
    const updated = await call("GET", `/api/v1/accounts/${globex.id}`, { token: adminToken });
    expect(updated.json).toMatchObject({ name: "Globex Corporation", domains: [`globex-${t}.com`, `globex-${t}.de`] });
    // Created accounts are searchable like any other.
    const found = await call("GET", "/api/v1/accounts?q=Initech", { token: adminToken });
    expect(found.json.accounts.map((a: { name: string }) => a.name)).toContain("Initech, Inc.");
    // The same file again: nothing new is created, the rows now update the accounts they made.
    const again = await call("POST", "/api/v1/accounts/import", { token: adminToken, body: { csv } });
    expect(again.json.summary).toMatchObject({ create: 0, update: 3 });
  });

  it("refuses a file without a name column or with too many rows, and members", async () => {
    const { adminToken, memberToken } = await createTestOrg("Import refusals");
    const noName = await call("POST", "/api/v1/accounts/import", {
      token: adminToken,
      body: { csv: "domain\nacme.com" },
    });
    expect(noName.status).toBe(400);
    expect(noName.json.error.message).toContain('"name"');
    const big = ["name", ...Array.from({ length: 501 }, (_, i) => `A${i}`)].join("\n");
    const tooMany = await call("POST", "/api/v1/accounts/import", { token: adminToken, body: { csv: big } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toContain("at most 500 rows");
    const member = await call("POST", "/api/v1/accounts/import", { token: memberToken, body: { csv: "name\nA" } });
    expect(member.status).toBe(403);
  });
});
