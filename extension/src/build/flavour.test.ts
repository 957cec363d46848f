import { describe, expect, it } from "vitest";
import { LOOPBACK_ORIGINS, manifestFor, sidebarShadowMode } from "./flavour.ts";

const loopback = (patterns: string[]) => patterns.filter((p) => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])/.test(p));

describe("build flavours", () => {
  it("ship no loopback host permission: a local backend is asked for at sign-in like any other", () => {
    const production = manifestFor("production");
    expect(loopback(production.host_permissions)).toEqual([]);
    expect(production.optional_host_permissions).toEqual(expect.arrayContaining(LOOPBACK_ORIGINS));
    expect(production.host_permissions.every((p) => p.startsWith("https://"))).toBe(true);
    // Any mode other than development (WXT's default is production) is the shipped flavour.
    expect(manifestFor("staging").host_permissions).toEqual(production.host_permissions);
  });

  it("grant loopback in the development build that pnpm dev and the e2e tests load", () => {
    expect(loopback(manifestFor("development").host_permissions)).toEqual(LOOPBACK_ORIGINS);
  });

  it("close the sidebar's shadow root except in the development build", () => {
    expect(sidebarShadowMode("production")).toBe("closed");
    expect(sidebarShadowMode("test")).toBe("closed");
    expect(sidebarShadowMode("development")).toBe("open");
  });
});
