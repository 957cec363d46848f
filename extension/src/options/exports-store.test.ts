import type { DataExport } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { safeDownloadUrl } from "./exports-store.ts";
import { createOptionsStore } from "./store.ts";

const at = "2026-12-03T10:00:00.000Z";
const started: DataExport = {
  id: "exp_1",
  scope: "account",
  accountId: "acc_1",
  requestedByUserId: meBody.user.id,
  status: "pending",
  phase: "accounts",
  lines: {},
  parts: 0,
  bytes: 0,
  error: null,
  createdAt: at,
  completedAt: null,
  download: null,
};
const done: DataExport = {
  ...started,
  status: "done",
  phase: "done",
  lines: { account: 1, conversation: 3 },
  completedAt: at,
  download: { url: "http://127.0.0.1:8787/api/v1/exports/exp_1/download?sig=abc", expiresAt: at },
};

function setup(override: (request: Request) => Result<unknown> | undefined = () => undefined) {
  const calls: Request[] = [];
  const progress: DataExport[] = [{ ...started, status: "running", phase: "conversations" }, done];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org });
      case "listExports":
        return ok([]);
      case "createExport":
        return ok(started);
      case "getExport":
        return ok(progress.shift() ?? done);
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  const store = createOptionsStore({ send, pollMs: 5 });
  return { store, exports: store.dataExports, calls };
}

describe("admin console: exports", () => {
  it("starts an account export and polls it until the download link is there", async () => {
    const { store, exports, calls } = setup();
    await store.actions.load();
    await exports.actions.start({ id: "acc_1", name: "Acme" });
    expect(calls).toContainEqual({ type: "createExport", accountId: "acc_1" });
    expect(exports.notice.value?.text).toContain("Acme");
    for (let i = 0; i < 200; i++) {
      const list = exports.exports.value;
      if (list.status === "ready" && list.value[0]?.status === "done") break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const list = exports.exports.value;
    expect(list.status === "ready" && list.value[0] && safeDownloadUrl(list.value[0])).toBe(done.download?.url);
  });

  it("offers only web links for download", () => {
    expect(safeDownloadUrl(started)).toBeNull();
    expect(safeDownloadUrl({ ...done, download: { url: "javascript:alert(1)", expiresAt: at } })).toBeNull();
    expect(safeDownloadUrl({ ...done, download: { url: "not a url", expiresAt: at } })).toBeNull();
  });

  it("says why the backend refused an export", async () => {
    const { store, exports } = setup((r) =>
      r.type === "createExport" ? fail("server", "The backend answered: account not found") : undefined,
    );
    await store.actions.load();
    await exports.actions.start(null);
    expect(exports.notice.value).toEqual({ tone: "error", text: expect.stringContaining("account not found") });
  });
});
