import { readFile, writeFile } from "node:fs/promises";
import type {
  DataExport,
  ImportAccountsResponse,
  KeyRotationStatus,
  KeyRotationStep,
  RetentionSettings,
} from "@sightline/shared";

/**
 * The data-lifecycle commands (issue 13): retention, export, key rotation. Kept apart from
 * run-cli.ts's switch so each stays small; run-cli.ts hands over the commands it does not know.
 */
export interface LifecycleContext {
  values: Record<string, string | boolean | string[] | undefined>;
  env: Record<string, string | undefined>;
  userToken: string | undefined;
  request: <T>(token: string | undefined, method: string, path: string, body?: unknown) => Promise<T>;
  print: (json: unknown, human: string) => { exitCode: number; stdout: string; stderr: string };
  fail: (message: string) => never;
  baseUrl: string;
  fetchImpl: typeof fetch;
}

export const LIFECYCLE_USAGE = `  retention    [--transcript-days N|off] [--archive-days N|off]   show or set retention periods (admin)
  export       [--account ID] [--wait] [--out FILE]   export the organization (or one account) as JSON Lines (admin)
  exports      [--id EXPORT_ID]   the organization's exports, or one export's progress and download link (admin)
  accounts-import --file ACCOUNTS.csv [--commit]   preview (or with --commit, import) accounts from CSV
               through POST /accounts/import: columns name, domains, salesforce_id, hubspot_id (admin)
  rotate-key   re-encrypt every stored secret under the newest key of TOKEN_ENCRYPTION_KEYS, bound to its row
               (operator: SIGHTLINE_OPERATOR_TOKEN or --token; run it again to resume)`;

const describeExport = (e: DataExport) => {
  const lines = Object.entries(e.lines)
    .map(([type, n]) => `${n} ${type}`)
    .join(", ");
  return `${e.id}\t${e.createdAt}\t${e.scope}${e.accountId ? ` ${e.accountId}` : ""}\t${e.status} (${e.phase})\t${lines}${e.error ? `\t${e.error}` : ""}`;
};

/** A period in days, "off" for none, or undefined when the option was not given. */
function days(ctx: LifecycleContext, name: string): number | null | undefined {
  const value = ctx.values[name];
  if (value === undefined) return undefined;
  if (value === "off") return null;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < 1)
    ctx.fail(`--${name} must be a whole number of days or "off"`);
  return n;
}

export async function runLifecycleCommand(command: string, ctx: LifecycleContext) {
  switch (command) {
    case "retention": {
      const transcript = days(ctx, "transcript-days");
      const archive = days(ctx, "archive-days");
      let out = await ctx.request<RetentionSettings>(ctx.userToken, "GET", "/org/retention");
      if (transcript !== undefined || archive !== undefined) {
        const body: RetentionSettings = {
          transcriptRetentionDays: transcript === undefined ? out.transcriptRetentionDays : transcript,
          archiveRetentionDays: archive === undefined ? out.archiveRetentionDays : archive,
        };
        out = await ctx.request<RetentionSettings>(ctx.userToken, "PUT", "/org/retention", body);
      }
      const show = (n: number | null) => (n === null ? "kept" : `${n} days`);
      return ctx.print(
        out,
        `Transcripts: ${show(out.transcriptRetentionDays)}\nArchived webhook bodies: ${show(out.archiveRetentionDays)}`,
      );
    }
    case "export": {
      const account = typeof ctx.values.account === "string" ? ctx.values.account : undefined;
      const body = account ? { scope: "account", accountId: account } : { scope: "organization" };
      let out = await ctx.request<DataExport>(ctx.userToken, "POST", "/exports", body);
      if (!ctx.values.wait && !ctx.values.out)
        return ctx.print(out, `Export ${out.id} queued; follow it with: pnpm sightline exports --id ${out.id}`);
      while (out.status !== "done" && out.status !== "failed") {
        await new Promise((r) => setTimeout(r, 1000));
        out = await ctx.request<DataExport>(ctx.userToken, "GET", `/exports/${encodeURIComponent(out.id)}`);
      }
      if (out.status === "failed" || !out.download) ctx.fail(`export ${out.id} failed: ${out.error ?? "no link"}`);
      const file = typeof ctx.values.out === "string" ? ctx.values.out : undefined;
      if (file) {
        const res = await ctx.fetchImpl(`${ctx.baseUrl}${out.download?.url}`);
        if (!res.ok) ctx.fail(`download failed: ${res.status}`);
        await writeFile(file, new Uint8Array(await res.arrayBuffer()));
      }
      return ctx.print(
        out,
        `${describeExport(out)}\n${file ? `Written to ${file}` : `Download (until ${out.download?.expiresAt}): ${ctx.baseUrl}${out.download?.url}`}`,
      );
    }
    case "exports": {
      if (typeof ctx.values.id === "string") {
        const out = await ctx.request<DataExport>(
          ctx.userToken,
          "GET",
          `/exports/${encodeURIComponent(ctx.values.id)}`,
        );
        return ctx.print(
          out,
          `${describeExport(out)}${out.download ? `\nDownload (until ${out.download.expiresAt}): ${ctx.baseUrl}${out.download.url}` : ""}`,
        );
      }
      const out = await ctx.request<{ exports: DataExport[] }>(ctx.userToken, "GET", "/exports?limit=100");
      return ctx.print(out, out.exports.length ? out.exports.map(describeExport).join("\n") : "No exports.");
    }
    case "accounts-import": {
      const file = typeof ctx.values.file === "string" ? ctx.values.file : ctx.fail("--file is required");
      let csv: string;
      try {
        csv = await readFile(file, "utf8");
      } catch (err) {
        return ctx.fail(`cannot read ${file}: ${(err as Error).message}`);
      }
      const out = await ctx.request<ImportAccountsResponse>(ctx.userToken, "POST", "/accounts/import", {
        csv,
        commit: Boolean(ctx.values.commit),
      });
      const lines = out.rows.map(
        (r) =>
          `line ${r.line}\t${r.action}\t${r.name ?? ""}${r.accountId ? ` (${r.accountId})` : ""}${r.errors.length ? `\t${r.errors.join("; ")}` : ""}`,
      );
      const { create, update, skip } = out.summary;
      const head = out.committed
        ? `Imported: ${create} created, ${update} updated, ${skip} skipped.`
        : `Preview (nothing written; add --commit to import): ${create} to create, ${update} to update, ${skip} with errors.`;
      const ignored = out.ignoredColumns.length ? [`Ignored columns: ${out.ignoredColumns.join(", ")}`] : [];
      return ctx.print(out, [head, ...ignored, ...lines].join("\n"));
    }
    case "rotate-key": {
      const token = (ctx.values.token as string | undefined) ?? ctx.env.SIGHTLINE_OPERATOR_TOKEN;
      let after: string | null = null;
      let rotated = 0;
      const failed: KeyRotationStep["failed"] = [];
      let last: KeyRotationStep;
      do {
        last = await ctx.request<KeyRotationStep>(token, "POST", "/operator/key-rotation", after ? { after } : {});
        rotated += last.rotated;
        failed.push(...last.failed);
        after = last.next;
      } while (after);
      const status = await ctx.request<KeyRotationStatus>(token, "GET", "/operator/key-rotation");
      const lines = [
        `Rotated ${rotated} secrets to key version ${last.currentKeyVersion}; ${last.remaining} left on older keys or unbound.`,
        ...status.stored.map(
          (s) => `  ${s.table}\tkey ${s.keyVersion}\t${s.rowBound ? "row-bound" : "legacy"}\t${s.count}`,
        ),
        ...failed.map((f) => `  could not open ${f.table} ${f.id}: ${f.reason}`),
        last.remaining === 0
          ? "Done: older keys may now be removed from TOKEN_ENCRYPTION_KEYS."
          : "Not done: fix what is listed above (e.g. a missing key version) and run rotate-key again.",
      ];
      const result = ctx.print({ rotated, failed, status }, lines.join("\n"));
      return last.remaining === 0 ? result : { ...result, exitCode: 1 };
    }
    default:
      return null;
  }
}
