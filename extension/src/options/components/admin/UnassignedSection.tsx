import type { UnassignedConversation } from "@sightline/shared";
import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { handleListboxKey, optionId, useActiveOptionInView } from "../../../ui/listbox.ts";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { useOptionsStore } from "../../store-context.ts";
import { AccountPicker } from "./AccountPicker.tsx";
import { NoticeLine } from "./NoticeLine.tsx";

const LIST_ID = "unassigned-list";

/** Conversations no account could be chosen for: a listbox (arrow keys) and the chosen one's assignment. */
export function UnassignedSection() {
  const { admin } = useOptionsStore();
  const { unassigned, activeConversation, routingNotice, actions } = admin;
  const list = unassigned.value;
  const active = activeConversation.value;
  useActiveOptionInView(LIST_ID, active);
  const selected = list.status === "ready" ? list.value[active] : undefined;

  return (
    <section aria-labelledby="unassigned-heading" class="card">
      <div class="section-header">
        <h3 id="unassigned-heading">Unassigned conversations</h3>
        <Button onClick={() => void actions.loadUnassigned()}>Reload unassigned</Button>
      </div>
      {list.status === "loading" && <LoadingState text="Loading unassigned conversations…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.loadUnassigned()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>Every conversation has an account.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <div
          id={LIST_ID}
          role="listbox"
          tabIndex={0}
          aria-labelledby="unassigned-heading"
          aria-activedescendant={active >= 0 ? optionId(LIST_ID, active) : undefined}
          class="admin-list"
          onKeyDown={(event) =>
            handleListboxKey(event, {
              move: actions.moveConversation,
              jump: actions.jumpConversation,
              // Enter goes on to the account picker of the highlighted conversation.
              choose: () => document.getElementById("assign-account")?.focus(),
            })
          }
        >
          {list.value.map((conversation, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for its options
            <div
              key={conversation.id}
              id={optionId(LIST_ID, index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onClick={() => actions.selectConversation(index)}
            >
              <span class="strong">{conversation.title}</span>
              <span class="muted">{conversationLine(conversation)}</span>
            </div>
          ))}
        </div>
      )}
      {selected && <AccountPicker conversation={selected} />}
      <NoticeLine notice={routingNotice.value} />
    </section>
  );
}

/** "Nov 12, 2026 · zoom_meeting · host ada@… · with Bo Chen, cy@acme.com": what helps pick the account. */
function conversationLine(conversation: UnassignedConversation): string {
  const people = conversation.participants.map((p) => p.email ?? p.name).filter(Boolean);
  return [
    formatDate(conversation.startedAt),
    conversation.source,
    conversation.hostEmail ? `host ${conversation.hostEmail}` : null,
    people.length ? `with ${people.slice(0, 4).join(", ")}${people.length > 4 ? "…" : ""}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}
