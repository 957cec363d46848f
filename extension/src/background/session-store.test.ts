import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { SESSION_CHANGED_KEY } from "../shared/session-signal.ts";
import { sessionAccess } from "../test-setup.ts";
import { clearSession, loadSession, saveSession } from "./session-store.ts";
import { meBody } from "./test-fixtures.ts";

beforeEach(() => fakeBrowser.reset());

/** Everything storage.local holds, as text: content scripts can read all of it. */
const localText = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));

describe("session store", () => {
  it("keeps the token in storage.session and only the backend URL and a change marker in storage.local", async () => {
    await saveSession({ backendUrl: "https://s.example.com", token: "sl_secret", user: meBody.user, org: meBody.org });
    expect(await localText()).not.toContain("sl_secret");
    expect(await localText()).not.toContain(meBody.user.email);
    expect(await fakeBrowser.storage.local.get(null)).toMatchObject({
      session: { backendUrl: "https://s.example.com" },
      [SESSION_CHANGED_KEY]: expect.any(Number),
    });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain("sl_secret");
    // Chrome's default for storage.session, asked for explicitly: content scripts cannot read it.
    expect(sessionAccess.level).toBe("TRUSTED_CONTEXTS");
    expect(await loadSession()).toMatchObject({ token: "sl_secret", user: meBody.user, org: meBody.org });

    await clearSession();
    expect(await loadSession()).toEqual({ backendUrl: "https://s.example.com", token: null, user: null, org: null });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it("moves a token an older version left in storage.local into storage.session", async () => {
    await fakeBrowser.storage.local.set({
      session: { backendUrl: "http://127.0.0.1:8787", token: "sl_old", user: meBody.user, org: meBody.org },
    });
    expect(await loadSession()).toMatchObject({ backendUrl: "http://127.0.0.1:8787", token: "sl_old" });
    expect(await localText()).not.toContain("sl_old");
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).toContain("sl_old");
  });

  it("is signed out when the browser session ends (storage.session is not kept across restarts)", async () => {
    await saveSession({ backendUrl: "https://s.example.com", token: "sl_secret", user: meBody.user, org: meBody.org });
    await fakeBrowser.storage.session.clear();
    expect(await loadSession()).toEqual({ backendUrl: "https://s.example.com", token: null, user: null, org: null });
  });
});
