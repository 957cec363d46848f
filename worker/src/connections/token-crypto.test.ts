import { describe, expect, it } from "vitest";
import { importEncryptionKey, openCredentials, sealCredentials } from "./token-crypto.ts";

const KEY = btoa(String.fromCharCode(...new Uint8Array(32).map((_, i) => i)));

describe("credential sealing", () => {
  it("round-trips, with a fresh IV each time and no plaintext in the output", async () => {
    const key = await importEncryptionKey(KEY);
    const secret = { clientSecret: "s3cr3t-value", accessToken: "at-123" };
    const a = await sealCredentials(key, "org_1", "zoom", secret);
    const b = await sealCredentials(key, "org_1", "zoom", secret);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(atob(a.ciphertext)).not.toContain("s3cr3t");
    expect(await openCredentials(key, "org_1", "zoom", a)).toEqual(secret);
  });

  it("refuses a ciphertext moved to another organization or provider, or altered", async () => {
    const key = await importEncryptionKey(KEY);
    const sealed = await sealCredentials(key, "org_1", "zoom", { t: 1 });
    await expect(openCredentials(key, "org_2", "zoom", sealed)).rejects.toThrow();
    await expect(openCredentials(key, "org_1", "gong", sealed)).rejects.toThrow();
    const bytes = atob(sealed.ciphertext).split("");
    bytes[0] = String.fromCharCode((bytes[0] ?? "a").charCodeAt(0) ^ 1);
    await expect(
      openCredentials(key, "org_1", "zoom", { ...sealed, ciphertext: btoa(bytes.join("")) }),
    ).rejects.toThrow();
  });

  it("explains a missing or wrong-sized key", async () => {
    await expect(importEncryptionKey(undefined)).rejects.toThrow("not set");
    await expect(importEncryptionKey(btoa("short"))).rejects.toThrow("32 bytes");
  });
});
