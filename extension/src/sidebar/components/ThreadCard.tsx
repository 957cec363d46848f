import { Button } from "../../ui/Button.tsx";
import { ErrorState, LoadingState, SignedOutState } from "../../ui/states.tsx";
import type { EmailThreadStore } from "../email-thread-store.ts";

/** "Add this thread to Sightline" and what came of it: counts and fixed words only, never the thread's text. */
export function ThreadCard({ store, openSignIn }: { store: EmailThreadStore; openSignIn: () => void }) {
  const view = store.view.value;
  if (!view) return null;
  const add = () => void store.add();
  return (
    <section class="section" aria-label="This e-mail thread">
      {view.kind === "checking" || view.kind === "adding" ? (
        <LoadingState text={view.kind === "adding" ? "Adding this thread…" : "Checking this thread…"} />
      ) : view.kind === "signedOut" ? (
        <SignedOutState onSignIn={openSignIn} />
      ) : view.kind === "error" ? (
        <ErrorState message={view.message} onRetry={add} />
      ) : (
        <div class="state">
          <p role="status">{view.summary}</p>
          {(view.kind === "added" || view.readable > 0) && <Button onClick={add}>Add this thread to Sightline</Button>}
        </div>
      )}
    </section>
  );
}
