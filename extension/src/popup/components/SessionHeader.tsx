import type { Org, User } from "@sightline/shared";
import { Button } from "../../ui/Button.tsx";
import { useStore } from "../store-context.ts";

export function SessionHeader({ user, org }: { user: User; org: Org }) {
  const { actions } = useStore();
  return (
    <header class="session">
      <div>
        <h1 class="user-name">{user.name}</h1>
        <span class="org-name muted">{org.name}</span>
      </div>
      <div class="session-actions">
        <Button onClick={() => void actions.openCoaching()}>Coaching</Button>
        <Button onClick={() => void actions.openAttribution()}>Attribution</Button>
        <Button onClick={() => void actions.signOut()}>Sign out</Button>
      </div>
    </header>
  );
}
