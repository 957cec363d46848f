import { readFileSync } from "node:fs";
import type { LookupAccountResponse } from "@sightline/shared";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiFetch, createOrg } from "../support/api.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { describeWithSharedData, sharedDataPath } from "../support/shared-data.ts";

/** The e-mail column of a real Zoom participant report (BOM, a meeting header block, blank e-mails). */
function participantEmails(file: string): string[] {
  const lines = readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/);
  const header = lines.findIndex((l) => l.startsWith("Name (Original Name),User Email"));
  return lines
    .slice(header + 1)
    .map((l) => l.split(",")[1]?.trim() ?? "")
    .filter((e) => e.includes("@"));
}

describeWithSharedData("account lookup by real Zoom participant e-mails", () => {
  let worker: LocalWorker;
  beforeAll(async () => {
    worker = await startLocalWorker();
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("resolves every address of the host's domain to its account, and nothing else", async () => {
    const emails = [
      ...participantEmails(sharedDataPath("zoom-vtt/meeting001_participants.csv")),
      ...participantEmails(sharedDataPath("zoom-vtt/meeting003_participants.csv")),
    ];
    expect(emails.length).toBeGreaterThan(0);
    const domains = [...new Set(emails.map((e) => e.split("@")[1]?.toLowerCase()))];
    const org = await createOrg(worker.baseUrl, worker.operatorToken, {
      name: "Real data",
      domains: [],
      admin: { email: "admin@realdata.test", name: "Admin" },
    });
    const token = org.apiToken.token;
    const [first] = domains;
    const account = await apiFetch<{ id: string }>(worker.baseUrl, token, "/api/v1/accounts", {
      body: { name: "Host institution", domains: [first] },
      expectStatus: 201,
    });
    for (const email of emails) {
      const domain = email.split("@")[1]?.toLowerCase();
      const res = await fetch(`${worker.baseUrl}/api/v1/accounts/lookup?email=${encodeURIComponent(email)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (domain === first) {
        expect(res.status, email).toBe(200);
        expect(((await res.json()) as LookupAccountResponse).account.id).toBe(account.id);
      } else {
        expect(res.status, email).toBe(404);
      }
    }
  });
});
