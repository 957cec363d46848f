import { DEFAULT_BACKEND_URL } from "../shared/backend-url.ts";
import { Button } from "./Button.tsx";
import { useFocusOnMount } from "./use-focus-on-mount.ts";

type Props = {
  backendUrl: string;
  error: string | null;
  busy: boolean;
  onSubmit: (backendUrl: string, token: string) => void;
  /** The popup's form is its page's title (h1); the options page's is a card (h2). */
  headingLevel: 1 | 2;
};

/** The one sign-in form (popup and options page); the token field takes the keyboard when it appears. */
export function SignInForm({ backendUrl, error, busy, onSubmit, headingLevel }: Props) {
  const tokenInput = useFocusOnMount<HTMLInputElement>();
  const Heading = headingLevel === 1 ? "h1" : "h2";

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    onSubmit(String(data.get("backendUrl") ?? ""), String(data.get("token") ?? ""));
  }

  return (
    <section class="card sign-in-card" aria-labelledby="sign-in-heading">
      <Heading id="sign-in-heading">Sign in to Sightline</Heading>
      <form class="sign-in" onSubmit={submit} aria-describedby={error ? "sign-in-error" : "sign-in-help"}>
        <label>
          Backend URL
          <input name="backendUrl" type="url" required defaultValue={backendUrl || DEFAULT_BACKEND_URL} />
        </label>
        <p id="sign-in-help" class="hint">
          Your Sightline Worker, e.g. https://sightline.example.com (plain http only on 127.0.0.1 and localhost).
        </p>
        <label>
          API token
          <input ref={tokenInput} name="token" type="password" required autoComplete="off" />
        </label>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </div>
      </form>
    </section>
  );
}
