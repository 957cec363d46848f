import type { Connection, Provider, User } from "@sightline/shared";
import { formatDate } from "../ui/format.ts";

/** One line of a provider card: the organization's account connection or the user's own. */
export type ConnectionRow = {
  connection: Connection;
  label: string;
  status: string;
  /** Admins may disconnect any connection; members only their own per-user ones. */
  canDisconnect: boolean;
};

/** The words for a connection's state; server text (ids, last error) is returned as plain text. */
export function connectionStatus(connection: Connection): string {
  switch (connection.status) {
    case "active": {
      const who =
        connection.scope === "user"
          ? (connection.externalUserId ?? connection.externalAccountId)
          : (connection.externalAccountId ?? connection.externalUserId);
      return who ? `Connected as ${who}` : "Connected";
    }
    case "error":
      return `Error: ${connection.lastError ?? "unknown error"}`;
    case "disconnected":
      return "Disconnected";
  }
}

/**
 * The rows a provider's card shows for `user`: the newest organization-wide (account) connection and
 * the newest of the user's own. Other users' personal connections are theirs to see.
 */
export function connectionRows(connections: Connection[], provider: Provider, user: User): ConnectionRow[] {
  const newest = (items: Connection[]) =>
    items.reduce<Connection | undefined>(
      (best, item) => (!best || item.updatedAt > best.updatedAt ? item : best),
      undefined,
    );
  const ofProvider = connections.filter((c) => c.provider === provider);
  const account = newest(ofProvider.filter((c) => c.scope === "account"));
  const own = newest(ofProvider.filter((c) => c.scope === "user" && c.userId === user.id));
  const rows: ConnectionRow[] = [];
  if (account) {
    rows.push({
      connection: account,
      label: "Organization account",
      status: connectionStatus(account),
      canDisconnect: user.role === "admin" && account.status !== "disconnected",
    });
  }
  if (own) {
    rows.push({
      connection: own,
      label: "Your account",
      status: connectionStatus(own),
      canDisconnect: own.status !== "disconnected",
    });
  }
  return rows;
}

export const PROVIDER_NAMES: Record<Provider, string> = {
  zoom: "Zoom",
  zoom_contact_center: "Zoom Contact Center",
  gong: "Gong",
};

/** "Dec 3, 2026 03:15 UTC": the time of a sync, the same for everyone who reads the card. */
function formatSyncTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${formatDate(iso)} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/**
 * Zoom's and Contact Center's reconciliation as a card line: when it last listed from the provider,
 * how far it has listed, and whether a run is catching up. Null for a connection without one (Gong
 * shows its own pull progress).
 */
export function reconciliationText(connection: Connection): string | null {
  const r = connection.reconciliation;
  if (!r) return null;
  return [
    r.lastSyncAt
      ? `Last sync ${formatSyncTime(r.lastSyncAt)}`
      : "Not synced yet: the nightly reconciliation runs at 03:15 UTC",
    r.listedThrough ? `listed through ${formatDate(r.listedThrough)}` : null,
    r.running ? "catching up (continues every 15 minutes)" : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** A last error to show beside a working connection (a failed reconciliation leaves it connected). */
export function lastErrorOf(connection: Connection): string | null {
  return connection.status === "active" ? connection.lastError : null;
}

/** One of a user's personal (per-user) connections, as the admin console lists it. */
export type PersonalConnectionLine = { id: string; provider: string; status: string; updatedAt: string };

/**
 * A user's personal connections for an admin: the newest per provider (an older disconnected one
 * says nothing once they reconnect), in the provider order of the cards.
 */
export function personalConnectionLines(connections: Connection[], userId: string): PersonalConnectionLine[] {
  const lines: PersonalConnectionLine[] = [];
  for (const provider of Object.keys(PROVIDER_NAMES) as Provider[]) {
    const newest = connections
      .filter((c) => c.provider === provider && c.scope === "user" && c.userId === userId)
      .reduce<Connection | undefined>((best, c) => (!best || c.updatedAt > best.updatedAt ? c : best), undefined);
    if (newest)
      lines.push({
        id: newest.id,
        provider: PROVIDER_NAMES[provider],
        status: connectionStatus(newest),
        updatedAt: newest.updatedAt,
      });
  }
  return lines;
}
