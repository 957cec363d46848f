import { describe, expect, it } from "vitest";
import { accountItem } from "../background/test-fixtures.ts";
import { fail, ok, type Request, type Result } from "../shared/messages.ts";
import { searchPath } from "../shared/page-urls.ts";
import type { Send } from "../ui/send-message.ts";
import { createSearchPageStore } from "./search-page-store.ts";

function fakeSend(answer: (request: Request) => Result<unknown>) {
  const calls: Request[] = [];
  const send = (async (request: Request) => {
    calls.push(request);
    return answer(request);
  }) as Send;
  return { send, calls };
}

describe("search page store", () => {
  it("offers the user's accounts as a filter, searches on submit and reports the query for the URL", async () => {
    const acme = accountItem("Acme Corp", ["acme.com"]);
    const { send, calls } = fakeSend((r) =>
      r.type === "searchAccounts" ? ok({ scope: "mine", accounts: [acme] }) : ok({ hits: [], nextCursor: null }),
    );
    const queries: string[] = [];
    const store = createSearchPageStore({ send, onQuery: (q) => queries.push(q) });
    await store.loadAccounts();
    expect(store.accounts.value).toEqual([acme]);
    store.setQuery(" renewal* ");
    await store.submit();
    expect(queries).toEqual(["renewal*"]);
    expect(calls.at(-1)).toEqual({ type: "searchConversations", q: "renewal*" });
    expect(store.state.value).toMatchObject({ status: "ready", q: "renewal*", hits: [] });
    await store.setFilters({ accountId: acme.id });
    expect(calls.at(-1)).toEqual({ type: "searchConversations", q: "renewal*", accountId: acme.id });
    expect(searchPath("renewal*")).toBe("/search.html?q=renewal*");
    expect(searchPath("  ")).toBe("/search.html");
  });

  it("leaves the account filter at all accounts when the list cannot load", async () => {
    const store = createSearchPageStore({ send: fakeSend(() => fail("network", "down", "http://b")).send });
    await store.loadAccounts();
    expect(store.accounts.value).toEqual([]);
  });
});
