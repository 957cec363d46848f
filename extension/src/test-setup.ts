import { fakeBrowser } from "wxt/testing/fake-browser";

/**
 * WXT's fakeBrowser has no storage.session.setAccessLevel; this in-memory one records the level so a
 * test can check the background asked for trusted contexts only (background/session-store.test.ts).
 */
export const sessionAccess = { level: "TRUSTED_AND_UNTRUSTED_CONTEXTS_UNSET" as string };
Object.assign(fakeBrowser.storage.session, {
  async setAccessLevel({ accessLevel }: { accessLevel: string }) {
    sessionAccess.level = accessLevel;
  },
});
