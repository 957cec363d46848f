import type { Deletion } from "@sightline/shared";
import { useEffect, useRef, useState } from "preact/hooks";
import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { ProgressBar } from "../../../ui/ProgressBar.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import type { DeletionScope } from "../../deletions-store.ts";
import { useOptionsStore } from "../../store-context.ts";
import { NoticeLine } from "./NoticeLine.tsx";

const SCOPES: Record<DeletionScope, string> = {
  all: "Everything",
  user: "One user's conversations",
  account: "One account's conversations",
  connection: "One connection's conversations",
};

const STATUS: Record<Deletion["status"], string> = {
  pending: "Queued",
  running: "Deleting",
  done: "Done",
  failed: "Failed",
};

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Delete by scope and date range, after a confirmation naming what goes; then the audit log with progress. */
export function DeletionsSection() {
  const { deletions: store } = useOptionsStore();
  const { deletions, notice, actions } = store;
  const list = deletions.value;
  return (
    <section aria-labelledby="deletions-heading" class="card">
      <div class="section-header">
        <h3 id="deletions-heading">Deletion</h3>
        <Button onClick={() => void actions.load()}>Reload deletions</Button>
      </div>
      <DeletionForm />
      <NoticeLine notice={notice.value} />
      <h4 id="deletion-log-heading">Deletion log</h4>
      {list.status === "loading" && <LoadingState text="Loading deletions…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.load()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>Nothing was deleted yet.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <ul class="admin-rows" aria-labelledby="deletion-log-heading">
          {list.value.map((deletion) => (
            <DeletionEntry key={deletion.id} deletion={deletion} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeletionForm() {
  const { deletions: store, adminUsers, connections } = useOptionsStore();
  const { pending, requesting, accountChoice, actions } = store;
  const [scope, setScope] = useState<DeletionScope>("all");
  const [targetId, setTargetId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const cancelButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const confirming = pending.value;

  // Keyboard users land on the confirmation's safe choice, and back on Delete… when it closes.
  useEffect(() => {
    if (confirming) cancelButton.current?.focus();
    else if (wasConfirming.current) deleteButton.current?.focus();
    wasConfirming.current = confirming !== null;
  }, [confirming]);

  const users = adminUsers.users.value.status === "ready" ? adminUsers.users.value.value : [];
  const conns = connections.value.status === "ready" ? connections.value.value : [];
  const matches = accountChoice.matches.value;
  const accounts = matches?.status === "ready" ? matches.value : [];
  const targets: { id: string; name: string }[] =
    scope === "user"
      ? users.map((u) => ({ id: u.id, name: `${u.name} (${u.email})` }))
      : scope === "connection"
        ? conns.map((c) => ({
            id: c.id,
            name: `${c.provider} ${c.scope === "account" ? "account" : "user"} connection ${c.externalAccountId ?? c.externalUserId ?? c.id}`,
          }))
        : scope === "account"
          ? accounts.map((a) => ({ id: a.id, name: a.name }))
          : [];
  const target = targets.find((t) => t.id === targetId) ?? null;

  return (
    <form
      class="assign"
      aria-label="Delete conversations"
      onSubmit={(event) => {
        event.preventDefault();
        actions.ask({ scope, target, from, to });
      }}
    >
      <label>
        What to delete
        <select
          value={scope}
          onChange={(event) => {
            setScope(event.currentTarget.value as DeletionScope);
            setTargetId("");
            actions.cancel();
          }}
        >
          {Object.entries(SCOPES).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </label>
      {scope === "account" && (
        <label>
          Search accounts
          <input
            type="search"
            autoComplete="off"
            placeholder="Name or domain"
            value={accountChoice.query.value}
            onInput={(event) => {
              setTargetId("");
              void accountChoice.search(event.currentTarget.value);
            }}
          />
        </label>
      )}
      {matches?.status === "error" && scope === "account" && (
        <p class="error" role="alert">
          {matches.message}
        </p>
      )}
      {scope !== "all" && (
        <label>
          {scope === "user" ? "User" : scope === "account" ? "Account" : "Connection"}
          <select value={targetId} onChange={(event) => setTargetId(event.currentTarget.value)}>
            <option value="">{targets.length === 0 ? "Nothing to choose yet" : "Choose…"}</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        From (UTC, optional)
        <input type="date" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
      </label>
      <label>
        To (UTC, included, optional)
        <input type="date" value={to} onInput={(event) => setTo(event.currentTarget.value)} />
      </label>
      {!confirming && (
        <div class="actions">
          <Button ref={deleteButton} type="submit" variant="danger">
            Delete…
          </Button>
        </div>
      )}
      {confirming && (
        <fieldset
          class="confirm"
          onKeyDown={(event) => {
            if (event.key === "Escape") actions.cancel();
          }}
        >
          <legend>{confirming.description}</legend>
          <div class="actions">
            <Button variant="danger" disabled={requesting.value} onClick={() => void actions.confirm()}>
              {requesting.value ? "Deleting…" : "Yes, delete"}
            </Button>
            <Button ref={cancelButton} onClick={() => actions.cancel()}>
              Cancel
            </Button>
          </div>
        </fieldset>
      )}
    </form>
  );
}

function DeletionEntry({ deletion }: { deletion: Deletion }) {
  const { adminUsers } = useOptionsStore();
  const users = adminUsers.users.value.status === "ready" ? adminUsers.users.value.value : [];
  const who =
    deletion.requestedByUserId === null
      ? "Nightly retention"
      : (users.find((u) => u.id === deletion.requestedByUserId)?.name ?? deletion.requestedByUserId);
  const scope =
    deletion.scope === "retention"
      ? "retention periods"
      : deletion.scope === "all"
        ? "everything"
        : `${deletion.scope} ${deletion.userId ?? deletion.accountId ?? deletion.connectionId ?? ""}`;
  const range =
    deletion.from || deletion.to
      ? ` · started ${deletion.from ? `from ${formatDate(deletion.from)}` : ""}${deletion.to ? ` before ${formatDate(deletion.to)}` : ""}`
      : "";
  const found = deletion.conversationsFound;
  const { deleted } = deletion;
  return (
    <li aria-label={`Deletion of ${scope}`}>
      <span class="strong">
        {STATUS[deletion.status] ?? deletion.status}: {scope}
        {range}
      </span>
      <span class="muted">
        Requested by {who} on {formatDate(deletion.createdAt)}
        {deletion.completedAt ? ` · finished ${formatDate(deletion.completedAt)}` : ""}
      </span>
      {(deletion.status === "pending" || deletion.status === "running") && (
        <ProgressBar
          label={`Deletion of ${scope}`}
          value={deleted.conversations}
          max={found ?? 0}
          text={found === null ? "Waiting to start…" : `${deleted.conversations} of ${found} conversations deleted`}
        />
      )}
      <span>
        Deleted: {count(deleted.conversations, "conversation")},{" "}
        {count(deleted.transcriptSegments, "transcript segment")}, {count(deleted.insights, "insight")},{" "}
        {count(deleted.participants, "participant")}, {count(deleted.webhookEvents, "webhook event")},{" "}
        {count(deleted.storedObjects, "stored file")}
        {deleted.expiredArchives > 0 ? `, ${count(deleted.expiredArchives, "expired archive")}` : ""}.
      </span>
      {deletion.error && <span class="state-error">Error: {deletion.error}</span>}
    </li>
  );
}
