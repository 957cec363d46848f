import type { MeResponse } from "@sightline/shared";
import type { Session } from "../../shared/messages.ts";
import { Button } from "../../ui/Button.tsx";
import { InlineError, LoadingState } from "../../ui/states.tsx";
import { useOptionsStore } from "../store-context.ts";

type SignedIn = Extract<Session, { signedIn: true }>;

/** "Transcript intake: off (profile EMEA)"; a user without a profile gets the default, which is on. */
export function intakeText(profile: MeResponse["profile"]): string {
  if (!profile) return "Transcript intake: on (default)";
  return `Transcript intake: ${profile.transcriptIntake ? "on" : "off"} (profile ${profile.name})`;
}

export function AccountSection({ session }: { session: SignedIn }) {
  const { me, actions } = useOptionsStore();
  const current = me.value;
  // /me is fresher than what was stored at sign-in; fall back to the stored names while it loads.
  const user = current.status === "ready" ? current.value.user : session.user;
  const org = current.status === "ready" ? current.value.org : session.org;

  return (
    <section class="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <dl class="facts">
        <dt>Signed in as</dt>
        <dd>
          <span class="user-name">{user.name}</span> <span class="muted">({user.email})</span>
        </dd>
        <dt>Organization</dt>
        <dd>
          <span class="org-name">{org.name}</span> <span class="muted">· {user.role}</span>
        </dd>
        <dt>Backend</dt>
        <dd class="backend-url">{session.backendUrl}</dd>
      </dl>
      {current.status === "loading" && <LoadingState text="Loading your profile…" />}
      {current.status === "ready" && <p class="intake">{intakeText(current.value.profile)}</p>}
      {current.status === "error" && (
        <InlineError>
          Could not load your profile: {current.message}{" "}
          <Button variant="link" onClick={() => void actions.refresh()}>
            Retry
          </Button>
        </InlineError>
      )}
      <div class="actions">
        <Button onClick={() => void actions.signOut()}>Sign out</Button>
      </div>
    </section>
  );
}
