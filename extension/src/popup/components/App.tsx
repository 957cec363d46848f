import { useEffect } from "preact/hooks";
import { SignInForm } from "../../ui/SignInForm.tsx";
import { LoadingState } from "../../ui/states.tsx";
import { useStore } from "../store-context.ts";
import { GmailThreadStatus } from "./GmailThreadStatus.tsx";
import { SearchModes } from "./SearchModes.tsx";
import { SessionHeader } from "./SessionHeader.tsx";

export function App() {
  const { session, signInError, signingIn, actions } = useStore();
  useEffect(() => void actions.load(), [actions]);

  const current = session.value;
  if (!current) return <LoadingState />;
  if (!current.signedIn)
    return (
      <main>
        <SignInForm
          backendUrl={current.backendUrl}
          error={signInError.value}
          busy={signingIn.value}
          headingLevel={1}
          onSubmit={(backendUrl, token) => void actions.signIn(backendUrl, token)}
        />
      </main>
    );
  return (
    <main>
      <SessionHeader user={current.user} org={current.org} />
      <GmailThreadStatus />
      <SearchModes />
    </main>
  );
}
