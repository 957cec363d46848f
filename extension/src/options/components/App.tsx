import { useEffect } from "preact/hooks";
import { useOptionsStore } from "../store-context.ts";
import { AccountSection } from "./AccountSection.tsx";
import { ConnectionsSection } from "./ConnectionsSection.tsx";
import { SignInForm } from "./SignInForm.tsx";

export function App() {
  const store = useOptionsStore();
  const { session, actions } = store;
  useEffect(() => {
    void actions.load();
    // Coming back from the provider's tab (or another window) shows the connection's new state.
    const onVisible = () => {
      if (document.visibilityState === "visible") void actions.refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [actions]);

  const current = session.value;
  return (
    <div class="page">
      <header class="page-header">
        <h1>Sightline settings</h1>
      </header>
      {!current ? (
        <p class="status" role="status">
          Loading…
        </p>
      ) : !current.signedIn ? (
        <SignInForm backendUrl={current.backendUrl} />
      ) : (
        <main>
          <AccountSection session={current} />
          <ConnectionsSection user={current.user} />
        </main>
      )}
    </div>
  );
}
