import type { ImportAccountsResponse } from "@sightline/shared";
import { describe, expect, it } from "vitest";
import { meBody } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import type { sendMessage } from "../ui/send-message.ts";
import { createOptionsStore } from "./store.ts";

const CSV = "name,domains\nAcme,acme.com\n,nobody.com\nGlobex,globex.com\n";

function answer(commit: boolean): ImportAccountsResponse {
  const row = (line: number, name: string | null, action: "create" | "skip", errors: string[] = []) => ({
    line,
    name,
    domains: [],
    salesforceId: null,
    hubspotId: null,
    leadSource: null,
    action,
    accountId: commit && action === "create" ? `acc_${line}` : null,
    errors,
  });
  return {
    committed: commit,
    ignoredColumns: [],
    summary: { create: 2, update: 0, skip: 1 },
    rows: [row(2, "Acme", "create"), row(3, null, "skip", ["name is required"]), row(4, "Globex", "create")],
  };
}

function setup(override: (request: Request) => Result<unknown> | undefined = () => undefined) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    const given = override(request);
    if (given) return given;
    switch (request.type) {
      case "getSession":
        return ok({ signedIn: true, backendUrl: "http://127.0.0.1:8787", user: meBody.user, org: meBody.org });
      case "importAccounts":
        return ok(answer(request.commit));
      default:
        return fail("invalid", `not part of this test: ${request.type}`);
    }
  }) as typeof sendMessage;
  const store = createOptionsStore({ send });
  return { store, imports: store.accountImport, calls };
}

describe("admin console: account CSV import", () => {
  it("previews, then imports the rows without errors and shows what was written", async () => {
    const { imports, calls } = setup();
    imports.actions.setCsv(CSV, "accounts.csv");
    await imports.actions.previewImport();
    expect(calls).toContainEqual({ type: "importAccounts", csv: CSV, commit: false });
    expect(imports.preview.value?.rows[1]?.errors).toEqual(["name is required"]);
    expect(imports.importable.value).toBe(2);

    await imports.actions.commitImport();
    expect(calls).toContainEqual({ type: "importAccounts", csv: CSV, commit: true });
    expect(imports.preview.value).toBeNull();
    expect(imports.result.value?.committed).toBe(true);
    expect(imports.notice.value).toEqual({ tone: "info", text: "Imported: 2 accounts created, 0 updated, 1 skipped." });
    expect(imports.csv.value).toBe("");
  });

  it("sends nothing for empty text, and never commits without a preview of the current text", async () => {
    const { imports, calls } = setup();
    await imports.actions.previewImport();
    expect(imports.notice.value?.tone).toBe("error");
    imports.actions.setCsv(CSV);
    await imports.actions.previewImport();
    imports.actions.setCsv(`${CSV}Initech,initech.com\n`);
    expect(imports.preview.value).toBeNull();
    await imports.actions.commitImport();
    expect(calls.filter((c) => c.type === "importAccounts" && c.commit)).toHaveLength(0);
  });

  it("keeps the preview and says why when the backend refuses the commit", async () => {
    const { imports } = setup((r) =>
      r.type === "importAccounts" && r.commit ? fail("server", "The backend answered: csv: too many rows") : undefined,
    );
    imports.actions.setCsv(CSV);
    await imports.actions.previewImport();
    await imports.actions.commitImport();
    expect(imports.preview.value?.rows).toHaveLength(3);
    expect(imports.result.value).toBeNull();
    expect(imports.notice.value?.text).toContain("too many rows");
  });
});
