import { useEffect } from "preact/hooks";
import { useStore } from "../store-context.ts";
import { AccountSearch } from "./AccountSearch.tsx";
import { SessionHeader } from "./SessionHeader.tsx";
import { SignInForm } from "./SignInForm.tsx";

export function App() {
  const { session, actions } = useStore();
  useEffect(() => void actions.load(), [actions]);

  const current = session.value;
  if (!current)
    return (
      <p class="status" role="status">
        Loading…
      </p>
    );
  if (!current.signedIn) return <SignInForm backendUrl={current.backendUrl} />;
  return (
    <main>
      <SessionHeader user={current.user} org={current.org} />
      <AccountSearch />
    </main>
  );
}
