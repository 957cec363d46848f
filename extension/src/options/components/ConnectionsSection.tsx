import type { User } from "@sightline/shared";
import { useOptionsStore } from "../store-context.ts";
import { ConnectionCard } from "./ConnectionCard.tsx";

export function ConnectionsSection({ user }: { user: User }) {
  const { connections, actions } = useOptionsStore();
  const current = connections.value;
  return (
    <section aria-labelledby="connections-heading" class="connections">
      <div class="section-header">
        <h2 id="connections-heading">Connections</h2>
        <button type="button" onClick={() => void actions.refresh()}>
          Refresh
        </button>
      </div>
      {current.status === "loading" && (
        <p class="status" role="status">
          Loading connections…
        </p>
      )}
      {current.status === "error" && (
        <p class="error" role="alert">
          Could not load connections: {current.message}
        </p>
      )}
      {current.status === "ready" && (
        <>
          <ConnectionCard provider="zoom" connections={current.value} user={user} />
          <ConnectionCard provider="gong" connections={current.value} user={user} />
        </>
      )}
    </section>
  );
}
