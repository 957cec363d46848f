import type { Connection, Provider, User } from "@sightline/shared";
import { useEffect, useRef, useState } from "preact/hooks";
import { Button } from "../../ui/Button.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import {
  type ConnectionRow,
  connectionRows,
  lastErrorOf,
  PROVIDER_NAMES,
  reconciliationText,
} from "../connection-view.ts";
import { useOptionsStore } from "../store-context.ts";
import { ZoomAccountForm } from "./ZoomAccountForm.tsx";

type Props = { provider: Provider; connections: Connection[]; user: User };

export function ConnectionCard({ provider, connections, user }: Props) {
  const { busy, notices, actions } = useOptionsStore();
  const name = PROVIDER_NAMES[provider];
  const rows = connectionRows(connections, provider, user);
  const headingId = `${provider}-heading`;
  const notice = notices.value[provider];
  const ownConnected = rows.some((row) => row.connection.scope === "user" && row.connection.status === "active");

  return (
    <section class="card connection-card" aria-labelledby={headingId} data-provider={provider}>
      <h3 id={headingId}>{name}</h3>
      {rows.length === 0 ? (
        <p class="connection-status">Not connected</p>
      ) : (
        <ul class="connection-rows">
          {rows.map((row) => (
            <ConnectionLine key={row.connection.id} row={row} providerName={name} />
          ))}
        </ul>
      )}
      <div class="actions">
        {provider === "zoom"
          ? !ownConnected && (
              <Button
                variant="primary"
                disabled={busy.value === "zoom-connect"}
                onClick={() => void actions.connectZoom()}
              >
                {busy.value === "zoom-connect" ? "Connecting…" : "Connect Zoom"}
              </Button>
            )
          : provider === "gong" &&
            user.role === "admin" && (
              <Button
                variant="primary"
                disabled={busy.value === "gong-connect"}
                onClick={() => void actions.connectGong()}
              >
                {busy.value === "gong-connect" ? "Connecting…" : rows.length ? "Reconnect Gong" : "Connect Gong"}
              </Button>
            )}
      </div>
      {provider === "gong" && user.role === "admin" && <GongKeyForm />}
      {provider !== "gong" && user.role === "admin" && <ZoomAccountForm provider={provider} />}
      {provider === "zoom_contact_center" && user.role !== "admin" && rows.length === 0 && (
        <p class="muted">An admin connects Zoom Contact Center for the whole organization.</p>
      )}
      {provider === "gong" && user.role !== "admin" && rows.length === 0 && (
        <p class="muted">An admin connects Gong for the whole organization.</p>
      )}
      {notice && (
        <p class={notice.tone === "error" ? "error" : "notice"} role={notice.tone === "error" ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
    </section>
  );
}

/** Admins: Gong's access key and secret (Gong: Company settings > API), checked by the backend with Gong. */
function GongKeyForm() {
  const { busy, actions } = useOptionsStore();
  const [accessKey, setAccessKey] = useState("");
  const [secret, setSecret] = useState("");
  return (
    <form
      class="gong-key-form"
      aria-label="Connect Gong with an access key"
      onSubmit={(event) => {
        event.preventDefault();
        void actions.connectGongKey(accessKey, secret).then((done) => {
          if (done) {
            setAccessKey("");
            setSecret("");
          }
        });
      }}
    >
      <label>
        Access key
        <input
          name="accessKey"
          value={accessKey}
          autocomplete="off"
          onInput={(e) => setAccessKey(e.currentTarget.value)}
        />
      </label>
      <label>
        Access key secret
        <input
          name="accessKeySecret"
          type="password"
          value={secret}
          autocomplete="off"
          onInput={(e) => setSecret(e.currentTarget.value)}
        />
      </label>
      <Button type="submit" disabled={busy.value === "gong-connect" || !accessKey.trim() || !secret.trim()}>
        Connect with key
      </Button>
    </form>
  );
}

/** A pulling connection's progress: calls seen, imported, discarded by intake, failed, and the last sync. */
function SyncProgress({ sync }: { sync: NonNullable<Connection["sync"]> }) {
  const text = [
    `${sync.backfilling ? "Backfilling: " : ""}${sync.found} found`,
    `${sync.imported} imported`,
    `${sync.discarded} discarded`,
    `${sync.failed} failed`,
    sync.pending ? `${sync.pending} waiting` : null,
    sync.lastSyncAt ? `last sync ${new Date(sync.lastSyncAt).toLocaleString()}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <div class="sync-progress">
      <ProgressBar
        label="Calls processed"
        value={sync.imported + sync.discarded + sync.failed}
        max={sync.found}
        text={text}
      />
      {sync.lastError && <span class="error">Last error: {sync.lastError}</span>}
    </div>
  );
}

/** Zoom and Contact Center: the reconciliation's last sync and how far it listed, and a last error. */
function ReconciliationState({ connection }: { connection: Connection }) {
  const text = reconciliationText(connection);
  const lastError = lastErrorOf(connection);
  if (!text && !lastError) return null;
  return (
    <div class="sync-progress">
      {text && <span class="muted">{text}</span>}
      {lastError && <span class="error">Last error: {lastError}</span>}
    </div>
  );
}

function ConnectionLine({ row, providerName }: { row: ConnectionRow; providerName: string }) {
  const { confirming, busy, actions } = useOptionsStore();
  const { connection } = row;
  const isConfirming = confirming.value === connection.id;
  const disconnecting = busy.value === connection.id;
  const disconnectButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Keyboard users land on the confirmation's safe choice, and back on Disconnect when it closes.
  useEffect(() => {
    if (isConfirming) cancelButton.current?.focus();
    else if (wasConfirming.current) disconnectButton.current?.focus();
    wasConfirming.current = isConfirming;
  }, [isConfirming]);

  const stateClass = `state-${connection.status}`;
  return (
    <li class="connection-row">
      <div>
        <span class="row-label">{row.label}</span>
        <span class={`connection-status ${stateClass}`}>{row.status}</span>
        {connection.sync && connection.status !== "disconnected" && <SyncProgress sync={connection.sync} />}
        {!connection.sync && connection.status !== "disconnected" && <ReconciliationState connection={connection} />}
      </div>
      {row.canDisconnect && !isConfirming && (
        <Button ref={disconnectButton} disabled={disconnecting} onClick={() => actions.askDisconnect(connection.id)}>
          {disconnecting ? "Disconnecting…" : "Disconnect"}
        </Button>
      )}
      {isConfirming && (
        <fieldset
          class="confirm"
          onKeyDown={(event) => {
            if (event.key === "Escape") actions.cancelDisconnect();
          }}
        >
          <legend>
            Disconnect {providerName} ({row.label.toLowerCase()})? Sightline stops receiving its calls; past
            conversations stay.
          </legend>
          <div class="actions">
            <Button variant="danger" onClick={() => void actions.confirmDisconnect(connection)}>
              Yes, disconnect
            </Button>
            <Button ref={cancelButton} onClick={() => actions.cancelDisconnect()}>
              Cancel
            </Button>
          </div>
        </fieldset>
      )}
    </li>
  );
}
