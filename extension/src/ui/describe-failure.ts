import type { Failure } from "../shared/messages.ts";

/**
 * The one wording of a failure on every surface, chosen by kind. `invalid` messages are the
 * extension's own words (the background's checks); `server` messages start "The backend answered:"
 * and are shown as plain text, never as HTML.
 */
export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case "unauthorized":
      return "That token was not accepted";
    case "network":
      return `Cannot reach the Sightline backend at ${failure.backendUrl ?? "the configured URL"}`;
    case "invalid":
    case "server":
      return failure.message;
  }
}
