import { Button } from "../../../ui/Button.tsx";
import { EmptyState, ErrorState, LoadingState } from "../../../ui/states.tsx";
import { useOptionsStore } from "../../store-context.ts";
import { NoticeLine } from "./NoticeLine.tsx";

/** Configuration profiles, each with its Transcript Intake switch (off: its users' calls are not ingested). */
export function ProfilesSection() {
  const { adminUsers } = useOptionsStore();
  const { profiles, saving, profilesNotice, actions } = adminUsers;
  const list = profiles.value;
  return (
    <section aria-labelledby="profiles-heading" class="card">
      <div class="section-header">
        <h3 id="profiles-heading">Configuration profiles</h3>
        <Button onClick={() => void actions.loadProfiles()}>Reload profiles</Button>
      </div>
      {list.status === "loading" && <LoadingState text="Loading profiles…" />}
      {list.status === "error" && <ErrorState message={list.message} onRetry={() => void actions.loadProfiles()} />}
      {list.status === "ready" && list.value.length === 0 && (
        <EmptyState>
          <p>No configuration profiles: everyone has the organization's default.</p>
        </EmptyState>
      )}
      {list.status === "ready" && list.value.length > 0 && (
        <ul class="admin-rows" aria-labelledby="profiles-heading">
          {list.value.map((profile) => (
            <li key={profile.id}>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={profile.transcriptIntake}
                  disabled={saving.value !== null}
                  onChange={(event) => void actions.setIntake(profile, event.currentTarget.checked)}
                />
                Transcript Intake for {profile.name}
              </label>
            </li>
          ))}
        </ul>
      )}
      <NoticeLine notice={profilesNotice.value} />
    </section>
  );
}
