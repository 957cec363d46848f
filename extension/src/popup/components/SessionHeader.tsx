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
      <button type="button" onClick={() => void actions.signOut()}>
        Sign out
      </button>
    </header>
  );
}
