import { useFocusOnMount } from "../../popup/use-focus-on-mount.ts";
import { DEFAULT_BACKEND_URL } from "../../shared/backend-url.ts";
import { useOptionsStore } from "../store-context.ts";

export function SignInForm({ backendUrl }: { backendUrl: string }) {
  const { signInError, signingIn, actions } = useOptionsStore();
  const tokenInput = useFocusOnMount<HTMLInputElement>();

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void actions.signIn(String(data.get("backendUrl") ?? ""), String(data.get("token") ?? ""));
  }

  return (
    <section class="card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign in</h2>
      <form class="sign-in" onSubmit={onSubmit} aria-describedby={signInError.value ? "sign-in-error" : "sign-in-help"}>
        <label>
          Backend URL
          <input name="backendUrl" type="url" required defaultValue={backendUrl || DEFAULT_BACKEND_URL} />
        </label>
        <p id="sign-in-help" class="hint">
          Your Sightline Worker, e.g. https://sightline.example.com. Chrome asks once for access to a new https host.
        </p>
        <label>
          API token
          <input ref={tokenInput} name="token" type="password" required autoComplete="off" />
        </label>
        {signInError.value && (
          <p id="sign-in-error" class="error" role="alert">
            {signInError.value}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={signingIn.value}>
            {signingIn.value ? "Signing in…" : "Sign in"}
          </button>
        </div>
      </form>
    </section>
  );
}
