import type { ImportAccountsResponse } from "@sightline/shared";
import type { LifecycleContext } from "./lifecycle-commands.ts";

export const IMPORT_ACCOUNTS_USAGE = `  import-accounts --file ACCOUNTS.csv [--commit]   preview (or with --commit, import) accounts from CSV (admin)
               columns: name, domains, salesforce_id, hubspot_id, utm_source, utm_medium, utm_campaign, lead_source
               (accounts-import is the same command under its older name)`;

/** Pads each column to its widest cell, so the preview reads as a table in a terminal. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/**
 * `import-accounts --file F [--commit]`: the file goes to `POST /accounts/import` as it is (the
 * server reads the CSV, checks every row and writes; the CLI parses nothing), and the answer is
 * printed as a table of row, action and errors. Exits 1 when a row has errors, so scripts notice.
 */
export async function importAccounts(ctx: LifecycleContext, readText: (path: string) => Promise<string>) {
  const file = typeof ctx.values.file === "string" ? ctx.values.file : ctx.fail("--file is required");
  let csv: string;
  try {
    csv = await readText(file);
  } catch (err) {
    return ctx.fail(`cannot read ${file}: ${(err as Error).message}`);
  }
  const out = await ctx.request<ImportAccountsResponse>(ctx.userToken, "POST", "/accounts/import", {
    csv,
    commit: Boolean(ctx.values.commit),
  });
  const { create, update, skip } = out.summary;
  const head = out.committed
    ? `Imported: ${create} created, ${update} updated, ${skip} skipped.`
    : `Preview (nothing written; add --commit to import): ${create} to create, ${update} to update, ${skip} with errors.`;
  const ignored = out.ignoredColumns.length ? [`Ignored columns: ${out.ignoredColumns.join(", ")}`] : [];
  const rows = out.rows.map((r) => [String(r.line), r.action, r.errors.join("; ")]);
  const printed = ctx.print(out, [head, ...ignored, table(["row", "action", "errors"], rows)].join("\n"));
  return skip ? { ...printed, exitCode: 1 } : printed;
}
