// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import gmailHtml from "./fixtures/gmail-thread.html?raw";
import hubspotHtml from "./fixtures/hubspot-company.html?raw";
import accountHtml from "./fixtures/salesforce-account.html?raw";
import opportunityHtml from "./fixtures/salesforce-opportunity.html?raw";
import { showFixture } from "./fixtures/show.ts";
import {
  DOM_DEBOUNCE_MS,
  DOM_MAX_WAIT_MS,
  type HostPage,
  resolveHostPage,
  URL_DEBOUNCE_MS,
  URL_POLL_MS,
  type WatchedWindow,
  watchHostPage,
  watchUrl,
} from "./navigation.ts";

const ACCOUNT_URL = "https://acme.lightning.force.com/lightning/r/Account/001D000000IqhSLIAZ/view";
const OPPORTUNITY_URL = "https://acme.lightning.force.com/lightning/r/Opportunity/0066g00000AbCdEAAV/view";
const LIST_URL = "https://acme.lightning.force.com/lightning/o/Account/list?filterName=Recent";

/** A window whose URL the test sets, with events, timers (faked by vitest) and the test DOM. */
function fakeWindow(href: string) {
  const events = new EventTarget();
  const navigation = new EventTarget();
  const win = {
    location: { href },
    document,
    navigation,
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: number) => clearTimeout(id),
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: number) => clearInterval(id),
    MutationObserver,
  };
  return {
    win: win as unknown as WatchedWindow,
    events,
    navigation,
    go(url: string) {
      win.location.href = url;
    },
  };
}

/** Lets happy-dom deliver MutationObserver records, then runs timers due within `ms`. */
async function settle(ms: number) {
  await vi.advanceTimersByTimeAsync(0);
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  document.documentElement.innerHTML = "<head></head><body></body>";
});

describe("resolveHostPage", () => {
  it("dispatches to the reader of the URL's host", () => {
    const salesforce = resolveHostPage(ACCOUNT_URL, showFixture(accountHtml));
    expect(salesforce?.host).toBe("salesforce");
    expect(salesforce?.host === "salesforce" && salesforce.record.accountName).toBe("Globex Corporation");

    const hubspot = resolveHostPage(
      "https://app.hubspot.com/contacts/4412345/record/0-2/18011223344",
      showFixture(hubspotHtml),
    );
    expect(hubspot?.host === "hubspot" && hubspot.record.name).toBe("Globex Corporation");

    const gmail = resolveHostPage(
      "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmkNPwNfqxrCvXvHclvm",
      showFixture(gmailHtml),
    );
    expect(gmail?.host === "gmail" && gmail.thread.participants).toEqual([
      "bob@globex.com",
      "carol@globex.com",
      "dan@initech.example",
    ]);
  });

  it("is null off records and threads, and on other sites", () => {
    const doc = showFixture(accountHtml);
    expect(resolveHostPage(LIST_URL, doc)).toBe(null);
    expect(resolveHostPage("https://mail.google.com/mail/u/0/#inbox", doc)).toBe(null);
    expect(resolveHostPage("https://example.com/lightning/r/Account/001D000000IqhSLIAZ/view", doc)).toBe(null);
  });
});

describe("watchUrl", () => {
  it("reports a pushState navigation found by polling, once, after the debounce; never the starting URL", async () => {
    const page = fakeWindow(ACCOUNT_URL);
    const onChange = vi.fn();
    const watcher = watchUrl({ win: page.win, onChange });
    await settle(URL_POLL_MS * 3);
    expect(onChange).not.toHaveBeenCalled();

    page.go(OPPORTUNITY_URL);
    await settle(URL_POLL_MS - 1);
    expect(onChange).not.toHaveBeenCalled();
    await settle(URL_DEBOUNCE_MS + 1);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenLastCalledWith(OPPORTUNITY_URL);
    await settle(URL_POLL_MS * 3);
    expect(onChange).toHaveBeenCalledTimes(1);
    watcher.stop();
  });

  it("reports a burst (pushState then replaceState) once, with the final URL", async () => {
    const page = fakeWindow(ACCOUNT_URL);
    const onChange = vi.fn();
    const watcher = watchUrl({ win: page.win, onChange, pollMs: 10, debounceMs: 50 });
    page.go("https://acme.lightning.force.com/lightning/r/001D000000IqhSLIAZ/view");
    await settle(20);
    page.go(OPPORTUNITY_URL);
    await settle(100);
    expect(onChange.mock.calls).toEqual([[OPPORTUNITY_URL]]);
    watcher.stop();
  });

  it.each(["popstate", "hashchange"])("reacts to %s before the next poll", async (type) => {
    const page = fakeWindow(ACCOUNT_URL);
    const onChange = vi.fn();
    const watcher = watchUrl({ win: page.win, onChange, pollMs: 10_000 });
    page.go(OPPORTUNITY_URL);
    page.events.dispatchEvent(new Event(type));
    await settle(URL_DEBOUNCE_MS);
    expect(onChange).toHaveBeenCalledWith(OPPORTUNITY_URL);
    watcher.stop();
  });

  it("reacts to the Navigation API's currententrychange before the next poll", async () => {
    const page = fakeWindow(ACCOUNT_URL);
    const onChange = vi.fn();
    const watcher = watchUrl({ win: page.win, onChange, pollMs: 10_000 });
    page.go(OPPORTUNITY_URL);
    page.navigation.dispatchEvent(new Event("currententrychange"));
    await settle(URL_DEBOUNCE_MS);
    expect(onChange).toHaveBeenCalledWith(OPPORTUNITY_URL);
    watcher.stop();
  });

  it("reports nothing after stop(), even a change already pending", async () => {
    const page = fakeWindow(ACCOUNT_URL);
    const onChange = vi.fn();
    const watcher = watchUrl({ win: page.win, onChange });
    page.go(OPPORTUNITY_URL);
    page.events.dispatchEvent(new Event("popstate"));
    watcher.stop();
    page.go(LIST_URL);
    page.events.dispatchEvent(new Event("popstate"));
    page.navigation.dispatchEvent(new Event("currententrychange"));
    await settle(URL_POLL_MS * 5);
    expect(onChange).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("watchHostPage", () => {
  function start(url: string, html: string) {
    showFixture(html);
    const page = fakeWindow(url);
    const seen: (HostPage | null)[] = [];
    const watcher = watchHostPage({ win: page.win, onChange: (hostPage) => seen.push(hostPage) });
    return { page, seen, watcher };
  }

  it("reports the starting page at once, then each in-app navigation, and null off records", async () => {
    const { page, seen, watcher } = start(ACCOUNT_URL, accountHtml);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.host === "salesforce" && seen[0].record.recordId).toBe("001D000000IqhSLIAZ");

    showFixture(opportunityHtml);
    page.go(OPPORTUNITY_URL);
    await settle(URL_POLL_MS + URL_DEBOUNCE_MS + DOM_MAX_WAIT_MS);
    const last = seen[seen.length - 1];
    expect(last?.host === "salesforce" && last.record).toMatchObject({
      recordId: "0066g00000AbCdEAAV",
      accountRecordId: "001D000000IqhSLIAZ",
    });

    page.go(LIST_URL);
    await settle(URL_POLL_MS + URL_DEBOUNCE_MS);
    expect(seen[seen.length - 1]).toBe(null);
    watcher.stop();
  });

  it("reports again when a late-rendering view fills in the account, without a URL change", async () => {
    const { seen, watcher } = start(OPPORTUNITY_URL, "<html><body><div id=app></div></body></html>");
    expect(seen).toEqual([
      { host: "salesforce", record: { crm: "salesforce", objectType: "Opportunity", recordId: "0066g00000AbCdEAAV" } },
    ]);
    const rendered = new DOMParser().parseFromString(opportunityHtml, "text/html").body.innerHTML;
    const app = document.getElementById("app");
    if (!app) throw new Error("no app root");
    app.innerHTML = rendered;
    await settle(DOM_DEBOUNCE_MS - 10);
    expect(seen).toHaveLength(1);
    await settle(20);
    expect(seen).toHaveLength(2);
    expect(seen[1]?.host === "salesforce" && seen[1].record.accountName).toBe("Globex Corporation");
    watcher.stop();
  });

  it("stays quiet when the DOM changes but what the page identifies does not", async () => {
    const { seen, watcher } = start(ACCOUNT_URL, accountHtml);
    for (let i = 0; i < 5; i++) {
      document.body.insertAdjacentHTML("beforeend", `<div class="toast">saved ${i}</div>`);
      await settle(DOM_DEBOUNCE_MS * 2);
    }
    expect(seen).toHaveLength(1);
    watcher.stop();
  });

  it("still reads within the max wait while the page never stops mutating", async () => {
    const { seen, watcher } = start(ACCOUNT_URL, "<html><body><div id=app></div></body></html>");
    const app = document.getElementById("app");
    if (!app) throw new Error("no app root");
    app.innerHTML = new DOMParser().parseFromString(accountHtml, "text/html").body.innerHTML;
    // A clock ticking every 50 ms, faster than the debounce: only the max wait lets the read happen.
    for (let elapsed = 0; elapsed < DOM_MAX_WAIT_MS + 100; elapsed += 50) {
      app.insertAdjacentHTML("beforeend", `<span class="clock">${elapsed}</span>`);
      await settle(50);
    }
    expect(seen[seen.length - 1]?.host === "salesforce" && seen[seen.length - 1]).toMatchObject({
      record: { accountName: "Globex Corporation" },
    });
    watcher.stop();
  });

  it("stops observing and polling on stop()", async () => {
    const { page, seen, watcher } = start(ACCOUNT_URL, accountHtml);
    watcher.stop();
    page.go(OPPORTUNITY_URL);
    document.body.insertAdjacentHTML("beforeend", "<p>late</p>");
    await settle(DOM_MAX_WAIT_MS * 2);
    expect(seen).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
