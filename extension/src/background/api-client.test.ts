import { MeResponseSchema } from "@sightline/shared";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { callApi, callApiOrMissing } from "./api-client.ts";
import { jsonResponse, meBody, sentRequest } from "./test-fixtures.ts";

const fetchMock = vi.fn<typeof fetch>();
const target = { backendUrl: "http://127.0.0.1:9999", token: "tok_good" };
const me = () => callApi(target, (api, init) => api.GET("/me", init), MeResponseSchema);

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

describe("callApi (openapi-fetch typed by the generated paths)", () => {
  it("calls the path under /api/v1 with the bearer token and answers the checked body", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, meBody));
    expect(await me()).toEqual({ ok: true, value: meBody });
    const sent = sentRequest(fetchMock.mock.lastCall);
    expect(sent).toMatchObject({ url: "http://127.0.0.1:9999/api/v1/me", method: "GET" });
    expect(sent.headers.get("authorization")).toBe("Bearer tok_good");
  });

  it("tells an unreachable backend from one that answered something unreadable", async () => {
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await me()).toMatchObject({ ok: false, error: { kind: "network", backendUrl: target.backendUrl } });
    fetchMock.mockResolvedValueOnce(new Response("<html>proxy login</html>", { status: 200 }));
    expect(await me()).toMatchObject({
      ok: false,
      error: { kind: "server", message: "The backend sent an answer Sightline does not understand" },
    });
  });

  it("words an error body by its message, and a 404 as null only where asked", async () => {
    const missing = { error: { code: "not_found", message: "no such account", requestId: "r" } };
    fetchMock.mockImplementation(async () => jsonResponse(404, missing));
    expect(await me()).toMatchObject({
      ok: false,
      error: { kind: "server", message: "The backend answered: no such account" },
    });
    const lookup = await callApiOrMissing(target, (api, init) => api.GET("/me", init), MeResponseSchema);
    expect(lookup).toEqual({ ok: true, value: null });
  });
});
