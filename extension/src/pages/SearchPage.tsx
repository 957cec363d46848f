import type { Period } from "@sightline/shared";
import { browser } from "wxt/browser";
import { SOURCE_KINDS, type SourceKind } from "../shared/messages.ts";
import { transcriptPath } from "../shared/page-urls.ts";
import { Button } from "../ui/Button.tsx";
import { sourceKindLabel } from "../ui/format.ts";
import { PeriodSelector } from "../ui/PeriodSelector.tsx";
import { HitSnippet, hitFacts } from "../ui/SearchHitView.tsx";
import { EmptyState, ErrorState, InlineError, LoadingState, SignedOutState } from "../ui/states.tsx";
import { useFocusOnMount } from "../ui/use-focus-on-mount.ts";
import type { SearchPageStore } from "./search-page-store.ts";

/**
 * search.html: a query in the search box's language, filters (account, kind, period), hits page by
 * page with their snippets marked; each hit is a link to the transcript at its segment.
 */
export function SearchPage({ store }: { store: SearchPageStore }) {
  const input = useFocusOnMount<HTMLInputElement>();
  const filters = store.filters.value;
  return (
    <main class="search-page">
      <h1>Search conversations</h1>
      <search aria-label="Search conversations">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void store.submit();
          }}
        >
          <input
            ref={input}
            type="search"
            aria-label="Search conversations"
            placeholder='Words, "a phrase", prefix*, -without'
            value={store.query.value}
            onInput={(event) => store.setQuery(event.currentTarget.value)}
          />
          <Button type="submit" variant="primary">
            Search
          </Button>
        </form>
      </search>
      <div class="filters">
        <label>
          Account
          <select
            value={filters.accountId ?? ""}
            onChange={(event) => void store.setFilters({ accountId: event.currentTarget.value || null })}
          >
            <option value="">All accounts</option>
            {store.accounts.value.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select
            value={filters.source ?? ""}
            onChange={(event) =>
              void store.setFilters({ source: (event.currentTarget.value || null) as SourceKind | null })
            }
          >
            <option value="">All kinds</option>
            {SOURCE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {sourceKindLabel(kind)}
              </option>
            ))}
          </select>
        </label>
        <PeriodSelector value={filters.period} onChange={(period: Period) => void store.setFilters({ period })} />
      </div>
      <Results store={store} />
    </main>
  );
}

function Results({ store }: { store: SearchPageStore }) {
  const state = store.state.value;
  switch (state.status) {
    case "idle":
      return <p class="muted">Type what was said and press Enter.</p>;
    case "loading":
      return <LoadingState text="Searching…" />;
    case "signedOut":
      return <SignedOutState onSignIn={() => void store.openSignIn()} />;
    case "error":
      return <ErrorState message={state.message} onRetry={() => void store.run()} />;
    case "ready":
      return (
        <section aria-labelledby="hits-heading">
          <h2 id="hits-heading">{`Results for “${state.q}”`}</h2>
          {state.hits.length === 0 ? (
            <EmptyState>
              <p>Nothing said matches “{state.q}” with these filters.</p>
            </EmptyState>
          ) : (
            <ol class="hits">
              {state.hits.map((hit) => (
                <li key={`${hit.conversation.id}:${hit.segment.seq}`}>
                  <a
                    class="hit-title"
                    href={browser.runtime.getURL(transcriptPath(hit.conversation.id, null, hit.segment.seq))}
                  >
                    {hit.conversation.title}
                  </a>
                  <p class="muted">{hitFacts(hit)}</p>
                  <p class="hit-text">
                    <HitSnippet hit={hit} />
                  </p>
                </li>
              ))}
            </ol>
          )}
          {state.moreError && <InlineError>{state.moreError}</InlineError>}
          {state.nextCursor !== null && (
            <Button disabled={state.loadingMore} onClick={() => void store.loadMore()}>
              {state.loadingMore ? "Loading…" : "More results"}
            </Button>
          )}
        </section>
      );
  }
}
