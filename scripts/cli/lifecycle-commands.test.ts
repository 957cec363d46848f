import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

/** The data-lifecycle CLI commands against a recording fetch: which requests they send, what they print. */
function fakeApi(answers: Array<{ match: string; status?: number; body: unknown; raw?: string }>) {
  const sent: Array<{ method: string; url: string; body: unknown; auth: string | null }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    sent.push({
      method,
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      auth: new Headers(init?.headers).get("authorization"),
    });
    const answer = answers.find((a) => `${method} ${url}`.includes(a.match));
    if (!answer) return new Response(JSON.stringify({ error: { code: "not_found", message: url } }), { status: 404 });
    return new Response(answer.raw ?? JSON.stringify(answer.body), { status: answer.status ?? 200 });
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const env = { SIGHTLINE_URL: "http://api.test", SIGHTLINE_TOKEN: "sl_admin", SIGHTLINE_OPERATOR_TOKEN: "op_x" };

describe("lifecycle CLI commands", () => {
  it("retention: shows, and sets only what is given (off is null)", async () => {
    const api = fakeApi([
      {
        match: "GET http://api.test/api/v1/org/retention",
        body: { transcriptRetentionDays: 365, archiveRetentionDays: null },
      },
      {
        match: "PUT http://api.test/api/v1/org/retention",
        body: { transcriptRetentionDays: null, archiveRetentionDays: null },
      },
    ]);
    const out = await runCli(["retention"], { "transcript-days": "off" }, env, api.fetchImpl);
    expect(out.exitCode).toBe(0);
    expect(api.sent[1]).toMatchObject({
      method: "PUT",
      body: { transcriptRetentionDays: null, archiveRetentionDays: null },
    });
    expect(out.stdout).toContain("Transcripts: kept");
    const bad = await runCli(["retention"], { "archive-days": "0" }, env, api.fetchImpl);
    expect(bad).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("--archive-days") });
  });

  it("accounts-import: sends the file, previews unless --commit, prints each row's errors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sightline-cli-"));
    const file = join(dir, "accounts.csv");
    await writeFile(file, "name,domains\nAcme,acme.com\n,bad\n");
    const rows = [
      {
        line: 2,
        name: "Acme",
        domains: ["acme.com"],
        salesforceId: null,
        hubspotId: null,
        action: "create",
        accountId: null,
        errors: [],
      },
      {
        line: 3,
        name: null,
        domains: [],
        salesforceId: null,
        hubspotId: null,
        action: "skip",
        accountId: null,
        errors: ["name: missing"],
      },
    ];
    const api = fakeApi([
      {
        match: "POST http://api.test/api/v1/accounts/import",
        body: { committed: false, ignoredColumns: [], summary: { create: 1, update: 0, skip: 1 }, rows },
      },
    ]);
    const out = await runCli(["accounts-import"], { file }, env, api.fetchImpl);
    expect(api.sent[0]?.body).toEqual({ csv: await readFile(file, "utf8"), commit: false });
    expect(out.stdout).toContain("Preview (nothing written");
    expect(out.stdout).toContain("line 3\tskip\t\tname: missing");
    await runCli(["accounts-import"], { file, commit: true }, env, api.fetchImpl);
    expect(api.sent[1]?.body).toMatchObject({ commit: true });
  });

  it("rotate-key: runs steps with the operator token until the end, and fails while some are left", async () => {
    const step = (next: string | null, remaining: number) => ({
      currentKeyVersion: 2,
      rotated: 50,
      failed: [],
      next,
      remaining,
    });
    const steps = [step("connections:conn_b", 12), step(null, 0)];
    const api = fakeApi([
      {
        match: "GET http://api.test/api/v1/operator/key-rotation",
        body: { currentKeyVersion: 2, configuredKeyVersions: [1, 2], stored: [], remaining: 0 },
      },
    ]);
    // Each POST gets the next step's answer.
    const fetchOnce = (async (input: string | URL | Request, init?: RequestInit) => {
      if (init?.method !== "POST") return api.fetchImpl(input, init);
      await api.fetchImpl(input, init);
      return new Response(JSON.stringify(steps.shift()), { status: 200 });
    }) as typeof fetch;
    const out = await runCli(["rotate-key"], {}, env, fetchOnce);
    expect(out.exitCode).toBe(0);
    const posts = api.sent.filter((s) => s.method === "POST");
    expect(posts.map((p) => p.body)).toEqual([{}, { after: "connections:conn_b" }]);
    expect(posts.every((p) => p.auth === "Bearer op_x")).toBe(true);
    expect(out.stdout).toContain("Rotated 100 secrets to key version 2; 0 left");
  });

  it("export --out: queues, waits for done, downloads the archive through its link", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sightline-cli-"));
    const file = join(dir, "export.jsonl");
    const base = {
      id: "exp_1",
      scope: "account",
      accountId: "acct_1",
      requestedByUserId: "usr_1",
      parts: 1,
      bytes: 20,
      error: null,
      createdAt: "2026-12-01T00:00:00.000Z",
      completedAt: null,
    };
    const states = [
      { ...base, status: "pending", phase: "accounts", lines: {}, download: null },
      { ...base, status: "running", phase: "insights", lines: { account: 1 }, download: null },
      {
        ...base,
        status: "done",
        phase: "done",
        lines: { account: 1 },
        download: { url: "/exports/tok.sig", expiresAt: "2026-12-01T00:10:00.000Z" },
      },
    ];
    const sent: string[] = [];
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      sent.push(`${init?.method ?? "GET"} ${String(input)}`);
      if (String(input).endsWith("/exports/tok.sig")) return new Response('{"type":"account"}\n');
      return new Response(JSON.stringify(states.shift()), { status: init?.method === "POST" ? 202 : 200 });
    }) as typeof fetch;
    const out = await runCli(["export"], { account: "acct_1", out: file }, env, fetchImpl);
    expect(out.exitCode).toBe(0);
    expect(sent).toEqual([
      "POST http://api.test/api/v1/exports",
      "GET http://api.test/api/v1/exports/exp_1",
      "GET http://api.test/api/v1/exports/exp_1",
      "GET http://api.test/exports/tok.sig",
    ]);
    expect(await readFile(file, "utf8")).toBe('{"type":"account"}\n');
    expect(out.stdout).toContain(`Written to ${file}`);
  });
});
