import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { handleMessage } from "../router.ts";
import { loadSession, saveSession } from "../session-store.ts";
import { jsonResponse, meBody, sentRequest, unauthorizedBody } from "../test-fixtures.ts";

/** The attribution page (an extension page). */
const self = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL("/attribution.html") };
const gmail = { id: fakeBrowser.runtime.id, url: "https://mail.google.com/mail/u/0/#inbox/abc" };
const fetchMock = vi.fn<typeof fetch>();
const BACKEND = "http://127.0.0.1:9999";

const report = {
  period: { from: "2026-09-04T00:00:00.000Z", to: "2026-12-03T00:00:00.000Z" },
  by: "lead_source",
  rows: [
    {
      leadSource: { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: "Webinar" },
      label: "crm: Webinar",
      accounts: 1,
      conversations: 1,
      averageClosingProbability: 80,
      wins: 6,
      issues: 3,
      positiveLatestShare: 0,
      accountsWithLatestCall: 1,
    },
  ],
};

beforeEach(async () => {
  fakeBrowser.reset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  await saveSession({ backendUrl: BACKEND, token: "tok_good", user: meBody.user, org: meBody.org });
});

describe("getAttribution", () => {
  it("asks for the period's report with the token and checks the body", async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, report));
    expect(await handleMessage({ type: "getAttribution", period: "30d" }, self)).toEqual({ ok: true, value: report });
    const { url, headers } = sentRequest(fetchMock.mock.calls[0]);
    expect(url).toBe(`${BACKEND}/api/v1/reports/attribution?period=30d`);
    expect(headers.get("Authorization")).toBe("Bearer tok_good");
    fetchMock.mockResolvedValue(jsonResponse(200, { rows: "no" }));
    expect(await handleMessage({ type: "getAttribution", period: "30d" }, self)).toMatchObject({
      ok: false,
      error: { kind: "server" },
    });
  });

  it("refuses a bad period and a content script, and forgets the token on a 401", async () => {
    expect(await handleMessage({ type: "getAttribution", period: "2w" }, self)).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    expect(await handleMessage({ type: "getAttribution", period: "30d" }, gmail)).toMatchObject({
      ok: false,
      error: { kind: "invalid" },
    });
    expect(fetchMock).not.toHaveBeenCalled();
    fetchMock.mockResolvedValue(jsonResponse(401, unauthorizedBody));
    expect(await handleMessage({ type: "getAttribution", period: "7d" }, self)).toMatchObject({
      ok: false,
      error: { kind: "unauthorized" },
    });
    expect((await loadSession()).token ?? null).toBeNull();
  });
});
