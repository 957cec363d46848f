import { describe, expect, it } from "vitest";
import { backendUrlProblem, normalizeBackendUrl } from "./backend-url.ts";

describe("normalizeBackendUrl", () => {
  it("keeps only the origin of http(s) URLs", () => {
    expect(normalizeBackendUrl(" http://127.0.0.1:8787/ ")).toBe("http://127.0.0.1:8787");
    expect(normalizeBackendUrl("https://sightline.example.com/api/v1")).toBe("https://sightline.example.com");
  });

  it("rejects empty input, non-URLs and other schemes", () => {
    expect(normalizeBackendUrl("")).toBe(null);
    expect(normalizeBackendUrl("127.0.0.1:8787")).toBe(null);
    expect(normalizeBackendUrl("not a url")).toBe(null);
    expect(normalizeBackendUrl("file:///etc/passwd")).toBe(null);
    expect(normalizeBackendUrl("javascript:alert(1)")).toBe(null);
  });
});

describe("backendUrlProblem", () => {
  it("allows https anywhere and plain http only on loopback", () => {
    expect(backendUrlProblem("https://sightline.example.com")).toBe(null);
    expect(backendUrlProblem("http://127.0.0.1:8787")).toBe(null);
    expect(backendUrlProblem("http://localhost:9000")).toBe(null);
    expect(backendUrlProblem("http://sightline.example.com")).toMatch(/https/);
    expect(backendUrlProblem("http://127.0.0.1.example.com")).toMatch(/https/);
    expect(backendUrlProblem("http://10.0.0.5:8787")).toMatch(/https/);
  });
});
