import type { DataExport } from "@sightline/shared";
import { useState } from "preact/hooks";
import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { ProgressBar } from "../../../ui/ProgressBar.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { isExportRunning, safeDownloadUrl } from "../../exports-store.ts";
import { useOptionsStore } from "../../store-context.ts";
import { NoticeLine } from "./NoticeLine.tsx";

/** The export job's phases in order: how far it is, as a step of these. */
const PHASES = ["accounts", "contacts", "conversations", "transcript_segments", "insights", "done"];

/** Start an export (whole organization or one account) and list them with progress and the download link. */
export function ExportsSection() {
  const { dataExports } = useOptionsStore();
  const { exports, notice, actions } = dataExports;
  const list = exports.value;
  return (
    <section aria-labelledby="exports-heading" class="card">
      <div class="section-header">
        <h3 id="exports-heading">Export</h3>
        <Button onClick={() => void actions.load()}>Reload exports</Button>
      </div>
      <p class="muted">
        A JSON Lines archive of accounts, contacts, conversations, transcripts and insights. Download links last a few
        minutes: reload for a fresh one.
      </p>
      <ExportForm />
      <NoticeLine notice={notice.value} />
      <h4 id="export-list-heading">Exports</h4>
      {list.status === "loading" && <LoadingState text="Loading exports…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.load()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>No exports yet.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <ul class="admin-rows" aria-labelledby="export-list-heading">
          {list.value.map((item) => (
            <ExportEntry key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExportForm() {
  const { dataExports } = useOptionsStore();
  const { starting, accountChoice, actions } = dataExports;
  const [scope, setScope] = useState<"organization" | "account">("organization");
  const [accountId, setAccountId] = useState("");
  const matches = accountChoice.matches.value;
  const accounts = matches?.status === "ready" ? matches.value : [];
  const account = accounts.find((a) => a.id === accountId) ?? null;
  return (
    <form
      class="assign"
      aria-label="Export data"
      onSubmit={(event) => {
        event.preventDefault();
        if (scope === "organization") void actions.start(null);
        else if (account) void actions.start({ id: account.id, name: account.name });
      }}
    >
      <label>
        What to export
        <select
          value={scope}
          onChange={(event) => setScope(event.currentTarget.value === "account" ? "account" : "organization")}
        >
          <option value="organization">The whole organization</option>
          <option value="account">One account</option>
        </select>
      </label>
      {scope === "account" && (
        <>
          <label>
            Search accounts to export
            <input
              type="search"
              autoComplete="off"
              placeholder="Name or domain"
              value={accountChoice.query.value}
              onInput={(event) => {
                setAccountId("");
                void accountChoice.search(event.currentTarget.value);
              }}
            />
          </label>
          {matches?.status === "error" && (
            <p class="error" role="alert">
              {matches.message}
            </p>
          )}
          <label>
            Account to export
            <select value={accountId} onChange={(event) => setAccountId(event.currentTarget.value)}>
              <option value="">{accounts.length === 0 ? "Nothing to choose yet" : "Choose…"}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <div class="actions">
        <Button type="submit" variant="primary" disabled={starting.value || (scope === "account" && !account)}>
          {starting.value ? "Starting…" : "Start export"}
        </Button>
      </div>
    </form>
  );
}

function ExportEntry({ item }: { item: DataExport }) {
  const what = item.scope === "organization" ? "whole organization" : `account ${item.accountId ?? ""}`;
  const lines = Object.values(item.lines).reduce((sum, n) => sum + n, 0);
  const counts = Object.entries(item.lines)
    .map(([type, n]) => `${n} ${type}`)
    .join(", ");
  const url = safeDownloadUrl(item);
  const step = Math.max(PHASES.indexOf(item.phase), 0);
  return (
    <li aria-label={`Export of ${what}`}>
      <span class="strong">
        Export of {what}: {item.status}
      </span>
      <span class="muted">
        Started {formatDate(item.createdAt)}
        {item.completedAt ? ` · finished ${formatDate(item.completedAt)}` : ""}
      </span>
      {isExportRunning(item) && (
        <ProgressBar
          label={`Export of ${what}`}
          value={step}
          max={PHASES.length - 1}
          text={`Exporting ${item.phase.replace("_", " ")}… ${lines} lines so far`}
        />
      )}
      {counts && <span>Lines: {counts}</span>}
      {url && item.download && (
        <span>
          <a href={url} download>
            Download the export of {what}
          </a>{" "}
          <span class="muted">(link valid until {formatDate(item.download.expiresAt)})</span>
        </span>
      )}
      {item.error && <span class="state-error">Error: {item.error}</span>}
    </li>
  );
}
