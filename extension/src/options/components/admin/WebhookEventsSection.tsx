import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { useOptionsStore } from "../../store-context.ts";

/** Archived webhook events (processed, ignored or failed), each replayable through the same pipeline. */
export function WebhookEventsSection() {
  const { admin } = useOptionsStore();
  const { events, replaying, actions } = admin;
  const list = events.value;
  return (
    <section aria-labelledby="webhook-events-heading" class="card">
      <div class="section-header">
        <h3 id="webhook-events-heading">Archived webhook events</h3>
        <Button onClick={() => void actions.loadEvents()}>Reload events</Button>
      </div>
      {list.status === "loading" && <LoadingState text="Loading archived events…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.loadEvents()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>No archived webhook events.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <ul class="admin-rows" aria-labelledby="webhook-events-heading">
          {list.value.map((event) => (
            <li key={event.id} aria-label={`${event.provider} ${event.eventType} event`}>
              <span class="strong">
                {event.provider} · {event.eventType}
              </span>
              <span class="muted">
                {formatDate(event.receivedAt)} · {event.status}
              </span>
              {event.reason && <span>Reason: {event.reason}</span>}
              {event.archiveDeletedAt ? (
                <span class="muted">
                  Body deleted by retention {formatDate(event.archiveDeletedAt)}: it cannot be replayed.
                </span>
              ) : (
                <div class="actions">
                  <Button
                    aria-label={`Replay ${event.provider} ${event.eventType} event`}
                    disabled={replaying.value !== null}
                    onClick={() => void actions.replayEvent(event)}
                  >
                    {replaying.value === event.id ? "Replaying…" : "Replay"}
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
