import type { ComponentChildren } from "preact";
import { Button } from "./Button.tsx";

/**
 * The states every surface shows while it has nothing else to show, each with the action to take.
 * Loading and empty are polite live regions (role=status), errors assertive ones (role=alert), so a
 * screen reader hears them without the user moving focus.
 */
export function LoadingState({ text = "Loading…" }: { text?: string }) {
  return (
    <p class="state" role="status">
      {text}
    </p>
  );
}

export function EmptyState({ children }: { children: ComponentChildren }) {
  return (
    <div class="state" role="status">
      {children}
    </div>
  );
}

export function SignedOutState({ onSignIn }: { onSignIn: () => void }) {
  return (
    <div class="state" role="status">
      <p>You are not signed in to Sightline.</p>
      <Button variant="primary" onClick={onSignIn}>
        Sign in
      </Button>
    </div>
  );
}

export function ErrorState({
  message,
  onRetry,
  retryLabel = "Try again",
}: {
  message: string;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  return (
    <div class="state" role="alert">
      <p class="error">{message}</p>
      {onRetry && <Button onClick={onRetry}>{retryLabel}</Button>}
    </div>
  );
}

/** A one-line failure inside a loaded view (the view stays; this says what did not load). */
export function InlineError({ children }: { children: ComponentChildren }) {
  return (
    <p class="error" role="alert">
      {children}
    </p>
  );
}
