import type { ListAccountsResponse, LookupAccountResponse, MeResponse } from "@sightline/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../scripts/cli/run-cli.ts";
import { apiFetch } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

/**
 * The operator/admin path over real HTTP against `wrangler dev` (workerd, local D1): the CLI
 * creates an organization, a user and accounts, and the API answers searches and lookups.
 */
let worker: LocalWorker;
beforeAll(async () => {
  worker = await startLocalWorker();
});
afterAll(async () => {
  await worker?.stop();
});

const cli = async (args: string[], extra: Record<string, string | string[] | boolean> = {}, token?: string) => {
  const [command, ...rest] = args;
  const result = await runCli(
    [command as string, ...rest],
    { url: worker.baseUrl, ...extra },
    { SIGHTLINE_OPERATOR_TOKEN: worker.operatorToken, SIGHTLINE_TOKEN: token },
    fetch,
  );
  if (result.exitCode !== 0) throw new Error(result.stderr);
  return result.stdout;
};

describe("CLI and accounts API against wrangler dev", () => {
  it("runs the operator -> admin -> member path end to end", async () => {
    const created = await cli(["create-org"], {
      name: "Pipeline Co",
      "admin-email": "ada@pipeline.test",
      "admin-name": "Ada",
      domain: ["pipeline.test"],
    });
    const adminToken = created.match(/token \(shown once\): (\S+)/)?.[1] as string;
    expect(adminToken).toMatch(/^sl_/);

    await cli(
      ["add-account"],
      { name: "Acme Corporation", domain: ["acme.com", "acme.co.uk"], salesforce: "001D000000IqhSL" },
      adminToken,
    );
    await cli(["add-account"], { name: "Globex", domain: ["globex.io"], hubspot: "1234567" }, adminToken);
    const memberOut = await cli(["create-user"], { email: "max@pipeline.test", name: "Max" }, adminToken);
    const memberToken = memberOut.match(/token \(shown once\): (\S+)/)?.[1] as string;

    const me = await apiFetch<MeResponse>(worker.baseUrl, memberToken, "/api/v1/me");
    expect(me.user).toMatchObject({ email: "max@pipeline.test", role: "member" });
    expect(me.org.domains).toEqual(["pipeline.test"]);

    const listed = await cli(["list-accounts"], {}, memberToken);
    expect(listed).toContain("Acme Corporation");
    expect(listed).toContain("Globex");

    const search = await apiFetch<ListAccountsResponse>(worker.baseUrl, memberToken, "/api/v1/accounts?q=acmee");
    expect(search.scope).toBe("search");
    expect(search.accounts[0]?.name).toBe("Acme Corporation");

    const bySalesforce18 = await apiFetch<LookupAccountResponse>(
      worker.baseUrl,
      memberToken,
      "/api/v1/accounts/lookup?crm=salesforce&crmId=001D000000IqhSLIAZ",
    );
    expect(bySalesforce18).toMatchObject({ matchedBy: "crm", account: { name: "Acme Corporation" } });

    const byEmail = await apiFetch<LookupAccountResponse>(
      worker.baseUrl,
      memberToken,
      "/api/v1/accounts/lookup?email=pat@uk.acme.co.uk",
    );
    expect(byEmail).toMatchObject({ matchedBy: "domain", account: { name: "Acme Corporation" } });

    await apiFetch(worker.baseUrl, memberToken, "/api/v1/accounts/lookup?email=someone@gmail.com", {
      expectStatus: 404,
    });
  });

  it("sets lead sources from the CLI and a CSV import, and reports attribution", async () => {
    const created = await cli(["create-org"], {
      name: "Attribution Co",
      "admin-email": "ada@attribution.test",
      "admin-name": "Ada",
      domain: ["attribution.test"],
    });
    const token = created.match(/token \(shown once\): (\S+)/)?.[1] as string;
    await cli(["add-account"], { name: "Hooli", domain: ["hooli.example"], "utm-source": "google" }, token);
    const csv = [
      "name,domains,utm_source,utm_medium,utm_campaign,lead_source",
      "Pied Piper,piedpiper.example,linkedin,paid,launch,",
      "Hooli,hooli.example,,,,Webinar",
      ",nameless.example,,,,",
    ].join("\n");
    const imported = await runCli(
      ["import-accounts"],
      { url: worker.baseUrl, file: "accounts.csv" },
      { SIGHTLINE_TOKEN: token },
      fetch,
      async (path) => (path === "accounts.csv" ? csv : ""),
    );
    expect(imported.stdout).toContain("line 2: created Pied Piper");
    expect(imported.stdout).toContain("line 3: lead source set on existing account");
    expect(imported.stdout).toMatch(/line 4: 400 bad_request: name/);
    expect(imported.stdout).toContain("1 created, 1 updated, 1 failed");
    expect(imported.exitCode).toBe(1);

    const hooli = await apiFetch<LookupAccountResponse>(
      worker.baseUrl,
      token,
      "/api/v1/accounts/lookup?domain=hooli.example",
    );
    expect(hooli.account.leadSource).toEqual({
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      crmLeadSource: "Webinar",
    });
    await cli(["set-lead-source"], { account: hooli.account.id, "utm-campaign": "spring" }, token);
    const report = await cli(["attribution"], { period: "all" }, token);
    expect(report).toContain("utm: linkedin / paid / launch\t1 accounts");
    expect(report).toContain("utm: - / - / spring\t1 accounts");
  });

  it("says clearly when the token is wrong or the server is down", async () => {
    const bad = await runCli(["list-accounts"], { url: worker.baseUrl, token: "sl_nope" }, {}, fetch);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("401 unauthorized");
    const down = await runCli(["list-accounts"], { url: "http://127.0.0.1:9", token: "sl_x" }, {}, fetch);
    expect(down.stderr).toContain("cannot reach http://127.0.0.1:9");
  });
});
