import type { ApiToken, Profile, User } from "@sightline/shared";
import { Button } from "../../../ui/Button.tsx";
import { formatDate } from "../../../ui/format.ts";
import { handleListboxKey, optionId, useActiveOptionInView } from "../../../ui/listbox.ts";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { personalConnectionLines } from "../../connection-view.ts";
import { useOptionsStore } from "../../store-context.ts";
import { InviteUserForm } from "./InviteUserForm.tsx";
import { NoticeLine } from "./NoticeLine.tsx";

const LIST_ID = "users-list";

/** The organization's users: a listbox (arrow keys), then the chosen one's role, profile and API tokens. */
export function UsersSection() {
  const { adminUsers } = useOptionsStore();
  const { users, profiles, activeUser, usersNotice, actions } = adminUsers;
  const list = users.value;
  const active = activeUser.value;
  useActiveOptionInView(LIST_ID, active);
  const selected = list.status === "ready" ? list.value[active] : undefined;
  const profileList = profiles.value.status === "ready" ? profiles.value.value : [];

  return (
    <section aria-labelledby="users-heading" class="card">
      <div class="section-header">
        <h3 id="users-heading">Users</h3>
        <Button onClick={() => void actions.loadUsers()}>Reload users</Button>
      </div>
      {list.status === "loading" && <LoadingState text="Loading users…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.loadUsers()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>No users.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <div
          id={LIST_ID}
          role="listbox"
          tabIndex={0}
          aria-labelledby="users-heading"
          aria-activedescendant={active >= 0 ? optionId(LIST_ID, active) : undefined}
          class="admin-list"
          onKeyDown={(event) =>
            handleListboxKey(event, {
              move: actions.moveUser,
              jump: actions.jumpUser,
              choose: () => document.getElementById("user-role")?.focus(),
            })
          }
        >
          {list.value.map((user, index) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox handles the keys for its options
            <div
              key={user.id}
              id={optionId(LIST_ID, index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              onClick={() => actions.selectUser(index)}
            >
              <span class="strong">{user.name}</span>
              <span class="muted">
                {user.email} · {user.role} · {profileName(profileList, user.profileId)}
              </span>
            </div>
          ))}
        </div>
      )}
      {selected && <UserDetail user={selected} profiles={profileList} />}
      <NoticeLine notice={usersNotice.value} />
      <InviteUserForm />
    </section>
  );
}

function profileName(profiles: Profile[], id: string | null): string {
  if (!id) return "default profile";
  return profiles.find((p) => p.id === id)?.name ?? "unknown profile";
}

function UserDetail({ user, profiles }: { user: User; profiles: Profile[] }) {
  const { adminUsers } = useOptionsStore();
  const { saving, actions } = adminUsers;
  return (
    <div class="user-detail">
      <label>
        Role of {user.name}
        <select
          id="user-role"
          value={user.role}
          disabled={saving.value !== null}
          onChange={(event) =>
            void actions.updateUser({ role: event.currentTarget.value === "admin" ? "admin" : "member" })
          }
        >
          <option value="member">Member</option>
          <option value="admin">Admin</option>
        </select>
      </label>
      <label>
        Configuration profile of {user.name}
        <select
          value={user.profileId ?? ""}
          disabled={saving.value !== null}
          onChange={(event) => void actions.updateUser({ profileId: event.currentTarget.value || null })}
        >
          <option value="">Organization default</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.name}
            </option>
          ))}
        </select>
      </label>
      <PersonalConnections user={user} />
      <TokenList user={user} />
    </div>
  );
}

/** The user's own Zoom, Contact Center or Gong connections and their state (read-only here). */
function PersonalConnections({ user }: { user: User }) {
  const { connections } = useOptionsStore();
  const state = connections.value;
  const headingId = "user-connections-heading";
  const lines = state.status === "ready" ? personalConnectionLines(state.value, user.id) : [];
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>Personal connections of {user.name}</h4>
      {state.status === "loading" && <LoadingState text="Loading connections…" />}
      {state.status === "error" && <ErrorState message={state.message} />}
      {state.status === "ready" && lines.length === 0 && (
        <EmptyState>
          <p>No personal connections: their calls come in through the organization's connections, if any.</p>
        </EmptyState>
      )}
      {lines.length > 0 && (
        <ul class="admin-rows" aria-labelledby={headingId}>
          {lines.map((line) => (
            <li key={line.id}>
              <span class="strong">{line.provider}</span>
              <span class="muted">
                {line.status} · updated {formatDate(line.updatedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TokenList({ user }: { user: User }) {
  const { adminUsers } = useOptionsStore();
  const { tokens, confirmingRevoke, saving, actions } = adminUsers;
  const state = tokens.value;
  const headingId = "user-tokens-heading";
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>API tokens of {user.name}</h4>
      {state?.status === "loading" && <LoadingState text="Loading tokens…" />}
      {state?.status === "error" && <ErrorState message={state.message} />}
      {state?.status === "ready" && state.value.length === 0 && (
        <EmptyState>
          <p>No API tokens.</p>
        </EmptyState>
      )}
      {state?.status === "ready" && state.value.length > 0 && (
        <ul class="admin-rows" aria-labelledby={headingId}>
          {state.value.map((token) => (
            <li key={token.id} aria-label={`Token ${token.tokenPrefix}`}>
              <span class="strong">
                {token.tokenPrefix}…{token.label ? ` · ${token.label}` : ""}
              </span>
              <span class="muted">{tokenLine(token)}</span>
              {!token.revokedAt &&
                (confirmingRevoke.value === token.id ? (
                  <div class="actions">
                    <span>Revoke {token.tokenPrefix}…? It stops working at once.</span>
                    <Button variant="danger" onClick={() => void actions.confirmRevoke(token)}>
                      Yes, revoke
                    </Button>
                    <Button onClick={actions.cancelRevoke}>Cancel</Button>
                  </div>
                ) : (
                  <div class="actions">
                    <Button
                      aria-label={`Revoke token ${token.tokenPrefix}`}
                      disabled={saving.value !== null}
                      onClick={() => actions.askRevoke(token.id)}
                    >
                      {saving.value === token.id ? "Revoking…" : "Revoke"}
                    </Button>
                  </div>
                ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function tokenLine(token: ApiToken): string {
  return [
    `created ${formatDate(token.createdAt)}`,
    token.lastUsedAt ? `last used ${formatDate(token.lastUsedAt)}` : "never used",
    token.revokedAt ? `revoked ${formatDate(token.revokedAt)}` : "active",
  ].join(" · ");
}
