import type { Connection, Provider, User } from "@sightline/shared";

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
