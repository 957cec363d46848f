import type { Connection } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { lastErrorOf, personalConnectionLines, reconciliationText } from "./connection-view.ts";

const at = "2026-12-03T03:15:00.000Z";
const zoom: Connection = {
  id: "conn_1",
  provider: "zoom",
  scope: "account",
  userId: null,
  externalAccountId: "zacct",
  externalUserId: null,
  status: "active",
  lastError: null,
  createdAt: at,
  updatedAt: at,
};

describe("connection cards: reconciliation", () => {
  it("says when Zoom or Contact Center last synced, how far it listed, and whether it is catching up", () => {
    expect(
      reconciliationText({
        ...zoom,
        reconciliation: { lastSyncAt: "2026-12-03T03:16:07.000Z", listedThrough: "2026-12-03", running: false },
      }),
    ).toBe("Last sync Dec 3, 2026 03:16 UTC · listed through Dec 3, 2026");
    expect(
      reconciliationText({
        ...zoom,
        provider: "zoom_contact_center",
        reconciliation: { lastSyncAt: null, listedThrough: null, running: true },
      }),
    ).toBe("Not synced yet: the nightly reconciliation runs at 03:15 UTC · catching up (continues every 15 minutes)");
    expect(reconciliationText(zoom)).toBeNull();
  });

  it("shows the last error of a connection that still works; an errored one says it in its status", () => {
    expect(lastErrorOf({ ...zoom, lastError: "reconciliation: recordings list: Zoom answered 403" })).toBe(
      "reconciliation: recordings list: Zoom answered 403",
    );
    expect(lastErrorOf({ ...zoom, status: "error", lastError: "token revoked" })).toBeNull();
  });
});

describe("admin console: a user's personal connections", () => {
  const mine = (over: Partial<Connection>): Connection => ({
    ...zoom,
    scope: "user",
    userId: "usr_ada",
    externalUserId: "ada-zoom-id",
    ...over,
  });
  it("lists the newest per provider with its status, and nothing of the organization's or other users'", () => {
    const lines = personalConnectionLines(
      [
        zoom, // the organization's account connection
        mine({ id: "conn_old", status: "disconnected", updatedAt: "2026-11-01T00:00:00.000Z" }),
        mine({ id: "conn_new" }),
        mine({ id: "conn_gong", provider: "gong", status: "error", lastError: "token revoked" }),
        mine({ id: "conn_bob", userId: "usr_bob" }),
      ],
      "usr_ada",
    );
    expect(lines).toEqual([
      { id: "conn_new", provider: "Zoom", status: "Connected as ada-zoom-id", updatedAt: at },
      { id: "conn_gong", provider: "Gong", status: "Error: token revoked", updatedAt: at },
    ]);
    expect(personalConnectionLines([zoom], "usr_ada")).toEqual([]);
  });
});
