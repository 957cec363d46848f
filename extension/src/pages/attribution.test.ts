// @vitest-environment happy-dom
import type { AttributionReport, AttributionRow } from "@sightline/shared";
import { h, render } from "preact";
import { describe, expect, it, vi } from "vitest";
import { fail, ok, type Request } from "../shared/messages.ts";
import { barLengths } from "../ui/chart.ts";
import type { Send } from "../ui/send-message.ts";
import { AttributionPage } from "./AttributionPage.tsx";
import { attributionBars, createAttributionStore, formatFigure } from "./attribution-store.ts";

const none = { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: null };
const row = (label: string, over: Partial<AttributionRow> = {}): AttributionRow => ({
  leadSource: none,
  label,
  accounts: 2,
  conversations: 5,
  averageClosingProbability: 61.6,
  wins: 3,
  issues: 1,
  positiveLatestShare: 0.5,
  accountsWithLatestCall: 2,
  ...over,
});
const report = (rows: AttributionRow[]): AttributionReport => ({
  period: { from: "2026-09-04T00:00:00.000Z", to: "2026-12-03T00:00:00.000Z" },
  by: "lead_source",
  rows,
});

function setup(answer: (message: Request) => unknown) {
  const send = vi.fn(async (message: Request) => answer(message)) as unknown as Send & ReturnType<typeof vi.fn>;
  return { send, store: createAttributionStore({ send }) };
}

describe("attribution store", () => {
  it("loads the period's report and reloads on a period change, keeping the table while it updates", async () => {
    const { store, send } = setup((m) =>
      m.type === "getAttribution" && m.period === "30d"
        ? ok(report([row("crm: Webinar")]))
        : ok(report([row("(none)")])),
    );
    await store.load();
    expect(send).toHaveBeenLastCalledWith({ type: "getAttribution", period: "90d" });
    expect(store.view.value).toMatchObject({ kind: "ready", report: { rows: [{ label: "(none)" }] } });
    const pending = store.setPeriod("30d");
    expect(store.view.value).toMatchObject({ kind: "ready", updating: true });
    await pending;
    expect(store.view.value).toMatchObject({
      kind: "ready",
      updating: false,
      report: { rows: [{ label: "crm: Webinar" }] },
    });
    await store.setPeriod("30d");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("drops an answer for a period no longer chosen, and words failures with the shared states", async () => {
    let release: (v: unknown) => void = () => {};
    const answers: Array<Promise<unknown>> = [
      new Promise((r) => (release = r)),
      Promise.resolve(ok(report([row("utm: google / cpc / spring")]))),
    ];
    const { store } = setup(() => answers.shift());
    const first = store.load();
    await store.setPeriod("7d");
    release(ok(report([row("stale")])));
    await first;
    expect(store.view.value).toMatchObject({ report: { rows: [{ label: "utm: google / cpc / spring" }] } });

    const signedOut = setup(() => fail("unauthorized", "no"));
    await signedOut.store.load();
    expect(signedOut.store.view.value).toEqual({ kind: "signedOut" });
    const broken = setup(() => fail("server", "Period must be one of 7d, 30d"));
    await broken.store.load();
    expect(broken.store.view.value).toEqual({ kind: "error", message: "Period must be one of 7d, 30d" });
  });

  it("formats figures and bars: percentages for probability and share, a dash and an empty bar for none", () => {
    const r = row("(none)", { averageClosingProbability: null, positiveLatestShare: 0.667 });
    expect(formatFigure(r, "averageClosingProbability")).toBe("–");
    expect(formatFigure(r, "positiveLatestShare")).toBe("67%");
    expect(formatFigure(row("x"), "averageClosingProbability")).toBe("62%");
    expect(attributionBars([r, row("crm: Webinar", { wins: 6 })], "wins")).toEqual([
      { key: "(none)", label: "(none)", value: 3, valueText: "3" },
      { key: "crm: Webinar", label: "crm: Webinar", value: 6, valueText: "6" },
    ]);
    expect(attributionBars([r], "averageClosingProbability")[0]?.value).toBe(0);
    expect(barLengths([0, 5, 10, 0.01], 200)).toEqual([0, 100, 200, 1]);
    expect(barLengths([0, 0], 200)).toEqual([0, 0]);
  });
});

describe("attribution page", () => {
  it("draws a table per lead source and an SVG bar chart whose text a test can read, never HTML from the server", async () => {
    const evil = "<img src=x onerror=alert(1)>";
    const { store } = setup(() =>
      ok(report([row("crm: Webinar", { conversations: 8 }), row(evil, { conversations: 2 })])),
    );
    await store.load();
    const root = document.createElement("div");
    render(h(AttributionPage, { store }), root);
    const chart = root.querySelector("svg[role='img']");
    expect(chart?.getAttribute("aria-label")).toBe("Conversations per lead source, Last 90d");
    const texts = [...(chart?.querySelectorAll("text") ?? [])].map((t) => t.textContent);
    expect(texts).toEqual(["crm: Webinar", "8", evil, "2"]);
    const widths = [...(chart?.querySelectorAll("rect") ?? [])].map((r) => Number(r.getAttribute("width")));
    expect(widths[0]).toBeGreaterThan(widths[1] ?? Infinity);
    expect(root.querySelector("img")).toBeNull();
    const cells = [...root.querySelectorAll("tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells[0]).toEqual(["crm: Webinar", "2", "8", "62%", "3", "1", "50%"]);
    store.setMetric("wins");
    await new Promise((r) => setTimeout(r, 0));
    expect(root.querySelector("svg")?.getAttribute("aria-label")).toBe("Wins per lead source, Last 90d");
    render(null, root);
  });
});
