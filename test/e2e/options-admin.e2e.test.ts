/// <reference types="chrome" />
import type { AccountOverview, ConversationDetail, CreateOrgResponse, CreateUserResponse } from "@sightline/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { runWrangler } from "../../scripts/lib/local-stack.ts";
import { type FakeZoom, startFakeZoom } from "../fakes/fake-zoom.ts";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { type LoadedExtension, launchExtension } from "./support/launch-extension.ts";
import { screenshot } from "./support/screenshot.ts";
import { submitSignIn } from "./support/sign-in-form.ts";

/**
 * The admin console of the built options page in Chromium against a real `wrangler dev`: an admin
 * assigns an unassigned call to an account found by search (keyboard only) and it leaves the list and
 * counts on the account; an admin replays a failed job and the backend marks it replayed; a member
 * sees their own settings and no console. Users: a profile given, a token revoked, a profile's intake off. Organization settings: the intake rule
 * and its log, the Slack webhook. Accounts imported from CSV (preview, then import); a date range deleted with its audit entry. Connections: the Zoom and Contact Center account forms against a fake Zoom. The unassigned call and the failed job are inserted into the
 * worker's local D1 directly (the same file wrangler dev serves), as no provider is faked here.
 */
/** The organization's Server-to-Server OAuth apps in the fake Zoom: meetings, and Contact Center. */
const MEETINGS_APP = { clientId: "e2e-s2s-client", clientSecret: "e2e-s2s-secret", accountId: "zacct_admin_e2e" };
const CC_APP = {
  clientId: "e2e-zcc-client",
  clientSecret: "e2e-zcc-secret",
  accountId: "zacct_cc_e2e",
  scope: "contact_center:read:admin contact_center_engagement:read:admin",
};
let fakeZoom: FakeZoom;
let worker: LocalWorker;
let extension: LoadedExtension;
let org: CreateOrgResponse;
let member: CreateUserResponse;
let acme: { id: string };
let contractors: { id: string };
let laptopToken: { apiToken: { token: string }; token: { id: string; tokenPrefix: string } };

async function sql(command: string): Promise<void> {
  await runWrangler(
    ["d1", "execute", "DB", "--local", "--persist-to", worker.persistDir, "--command", command],
    `${worker.persistDir}/..`,
    { quiet: true },
  );
}

beforeAll(async () => {
  fakeZoom = await startFakeZoom([MEETINGS_APP, CC_APP]);
  const [started, launched] = await Promise.allSettled([
    startLocalWorker({ vars: { ZOOM_OAUTH_BASE: fakeZoom.url, ZOOM_API_BASE: `${fakeZoom.url}/v2` } }),
    launchExtension(),
  ]);
  if (started.status === "fulfilled") worker = started.value;
  if (launched.status === "fulfilled") extension = launched.value;
  for (const result of [launched, started]) if (result.status === "rejected") throw result.reason;
  org = await createOrg(worker.baseUrl, worker.operatorToken, {
    name: "OurCo",
    domains: ["ourco.com"],
    admin: { email: "ada@ourco.com", name: "Ada Admin" },
  });
  const token = org.apiToken.token;
  member = await apiFetch<CreateUserResponse>(worker.baseUrl, token, "/api/v1/users", {
    body: { email: "max@ourco.com", name: "Max Member", role: "member" },
    expectStatus: 201,
  });
  acme = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Acme Rockets", domains: ["acme-rockets.example"] },
    expectStatus: 201,
  });
  await apiFetch(worker.baseUrl, token, "/api/v1/accounts", {
    body: { name: "Globex", domains: ["globex.example"] },
    expectStatus: 201,
  });
  contractors = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/profiles", {
    body: { name: "Contractors", transcriptIntake: true },
    expectStatus: 201,
  });
  laptopToken = await apiFetch(worker.baseUrl, token, `/api/v1/users/${member.user.id}/tokens`, {
    body: { label: "laptop" },
    expectStatus: 201,
  });
  const now = Date.now();
  const o = org.org.id;
  await sql(
    "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, host_email, account_id, routing, status, created_at, updated_at) VALUES " +
      `('conv_e2e_lost', '${o}', 'zoom_meeting', 'ext-lost', 'Call with a gmail address', ${now - 3_600_000}, 'ada@ourco.com', NULL, 'unassigned', 'stored', ${now}, ${now}), ` +
      `('conv_e2e_other', '${o}', 'zoom_meeting', 'ext-other', 'Internal sync', ${now - 7_200_000}, 'ada@ourco.com', NULL, 'unassigned', 'stored', ${now}, ${now}); ` +
      "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES " +
      `('par_e2e_1', '${o}', 'conv_e2e_lost', 'Wile Coyote', 'wile.coyote@gmail.com', 'theirs'); ` +
      "INSERT INTO failed_jobs (id, organization_id, job_type, payload, reason, attempts, created_at) VALUES " +
      `('fj_e2e_1', '${o}', 'refresh_account_activity', '${JSON.stringify({ kind: "refresh_account_activity", organizationId: o, accountId: acme.id })}', 'D1 was busy (e2e)', 3, ${now}); ` +
      "INSERT INTO intake_discards (id, organization_id, provider, reason, host_email, external_id, discarded_at) VALUES " +
      `('idc_e2e_1', '${o}', 'zoom', 'unregistered_host', 'stranger@ourco.com', 'ext-discarded', ${now})`,
  );
});

afterAll(async () => {
  await Promise.allSettled([extension?.close(), worker?.stop(), fakeZoom?.close()]);
});

/** A fresh options tab, signed in with `token`. */
async function openOptionsAs(name: string, token: string): Promise<Page> {
  const page = await extension.context.newPage();
  page.setDefaultTimeout(10_000);
  onTestFailed(async () => {
    await screenshot(page, `options-admin-${name}-failed`);
  });
  await page.goto(`chrome-extension://${extension.extensionId}/options.html`);
  await page.evaluate(() => chrome.runtime.sendMessage({ type: "signOut" }));
  await page.reload();
  await submitSignIn(page, worker.baseUrl, token);
  await page.getByRole("region", { name: "Account", exact: true }).waitFor();
  return page;
}

const isFocused = (page: Page, selector: string) =>
  page.evaluate((s) => document.activeElement === document.querySelector(s), selector);

describe("options page: admin console", () => {
  it("an admin assigns an unassigned call with the keyboard; it leaves the list and counts on the account", async () => {
    const page = await openOptionsAs("assign", org.apiToken.token);
    const section = page.getByRole("region", { name: "Unassigned conversations" });
    const list = section.getByRole("listbox", { name: "Unassigned conversations" });
    await list.getByRole("option", { name: /Call with a gmail address/ }).waitFor();
    await list.getByText("wile.coyote@gmail.com", { exact: false }).waitFor();
    // Newest first: the gmail call is highlighted; ArrowDown moves to the other and ArrowUp back.
    await list.focus();
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => list.getByRole("option", { selected: true }).textContent()).toContain("Internal sync");
    await page.keyboard.press("ArrowUp");
    await expect
      .poll(() => list.getByRole("option", { selected: true }).textContent())
      .toContain("Call with a gmail address");

    // Enter goes on to the account picker; typing searches, Enter chooses, Enter again assigns.
    await page.keyboard.press("Enter");
    await expect.poll(() => isFocused(page, "#assign-account")).toBe(true);
    await page.keyboard.type("acme");
    const results = section.getByRole("listbox", { name: "Matching accounts" });
    await results.getByRole("option", { name: /Acme Rockets/, selected: true }).waitFor();
    await page.keyboard.press("Enter");
    const assign = section.getByRole("button", { name: "Assign to Acme Rockets" });
    await assign.waitFor();
    await screenshot(page, "options-admin-assign");
    await page.keyboard.press("Enter");

    await section
      .getByRole("status")
      .filter({ hasText: "Assigned “Call with a gmail address” to Acme Rockets." })
      .waitFor();
    await expect
      .poll(() => list.getByRole("option").allTextContents())
      .toEqual([expect.stringContaining("Internal sync")]);

    const detail = await apiFetch<ConversationDetail>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/conversations/conv_e2e_lost",
    );
    expect(detail.conversation.accountId).toBe(acme.id);
    const overview = await apiFetch<AccountOverview>(
      worker.baseUrl,
      org.apiToken.token,
      `/api/v1/accounts/${acme.id}/overview?period=all`,
    );
    expect(overview.conversations.count).toBe(1);
    const left = await apiFetch<{ conversations: { id: string }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/conversations/unassigned",
    );
    expect(left.conversations.map((c) => c.id)).toEqual(["conv_e2e_other"]);
    await page.close();
  });

  it("an admin sees a failed job's reason and replays it once", async () => {
    const page = await openOptionsAs("replay", org.apiToken.token);
    const section = page.getByRole("region", { name: "Failed jobs" });
    const row = section.getByRole("listitem", { name: "refresh_account_activity job" });
    await row.getByText("Reason: D1 was busy (e2e)").waitFor();
    await row.getByText("3 attempts", { exact: false }).waitFor();
    await row.getByRole("button", { name: "Replay refresh_account_activity job" }).click();
    await section
      .getByRole("status")
      .filter({ hasText: "Job refresh_account_activity is back on the queue." })
      .waitFor();
    await row.getByText(/^Replayed /).waitFor();
    expect(await row.getByRole("button", { name: /Replay/ }).count()).toBe(0);

    const jobs = await apiFetch<{ failedJobs: { id: string; replayedAt: string | null }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/operations/failed-jobs",
    );
    expect(jobs.failedJobs.find((j) => j.id === "fj_e2e_1")?.replayedAt).not.toBe(null);
    // The archived webhook events screen is there too (empty: nothing was delivered to this worker).
    await page
      .getByRole("region", { name: "Archived webhook events" })
      .getByText("No archived webhook events.")
      .waitFor();
    await page.close();
  });

  it("an admin gives a user a profile, revokes one of their tokens, invites a user and switches a profile's intake off", async () => {
    const page = await openOptionsAs("users", org.apiToken.token);
    const section = page.getByRole("region", { name: "Users" });
    const list = section.getByRole("listbox", { name: "Users" });
    await list.getByRole("option", { name: /Ada Admin/, selected: true }).waitFor();
    await list.focus();
    await page.keyboard.press("ArrowDown");
    await list.getByRole("option", { name: /Max Member/, selected: true }).waitFor();
    await section.getByLabel("Configuration profile of Max Member").selectOption({ label: "Contractors" });
    await section.getByRole("status").filter({ hasText: "Saved Max Member." }).waitFor();
    await list.getByRole("option", { name: /Max Member.*Contractors/ }).waitFor();

    await section
      .getByRole("region", { name: "Personal connections of Max Member" })
      .getByText(/No personal connections/)
      .waitFor();
    const tokens = section.getByRole("region", { name: "API tokens of Max Member" });
    const prefix = laptopToken.token.tokenPrefix;
    const row = tokens.getByRole("listitem", { name: `Token ${prefix}` });
    await row.getByText("laptop", { exact: false }).waitFor();
    await row.getByRole("button", { name: `Revoke token ${prefix}` }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await section
      .getByRole("status")
      .filter({ hasText: `Revoked token ${prefix}… of Max Member.` })
      .waitFor();
    await row.getByText(/revoked /).waitFor();
    await screenshot(page, "options-admin-users");

    const profiles = page.getByRole("region", { name: "Configuration profiles" });
    const intake = profiles.getByRole("checkbox", { name: "Transcript Intake for Contractors" });
    expect(await intake.isChecked()).toBe(true);
    await intake.uncheck();
    await profiles.getByRole("status").filter({ hasText: "Transcript Intake is off for Contractors." }).waitFor();

    // Invite: the new user's token is shown once, and works.
    const invite = section.getByRole("form", { name: "Invite a user" });
    await invite.getByLabel("Name").fill("Eve Example");
    await invite.getByLabel("E-mail").fill("eve@ourco.com");
    await invite.getByLabel("Role").selectOption("member");
    await invite.getByRole("button", { name: "Invite" }).click();
    const issued = invite.getByLabel("API token for Eve Example");
    await issued.waitFor();
    const eveToken = await issued.inputValue();
    expect(eveToken).toMatch(/^sl_/);
    await list.getByRole("option", { name: /Eve Example/ }).waitFor();
    const eve = await apiFetch<{ user: { email: string; role: string } }>(worker.baseUrl, eveToken, "/api/v1/me");
    expect(eve.user).toMatchObject({ email: "eve@ourco.com", role: "member" });
    await invite.getByRole("button", { name: "Done" }).click();
    expect(await issued.count()).toBe(0);

    const users = await apiFetch<{ users: { id: string; profileId: string | null }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/users",
    );
    expect(users.users.find((u) => u.id === member.user.id)?.profileId).toBe(contractors.id);
    await apiFetch(worker.baseUrl, laptopToken.apiToken.token, "/api/v1/me", { expectStatus: 401 });
    await apiFetch(worker.baseUrl, member.apiToken.token, "/api/v1/me"); // the other token still works
    const after = await apiFetch<{ profiles: { id: string; transcriptIntake: boolean }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/profiles",
    );
    expect(after.profiles.find((p) => p.id === contractors.id)?.transcriptIntake).toBe(false);
    await page.close();
  });

  it("an admin turns on registered users only, reads the intake log and sets the Slack webhook", async () => {
    const page = await openOptionsAs("org", org.apiToken.token);
    const section = page.getByRole("region", { name: "Organization settings" });
    const log = section.getByRole("region", { name: "Intake log" });
    await log.getByText("1 recording discarded on receipt (1 unregistered host, 0 intake off).").waitFor();
    await log.getByText("stranger@ourco.com").waitFor();
    await log.getByText("host is not a registered user", { exact: false }).waitFor();

    const rule = section.getByRole("checkbox", { name: "Ingest only calls hosted by registered users" });
    expect(await rule.isChecked()).toBe(false);
    await rule.check();
    await section
      .getByRole("status")
      .filter({ hasText: "Only calls hosted by registered users are ingested now." })
      .waitFor();
    const settings = await apiFetch<{ registeredUsersOnly: boolean }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/org/intake",
    );
    expect(settings.registeredUsersOnly).toBe(true);

    // A URL that is not Slack's is refused with the backend's reason; Slack's is kept (sealed, never shown).
    const slack = section.getByRole("region", { name: "Slack recaps" });
    await slack.getByText("No Slack webhook.").waitFor();
    const url = slack.getByLabel("Slack incoming-webhook URL");
    await url.fill("https://example.com/hook");
    await slack.getByRole("button", { name: "Save webhook" }).click();
    await slack.getByRole("alert").filter({ hasText: "must be a Slack incoming webhook" }).waitFor();
    await url.fill("https://hooks.slack.com/services/T000/B000/e2e");
    await slack.getByRole("button", { name: "Save webhook" }).click();
    await slack.getByText("A Slack webhook is set (its URL is kept sealed).").waitFor();
    expect(await url.inputValue()).toBe("");
    expect(
      (await apiFetch<{ configured: boolean }>(worker.baseUrl, org.apiToken.token, "/api/v1/org/slack")).configured,
    ).toBe(true);
    await slack.getByRole("button", { name: "Remove webhook" }).click();
    await slack.getByText("No Slack webhook.").waitFor();
    await page.close();
  });

  it("an admin connects the organization's Zoom account and Contact Center with app credentials", async () => {
    const page = await openOptionsAs("zoom-account", org.apiToken.token);
    const zoom = page.getByRole("region", { name: "Zoom", exact: true });
    const form = zoom.getByRole("form", { name: "Connect the organization's Zoom account" });
    await form.getByLabel("Account ID").fill(MEETINGS_APP.accountId);
    await form.getByLabel("Client ID").fill(MEETINGS_APP.clientId);
    await form.getByLabel("Client secret").fill("not-the-secret");
    await form.getByRole("button", { name: "Connect with app credentials" }).click();
    await zoom.getByRole("alert").filter({ hasText: "Zoom refused" }).waitFor();

    await form.getByLabel("Client secret").fill(MEETINGS_APP.clientSecret);
    await form.getByRole("button", { name: "Connect with app credentials" }).click();
    await zoom.getByText(`Connected as ${MEETINGS_APP.accountId}`).waitFor();
    await zoom.getByRole("status").filter({ hasText: "The organization's Zoom account is connected" }).waitFor();
    expect(await form.getByLabel("Client secret").inputValue()).toBe("");

    const cc = page.getByRole("region", { name: "Zoom Contact Center" });
    await cc.getByText("Not connected").waitFor();
    const ccForm = cc.getByRole("form", { name: "Connect the organization's Zoom Contact Center account" });
    await ccForm.getByLabel("Account ID").fill(CC_APP.accountId);
    await ccForm.getByLabel("Client ID").fill(CC_APP.clientId);
    await ccForm.getByLabel("Client secret").fill(CC_APP.clientSecret);
    await page.keyboard.press("Enter");
    await cc.getByText(`Connected as ${CC_APP.accountId}`).waitFor();
    await screenshot(page, "options-admin-zoom-account");

    const { connections } = await apiFetch<{ connections: { provider: string; scope: string; status: string }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/connections",
    );
    expect(
      connections
        .filter((c) => c.scope === "account")
        .map((c) => `${c.provider}:${c.status}`)
        .sort(),
    ).toEqual(["zoom:active", "zoom_contact_center:active"]);
    await page.close();
  });

  it("an admin imports accounts from CSV: the preview shows a row error, the import creates the others", async () => {
    const page = await openOptionsAs("csv-import", org.apiToken.token);
    const section = page.getByRole("region", { name: "CSV import" });
    const csv =
      "name,domains,salesforce_id\nInitech,initech.example,\n,nameless.example,\nUmbrella Corp,umbrella.example,\n";
    await section
      .getByLabel("CSV file")
      .setInputFiles({ name: "accounts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await section.getByText("From accounts.csv").waitFor();
    await section.getByRole("button", { name: "Preview import" }).click();
    const preview = section.getByRole("table", { name: "Preview: what each row would do" });
    await preview.waitFor();
    expect(await preview.getByRole("row").allTextContents()).toEqual([
      "LineNameDomainsActionErrors",
      "2Initechinitech.exampleNew account",
      "3nameless.exampleNot importedname: missing",
      "4Umbrella Corpumbrella.exampleNew account",
    ]);
    // Nothing is written by the preview.
    const before = await apiFetch<{ accounts: { name: string }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/accounts",
    );
    expect(before.accounts.map((a) => a.name)).not.toContain("Initech");
    await screenshot(page, "options-admin-csv-preview");

    await section.getByRole("button", { name: "Import 2 rows" }).click();
    await section
      .getByRole("status")
      .filter({ hasText: "Imported: 2 accounts created, 0 updated, 1 skipped." })
      .waitFor();
    await section.getByRole("table", { name: "Imported: what each row did" }).waitFor();
    const after = await apiFetch<{ accounts: { name: string; domains: string[] }[] }>(
      worker.baseUrl,
      org.apiToken.token,
      "/api/v1/accounts",
    );
    const imported = after.accounts.filter((a) => a.name === "Initech" || a.name === "Umbrella Corp");
    expect(imported.map((a) => `${a.name}:${a.domains.join(",")}`).sort()).toEqual([
      "Initech:initech.example",
      "Umbrella Corp:umbrella.example",
    ]);
    expect(after.accounts.some((a) => a.domains.includes("nameless.example"))).toBe(false);
    await page.close();
  });

  it("an admin deletes a date range after a confirmation and sees the audit entry with counts", async () => {
    const o = org.org.id;
    const inRange = Date.parse("2025-01-15T12:00:00.000Z");
    const outside = Date.parse("2025-03-15T12:00:00.000Z");
    const now = Date.now();
    await sql(
      "INSERT INTO conversations (id, organization_id, source, external_id, title, started_at, host_email, account_id, routing, status, created_at, updated_at) VALUES " +
        `('conv_e2e_jan', '${o}', 'zoom_meeting', 'ext-jan', 'January call', ${inRange}, 'ada@ourco.com', '${acme.id}', 'manual', 'stored', ${now}, ${now}), ` +
        `('conv_e2e_mar', '${o}', 'zoom_meeting', 'ext-mar', 'March call', ${outside}, 'ada@ourco.com', '${acme.id}', 'manual', 'stored', ${now}, ${now}); ` +
        "INSERT INTO participants (id, organization_id, conversation_id, name, email, side) VALUES " +
        `('par_e2e_jan', '${o}', 'conv_e2e_jan', 'Road Runner', 'rr@acme-rockets.example', 'theirs')`,
    );
    const page = await openOptionsAs("deletion", org.apiToken.token);
    const section = page.getByRole("region", { name: "Deletion", exact: true });
    await section.getByText("Nothing was deleted yet.").waitFor();
    const form = section.getByRole("form", { name: "Delete conversations" });
    await form.getByLabel("What to delete").selectOption({ label: "Everything" });
    await form.getByLabel("From (UTC, optional)").fill("2025-01-01");
    await form.getByLabel("To (UTC, included, optional)").fill("2025-01-31");
    await form.getByRole("button", { name: "Delete…" }).click();
    const confirm = form.getByRole("group", {
      name: "Delete every conversation of the organization that started from 2025-01-01 to 2025-01-31 (UTC, both days included): transcripts, insights, recordings and archived webhooks. This cannot be undone.",
    });
    await confirm.waitFor();
    // Nothing goes before the confirmation; the safe choice has the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await apiFetch(worker.baseUrl, org.apiToken.token, "/api/v1/conversations/conv_e2e_jan");
    await confirm.getByRole("button", { name: "Yes, delete" }).click();
    await section.getByRole("status").filter({ hasText: "Deletion queued" }).waitFor();

    const entry = section.getByRole("listitem", { name: "Deletion of everything" });
    await entry.getByText(/^Done: everything/).waitFor({ timeout: 30_000 });
    await entry.getByText(/^Requested by Ada Admin on /).waitFor();
    await entry.getByText(/^Deleted: 1 conversation, 0 transcript segments, 0 insights, 1 participant,/).waitFor();
    await screenshot(page, "options-admin-deletion");

    await apiFetch(worker.baseUrl, org.apiToken.token, "/api/v1/conversations/conv_e2e_jan", { expectStatus: 404 });
    await apiFetch(worker.baseUrl, org.apiToken.token, "/api/v1/conversations/conv_e2e_mar");
    const { deletions } = await apiFetch<{
      deletions: { scope: string; status: string; from: string; to: string; deleted: { conversations: number } }[];
    }>(worker.baseUrl, org.apiToken.token, "/api/v1/deletions");
    expect(deletions[0]).toMatchObject({
      scope: "all",
      status: "done",
      from: "2025-01-01T00:00:00.000Z",
      to: "2025-02-01T00:00:00.000Z",
      deleted: { conversations: 1 },
    });
    await page.close();
  });

  it("a member sees their own settings and no admin console", async () => {
    const page = await openOptionsAs("member", member.apiToken.token);
    await page.getByRole("region", { name: "Account", exact: true }).getByText("Max Member").waitFor();
    await page.getByRole("heading", { name: "Connections" }).waitFor();
    expect(await page.getByRole("heading", { name: "Admin console" }).count()).toBe(0);
    expect(await page.getByRole("region", { name: "Unassigned conversations" }).count()).toBe(0);
    expect(await page.getByRole("form", { name: /Connect the organization's/ }).count()).toBe(0);
    // The backend refuses the member too, whatever the page shows (worker tests cover every admin route).
    const refused = await page.evaluate(() => chrome.runtime.sendMessage({ type: "listFailedJobs" }));
    expect(refused).toMatchObject({ ok: false, error: { kind: "server" } });
    await page.close();
  });
});
