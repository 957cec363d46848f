import type { Org, User } from "@sightline/shared";
import { useStore } from "../store-context.ts";

export function SessionHeader({ user, org }: { user: User; org: Org }) {
  const { actions } = useStore();
  return (
    <header class="session">
      <div>
        <strong class="user-name">{user.name}</strong>
        <span class="org-name">{org.name}</span>
      </div>
      <div class="session-actions">
        <button type="button" onClick={() => void actions.openCoaching()}>
          Coaching
        </button>
        <button type="button" onClick={() => void actions.signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
