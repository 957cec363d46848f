import { Button } from "../../ui/Button.tsx";
import { handleListboxKey, optionId, useActiveOptionInView } from "../../ui/listbox.ts";
import { HitSnippet, hitFacts } from "../../ui/SearchHitView.tsx";
import { EmptyState, InlineError, LoadingState } from "../../ui/states.tsx";
import { useFocusOnMount } from "../../ui/use-focus-on-mount.ts";
import { useStore } from "../store-context.ts";

export const HITS_ID = "conversation-hits";

/**
 * "Search conversations": a combobox like account search. Typing searches what was said, arrows move
 * the highlighted hit, Enter opens its transcript at the quoted moment; "All results" opens the page
 * with filters and more pages.
 */
export function ConversationSearch() {
  const { conversations, actions } = useStore();
  const { search, activeHit } = conversations;
  const input = useFocusOnMount<HTMLInputElement>();
  const state = search.state.value;
  const hasRows = state.status === "ready" && state.hits.length > 0;
  useActiveOptionInView(HITS_ID, activeHit.value);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Enter" && !hasRows) {
      event.preventDefault();
      void conversations.searchNow();
      return;
    }
    handleListboxKey(event, {
      move: conversations.moveHit,
      jump: conversations.jumpHit,
      choose: () => void conversations.openHit(),
    });
  }

  return (
    <div class="search">
      <input
        ref={input}
        type="text"
        role="combobox"
        aria-label="Search conversations"
        aria-autocomplete="list"
        aria-expanded={hasRows}
        aria-controls={hasRows ? HITS_ID : undefined}
        aria-activedescendant={hasRows && activeHit.value >= 0 ? optionId(HITS_ID, activeHit.value) : undefined}
        placeholder="What was said…"
        value={search.query.value}
        onInput={(event) => conversations.setQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      {state.status === "idle" && <p class="muted">Words, "a phrase", prefix*, -without.</p>}
      {state.status === "loading" && <LoadingState text="Searching…" />}
      {state.status === "error" && <InlineError>{state.message}</InlineError>}
      {state.status === "signedOut" && <InlineError>Your session has ended. Sign in again.</InlineError>}
      {state.status === "signedOut" && <Button onClick={() => void actions.load()}>Sign in</Button>}
      {state.status === "ready" && (
        <section aria-labelledby="hits-heading">
          <h2 id="hits-heading">Matching moments</h2>
          {state.hits.length === 0 ? (
            <EmptyState>
              <p>Nothing said matches “{state.q}”</p>
            </EmptyState>
          ) : (
            <div id={HITS_ID} role="listbox" aria-labelledby="hits-heading">
              {state.hits.map((hit, index) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for the listbox
                <div
                  key={`${hit.conversation.id}:${hit.segment.seq}`}
                  id={optionId(HITS_ID, index)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === activeHit.value}
                  onClick={() => void conversations.openHit(index)}
                >
                  <span class="account-name">{hit.conversation.title}</span>
                  <span class="account-summary muted">{hitFacts(hit)}</span>
                  <span class="hit-text">
                    <HitSnippet hit={hit} />
                  </span>
                </div>
              ))}
            </div>
          )}
          <Button variant="link" onClick={() => void conversations.openSearchPage()}>
            All results and filters
          </Button>
        </section>
      )}
    </div>
  );
}
