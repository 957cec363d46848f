import type { User } from "@sightline/shared";
import { Button } from "../../ui/Button.tsx";
import { InlineError, LoadingState } from "../../ui/states.tsx";
import { useOptionsStore } from "../store-context.ts";
import { ConnectionCard } from "./ConnectionCard.tsx";

export function ConnectionsSection({ user }: { user: User }) {
  const { connections, actions } = useOptionsStore();
  const current = connections.value;
  return (
    <section aria-labelledby="connections-heading" class="connections">
      <div class="section-header">
        <h2 id="connections-heading">Connections</h2>
        <Button onClick={() => void actions.refresh()}>Refresh</Button>
      </div>
      {current.status === "loading" && <LoadingState text="Loading connections…" />}
      {current.status === "error" && <InlineError>Could not load connections: {current.message}</InlineError>}
      {current.status === "ready" && (
        <>
          <ConnectionCard provider="zoom" connections={current.value} user={user} />
          <ConnectionCard provider="gong" connections={current.value} user={user} />
          {(user.role === "admin" || current.value.some((c) => c.provider === "zoom_contact_center")) && (
            <ConnectionCard provider="zoom_contact_center" connections={current.value} user={user} />
          )}
        </>
      )}
    </section>
  );
}
