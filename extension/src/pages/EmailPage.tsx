import { Button } from "../ui/Button.tsx";
import { formatDate } from "../ui/format.ts";
import { MarkedText } from "../ui/MarkedText.tsx";
import { ErrorState, LoadingState, SignedOutState } from "../ui/states.tsx";
import { type EmailStore, personLabel } from "./email-store.ts";

/**
 * One e-mail message: subject, sender, recipients, date and the body as text, the quote in a <mark>
 * built from the backend's offsets. Every server value is JSX text (Preact escapes it); no HTML.
 */
export function EmailPage({ store }: { store: EmailStore }) {
  const view = store.view.value;
  if (view.kind === "loading") return <LoadingState text="Loading the e-mail…" />;
  if (view.kind === "signedOut") return <SignedOutState onSignIn={() => void store.openSignIn()} />;
  if (view.kind === "error") return <ErrorState message={view.message} onRetry={() => void store.load()} />;
  const { email, marks } = view;
  const { message } = email;
  return (
    <main class="email-page">
      <h1>{email.subject || "(no subject)"}</h1>
      <dl class="email-head">
        <dt>From</dt>
        <dd>{personLabel(message.from)}</dd>
        <dt>To</dt>
        <dd>{message.to.map(personLabel).join(", ") || "—"}</dd>
        {message.cc.length > 0 && (
          <>
            <dt>Cc</dt>
            <dd>{message.cc.map(personLabel).join(", ")}</dd>
          </>
        )}
        <dt>Date</dt>
        <dd>
          <time dateTime={message.sentAt}>{formatDate(message.sentAt)}</time>
        </dd>
      </dl>
      <div class="email-body" data-testid="email-body">
        <MarkedText text={message.body} ranges={marks} />
      </div>
      {email.insights.length > 0 && (
        <section aria-labelledby="email-insights">
          <h2 id="email-insights">Insights in this message</h2>
          <ul>
            {email.insights.map((insight) => (
              <li key={insight.id}>
                <span class="muted">{insight.kind}: </span>
                {insight.text}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Button variant="link" onClick={() => void store.openThread()}>
        Open the whole thread
      </Button>
    </main>
  );
}
