import { DEFAULT_BACKEND_URL } from "../../shared/backend-url.ts";
import { useStore } from "../store-context.ts";
import { useFocusOnMount } from "../use-focus-on-mount.ts";

export function SignInForm({ backendUrl }: { backendUrl: string }) {
  const { signInError, signingIn, actions } = useStore();
  const tokenInput = useFocusOnMount<HTMLInputElement>();

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void actions.signIn(String(data.get("backendUrl") ?? ""), String(data.get("token") ?? ""));
  }

  return (
    <form class="sign-in" onSubmit={onSubmit} aria-describedby={signInError.value ? "sign-in-error" : undefined}>
      <h1>Sign in to Sightline</h1>
      <label>
        Backend URL
        <input name="backendUrl" type="url" required defaultValue={backendUrl || DEFAULT_BACKEND_URL} />
      </label>
      <label>
        API token
        <input ref={tokenInput} name="token" type="password" required autoComplete="off" />
      </label>
      {signInError.value && (
        <p id="sign-in-error" class="error" role="alert">
          {signInError.value}
        </p>
      )}
      <button type="submit" disabled={signingIn.value}>
        {signingIn.value ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
