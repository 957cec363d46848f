import { describe, expect, it } from "vitest";
import { call, createTestOrg } from "../test/api-client.ts";

describe("Server-Timing", () => {
  it("API answers carry the Worker's own time, errors included; other routes do not", async () => {
    const { adminToken } = await createTestOrg();
    const me = await call("GET", "/api/v1/me", { token: adminToken });
    expect(me.status).toBe(200);
    expect(me.headers.get("server-timing")).toMatch(/^total;dur=\d+(\.\d+)?;desc="Worker"$/);
    const refused = await call("GET", "/api/v1/me");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("server-timing")).toMatch(/^total;dur=/);
    const health = await call("GET", "/healthz");
    expect(health.headers.get("server-timing")).toBeNull();
  });
});
