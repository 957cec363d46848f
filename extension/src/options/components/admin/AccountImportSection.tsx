import type { ImportAccountRow, ImportAccountsResponse } from "@sightline/shared";
import { useEffect, useRef } from "preact/hooks";
import { Button } from "../../../ui/Button.tsx";
import { useOptionsStore } from "../../store-context.ts";
import { NoticeLine } from "./NoticeLine.tsx";

const ACTIONS: Record<ImportAccountRow["action"], string> = {
  create: "New account",
  update: "Updates an account",
  skip: "Not imported",
};

/** Accounts from CSV: a file or pasted text, the backend's preview row by row, then the import. */
export function AccountImportSection() {
  const { accountImport } = useOptionsStore();
  const { csv, fileName, preview, result, busy, notice, importable, actions } = accountImport;
  const shown = preview.value;
  const count = importable.value;
  const fileInput = useRef<HTMLInputElement>(null);
  const chosen = fileName.value;

  // Typed or imported text is no longer the chosen file's: the file field says so by emptying.
  useEffect(() => {
    if (chosen === null && fileInput.current) fileInput.current.value = "";
  }, [chosen]);
  return (
    <section aria-labelledby="account-import-heading" class="card">
      <div class="section-header">
        <h3 id="account-import-heading">CSV import</h3>
      </div>
      <p class="muted">
        Accounts from a CSV file. Columns: name (required), domains, salesforce_id, hubspot_id, utm_source, utm_medium,
        utm_campaign, lead_source. A row naming an existing account's CRM id or domain updates it. At most 500 rows.
      </p>
      <form
        class="assign"
        aria-label="Account CSV"
        onSubmit={(event) => {
          event.preventDefault();
          void actions.previewImport();
        }}
      >
        <label>
          CSV file
          <input
            ref={fileInput}
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) void file.text().then((text) => actions.setCsv(text, file.name));
            }}
          />
        </label>
        <label>
          Or paste the CSV text
          <textarea
            rows={5}
            spellcheck={false}
            value={csv.value}
            onInput={(event) => actions.setCsv(event.currentTarget.value)}
          />
        </label>
        {chosen && <p class="muted">From {chosen}</p>}
        <div class="actions">
          <Button type="submit" disabled={busy.value !== null}>
            {busy.value === "preview" ? "Previewing…" : "Preview import"}
          </Button>
        </div>
      </form>
      <NoticeLine notice={notice.value} />
      {shown && (
        <>
          <ImportTable answer={shown} caption="Preview: what each row would do" />
          <div class="actions">
            <Button
              variant="primary"
              disabled={busy.value !== null || count === 0}
              onClick={() => void actions.commitImport()}
            >
              {busy.value === "commit" ? "Importing…" : `Import ${count} ${count === 1 ? "row" : "rows"}`}
            </Button>
          </div>
        </>
      )}
      {result.value && <ImportTable answer={result.value} caption="Imported: what each row did" />}
    </section>
  );
}

function ImportTable({ answer, caption }: { answer: ImportAccountsResponse; caption: string }) {
  const { create, update, skip } = answer.summary;
  return (
    <div class="import-table">
      <p>
        {create} new, {update} {update === 1 ? "update" : "updates"}, {skip} with errors (not imported).
        {answer.ignoredColumns.length > 0 && ` Columns ignored: ${answer.ignoredColumns.join(", ")}.`}
      </p>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Name</th>
            <th scope="col">Domains</th>
            <th scope="col">Action</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {answer.rows.map((row) => (
            <tr key={row.line}>
              <td>{row.line}</td>
              <td>{row.name ?? ""}</td>
              <td>{row.domains.join(", ")}</td>
              <td>{ACTIONS[row.action] ?? row.action}</td>
              <td class={row.errors.length > 0 ? "state-error" : undefined}>{row.errors.join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
