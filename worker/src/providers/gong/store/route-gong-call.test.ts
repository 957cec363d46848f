import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createAccount, createTestOrg } from "../../../../test/api-client.ts";
import { createServices } from "../../../platform/services.ts";
import { normalizeGongCall } from "../normalize/normalize-gong-call.ts";
import { routeGongCall } from "./route-gong-call.ts";

const SF = "001D000000IqhSLIAZ";
const party = (email: string, affiliation: string, name = email) => ({
  id: email,
  emailAddress: email,
  name,
  affiliation,
});

async function setup() {
  const { org, adminToken } = await createTestOrg("Gong routing");
  const globex = await createAccount(adminToken, { name: "Globex", domains: ["globex.com"] });
  const initech = await createAccount(adminToken, { name: "Initech", domains: ["initech.com"], salesforceId: SF });
  const hooli = await createAccount(adminToken, { name: "Hooli", domains: ["hooli.com"], hubspotId: "4242" });
  return { db: createServices(env, { test: "gong-routing" }).db, orgId: org.id, globex, initech, hooli };
}

describe("routeGongCall", () => {
  it("routes by e-mail first, CRM context only when e-mails and names say nothing", async () => {
    const { db, orgId, globex, initech, hooli } = await setup();
    const crm = [{ system: "Salesforce", objects: [{ objectType: "Account", objectId: SF.slice(0, 15) }] }];
    const byEmail = normalizeGongCall({
      metaData: { id: "1" },
      parties: [party("gina@globex.com", "External")],
      context: crm,
    });
    expect((await routeGongCall(db, orgId, byEmail)).decision).toMatchObject({
      accountId: globex.id,
      matchedBy: "email",
    });
    const byCrm = normalizeGongCall({
      metaData: { id: "2" },
      parties: [party("someone@gmail.com", "External", "Some One")],
      context: crm,
    });
    const routed = await routeGongCall(db, orgId, byCrm);
    expect(routed.decision).toMatchObject({ accountId: initech.id, matchedBy: "crm" });
    expect(routed.sides).toEqual(["theirs"]);
    const hubspot = normalizeGongCall({
      metaData: { id: "3" },
      context: [{ system: "HubSpot", objects: [{ objectType: "Company", objectId: "4242" }] }],
    });
    expect((await routeGongCall(db, orgId, hubspot)).decision).toMatchObject({ accountId: hooli.id });
  });

  it("lets a CRM id settle a tie between e-mail candidates, and leaves an unknown call unassigned", async () => {
    const { db, orgId, initech } = await setup();
    const tie = normalizeGongCall({
      metaData: { id: "4" },
      parties: [party("gina@globex.com", "External"), party("peter@initech.com", "External")],
      context: [{ system: "Salesforce", objects: [{ objectType: "Account", objectId: SF }] }],
    });
    expect((await routeGongCall(db, orgId, tie)).decision).toMatchObject({ accountId: initech.id, matchedBy: "crm" });
    const unknown = normalizeGongCall({ metaData: { id: "5" }, parties: [party("x@unknown.example", "Unknown")] });
    const routed = await routeGongCall(db, orgId, unknown);
    expect(routed.decision.routing).toBe("unassigned");
    expect(routed.sides).toEqual(["unknown"]);
  });
});
