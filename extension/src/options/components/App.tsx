import { useEffect } from "preact/hooks";
import { SignInForm } from "../../ui/SignInForm.tsx";
import { LoadingState } from "../../ui/states.tsx";
import { useOptionsStore } from "../store-context.ts";
import { AccountSection } from "./AccountSection.tsx";
import { AdminConsole } from "./admin/AdminConsole.tsx";
import { ConnectionsSection } from "./ConnectionsSection.tsx";

export function App() {
  const store = useOptionsStore();
  const { session, signInError, signingIn, actions } = store;
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
        <LoadingState />
      ) : !current.signedIn ? (
        <main>
          <SignInForm
            backendUrl={current.backendUrl}
            error={signInError.value}
            busy={signingIn.value}
            headingLevel={2}
            onSubmit={(backendUrl, token) => void actions.signIn(backendUrl, token)}
          />
        </main>
      ) : (
        <main>
          <AccountSection session={current} />
          <ConnectionsSection user={current.user} />
          {current.user.role === "admin" && <AdminConsole />}
        </main>
      )}
    </div>
  );
}
