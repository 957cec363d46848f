import type { Failure } from "../shared/messages.ts";

/** The words the popup shows for a failure; chosen by kind so server text never decides the UI. */
export function describeFailure(failure: Failure): string {
  switch (failure.kind) {
    case "unauthorized":
      return "That token was not accepted";
    case "network":
      return `Cannot reach the backend at ${failure.backendUrl ?? "the configured URL"}`;
    default:
      return failure.message;
  }
}
