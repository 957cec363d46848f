import { readFile } from "node:fs/promises";
import type {
  Account,
  AttributionReport,
  CreateAccountRequest,
  CreateOrgRequest,
  CreateOrgResponse,
  CreateUserRequest,
  CreateUserResponse,
  Deletion,
  FailedJob,
  ListAccountsResponse,
  LookupAccountResponse,
  WebhookEvent,
} from "@sightline/shared";
import { ACCOUNT_USAGE, runAccountCommand } from "./account-commands.ts";
import { IMPORT_ACCOUNTS_USAGE, importAccounts } from "./import-accounts-command.ts";
import { LIFECYCLE_USAGE, runLifecycleCommand } from "./lifecycle-commands.ts";

export const USAGE = `Usage: pnpm sightline <command> [options]

Commands:
  create-org   --name NAME --admin-email EMAIL --admin-name NAME [--domain ourco.com ...]
               (operator: uses SIGHTLINE_OPERATOR_TOKEN or --token)
  create-user  --email EMAIL --name NAME [--role admin|member]
  add-account  --name NAME [--domain acme.com ...] [--salesforce ID] [--hubspot ID] [lead source options]
  set-lead-source --account ID | --contact ID  [lead source options]   (none given: clears it)
${IMPORT_ACCOUNTS_USAGE}
  attribution  [--period 7d|30d|90d|365d|all] [--by lead_source|utm_source|utm_medium|utm_campaign|crm]
  list-accounts [--q SEARCH]
${ACCOUNT_USAGE}
  failed-jobs  list jobs that failed (admin)
  replay-job   --id JOB_ID   put a failed job back on the queue (admin)
  events       list archived webhook events (admin)
  replay-event --id EVENT_ID   replay an archived webhook event through the pipeline (admin)
  delete       --scope all|user|account|connection [--user ID] [--account ID] [--connection ID]
               [--from ISO-DATE] [--to ISO-DATE]   delete conversations, queued (admin)
  deletions    [--id DELETION_ID]   the deletions audit log, or one deletion's progress (admin)
${LIFECYCLE_USAGE}

Lead source options: --utm-source S --utm-medium M --utm-campaign C --lead-source CRM_VALUE

Options:
  --url URL      API base (default: SIGHTLINE_URL or http://127.0.0.1:8787)
  --token TOKEN  API token (default: SIGHTLINE_TOKEN)
  --json         print the raw JSON answer`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

type Values = Record<string, string | boolean | string[] | undefined>;
type Env = Record<string, string | undefined>;

class CliError extends Error {}

function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") throw new CliError(`--${name} is required`);
  return value;
}

/** A date as the API takes it ("2026-06-01" or a full ISO time); undefined when not given. */
function isoDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new CliError(`--${name} must be a date like 2026-06-01`);
  return at.toISOString();
}

/** The lead source the options give, or undefined when none is given. */
function leadSourceOption(values: Values) {
  const pick = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : null);
  const source = {
    utmSource: pick("utm-source"),
    utmMedium: pick("utm-medium"),
    utmCampaign: pick("utm-campaign"),
    crmLeadSource: pick("lead-source"),
  };
  return Object.values(source).some((v) => v !== null) ? source : undefined;
}

/** Runs one CLI command. Pure over its inputs (arguments, environment, fetch) so it is tested directly. */
export async function runCli(
  positionals: string[],
  values: Values,
  env: Env,
  fetchImpl: typeof fetch,
  readText: (path: string) => Promise<string> = (path) => readFile(path, "utf8"),
): Promise<CliResult> {
  const [command] = positionals;
  if (!command || values.help) return { exitCode: command || values.help ? 0 : 2, stdout: USAGE, stderr: "" };
  const baseUrl = String(values.url ?? env.SIGHTLINE_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");

  const request = async <T>(token: string | undefined, method: string, path: string, body?: unknown): Promise<T> => {
    if (!token)
      throw new CliError("no token: pass --token or set SIGHTLINE_TOKEN (SIGHTLINE_OPERATOR_TOKEN for create-org)");
    let res: Response;
    try {
      res = await fetchImpl(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (err) {
      throw new CliError(`cannot reach ${baseUrl}: ${(err as Error).message}`);
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new CliError(`${res.status} ${json?.error?.code ?? ""}: ${json?.error?.message ?? text}`);
    return json as T;
  };
  const userToken = (values.token as string | undefined) ?? env.SIGHTLINE_TOKEN;
  const print = (json: unknown, human: string): CliResult => ({
    exitCode: 0,
    stdout: values.json ? JSON.stringify(json, null, 2) : human,
    stderr: "",
  });

  try {
    switch (command) {
      case "create-org": {
        const body: CreateOrgRequest = {
          name: required(values, "name"),
          domains: (values.domain as string[] | undefined) ?? [],
          admin: { email: required(values, "admin-email"), name: required(values, "admin-name") },
        };
        const token = (values.token as string | undefined) ?? env.SIGHTLINE_OPERATOR_TOKEN;
        const out = await request<CreateOrgResponse>(token, "POST", "/operator/orgs", body);
        return print(
          out,
          `Created organization ${out.org.name} (${out.org.id})\nAdmin ${out.admin.email} (${out.admin.id})\nAdmin API token (shown once): ${out.apiToken.token}`,
        );
      }
      case "create-user": {
        const role = (values.role as string | undefined) ?? "member";
        if (role !== "admin" && role !== "member") throw new CliError("--role must be admin or member");
        const body: Partial<CreateUserRequest> = {
          email: required(values, "email"),
          name: required(values, "name"),
          role,
        };
        const out = await request<CreateUserResponse>(userToken, "POST", "/users", body);
        return print(
          out,
          `Created ${out.user.role} ${out.user.email} (${out.user.id})\nAPI token (shown once): ${out.apiToken.token}`,
        );
      }
      case "add-account": {
        const body: Partial<CreateAccountRequest> = {
          name: required(values, "name"),
          domains: (values.domain as string[] | undefined) ?? [],
          ...(values.salesforce ? { salesforceId: String(values.salesforce) } : {}),
          ...(values.hubspot ? { hubspotId: String(values.hubspot) } : {}),
          ...(leadSourceOption(values) ? { leadSource: leadSourceOption(values) } : {}),
        };
        const out = await request<Account>(userToken, "POST", "/accounts", body);
        return print(out, `Added account ${out.name} (${out.id}) ${out.domains.join(", ")}`);
      }
      case "set-lead-source": {
        const target = values.account
          ? `/accounts/${encodeURIComponent(String(values.account))}`
          : values.contact
            ? `/contacts/${encodeURIComponent(String(values.contact))}`
            : null;
        if (!target) throw new CliError("--account or --contact is required");
        const out = await request<{ id: string; leadSource: unknown }>(userToken, "PATCH", target, {
          leadSource: leadSourceOption(values) ?? null,
        });
        return print(out, `${out.id}: lead source ${out.leadSource ? JSON.stringify(out.leadSource) : "cleared"}`);
      }
      case "attribution": {
        const period = typeof values.period === "string" ? values.period : "90d";
        const by = typeof values.by === "string" ? values.by : "lead_source";
        const out = await request<AttributionReport>(
          userToken,
          "GET",
          `/reports/attribution?period=${encodeURIComponent(period)}&by=${encodeURIComponent(by)}`,
        );
        const pct = (v: number | null) => (v === null ? "-" : `${Math.round(v * 100)}%`);
        const lines = out.rows.map(
          (r) =>
            `${r.label}\t${r.accounts} accounts\t${r.conversations} conversations\tclosing ${r.averageClosingProbability ?? "-"}\t${r.wins} wins\t${r.issues} issues\tlatest positive ${pct(r.positiveLatestShare)}`,
        );
        return print(out, lines.length ? lines.join("\n") : "No accounts.");
      }
      case "list-accounts": {
        const q = typeof values.q === "string" ? values.q : "";
        const out = await request<ListAccountsResponse>(
          userToken,
          "GET",
          `/accounts?limit=100&q=${encodeURIComponent(q)}`,
        );
        const lines = out.accounts.map((a) => `${a.id}\t${a.name}\t${a.domains.join(",")}`);
        return print(out, lines.length ? lines.join("\n") : "No accounts.");
      }
      case "failed-jobs": {
        const out = await request<{ failedJobs: FailedJob[] }>(userToken, "GET", "/operations/failed-jobs?limit=200");
        const lines = out.failedJobs.map(
          (j) => `${j.id}\t${j.createdAt}\t${j.jobType}\t${j.replayedAt ? "replayed" : "failed"}\t${j.reason}`,
        );
        return print(out, lines.length ? lines.join("\n") : "No failed jobs.");
      }
      case "replay-job": {
        const id = required(values, "id");
        const out = await request<FailedJob>(
          userToken,
          "POST",
          `/operations/failed-jobs/${encodeURIComponent(id)}/replay`,
        );
        return print(out, `Replayed ${out.id} (${out.jobType})`);
      }
      case "events": {
        const out = await request<{ events: WebhookEvent[] }>(userToken, "GET", "/operations/webhook-events?limit=200");
        const lines = out.events.map(
          (e) => `${e.id}\t${e.receivedAt}\t${e.provider}\t${e.eventType}\t${e.status}\t${e.reason ?? ""}`,
        );
        return print(out, lines.length ? lines.join("\n") : "No webhook events.");
      }
      case "replay-event": {
        const id = required(values, "id");
        const out = await request<WebhookEvent>(
          userToken,
          "POST",
          `/operations/webhook-events/${encodeURIComponent(id)}/replay`,
        );
        return print(out, `Event ${out.id} (${out.eventType}): ${out.status}${out.reason ? ` (${out.reason})` : ""}`);
      }
      case "delete": {
        const scope = required(values, "scope");
        const optional = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
        const body = {
          scope,
          userId: optional("user"),
          accountId: optional("account"),
          connectionId: optional("connection"),
          from: isoDate(optional("from"), "from"),
          to: isoDate(optional("to"), "to"),
        };
        const out = await request<Deletion>(userToken, "POST", "/deletions", body);
        return print(
          out,
          `Deletion ${out.id} queued (${out.scope}); follow it with: pnpm sightline deletions --id ${out.id}`,
        );
      }
      case "deletions": {
        const describe = (d: Deletion) =>
          `${d.id}\t${d.createdAt}\t${d.scope}\t${d.status}\t${d.deleted.conversations}/${d.conversationsFound ?? "?"} conversations\t${d.error ?? ""}`;
        if (typeof values.id === "string") {
          const out = await request<Deletion>(userToken, "GET", `/deletions/${encodeURIComponent(values.id)}`);
          return print(out, describe(out));
        }
        const out = await request<{ deletions: Deletion[] }>(userToken, "GET", "/deletions?limit=200");
        return print(out, out.deletions.length ? out.deletions.map(describe).join("\n") : "No deletions.");
      }
      default: {
        const fail = (message: string): never => {
          throw new CliError(message);
        };
        const ctx = { values, env, userToken, request, print, fail, baseUrl, fetchImpl };
        // accounts-import: the name this command had while it lived beside an older client-side import.
        if (command === "import-accounts" || command === "accounts-import") return await importAccounts(ctx, readText);
        const accounts = await runAccountCommand(command, ctx);
        if (accounts) return accounts;
        const lifecycle = await runLifecycleCommand(command, ctx);
        if (lifecycle) return lifecycle;
        return { exitCode: 2, stdout: "", stderr: `Unknown command: ${command}\n\n${USAGE}` };
      }
    }
  } catch (err) {
    if (err instanceof CliError) return { exitCode: 1, stdout: "", stderr: `sightline: ${err.message}` };
    throw err;
  }
}
