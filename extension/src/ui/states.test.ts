// @vitest-environment happy-dom
import { type ComponentChild, h, render } from "preact";
import { describe, expect, it, vi } from "vitest";
import { EmptyState, ErrorState, InlineError, LoadingState, SignedOutState } from "./states.tsx";

/** Renders one state into a fresh container and answers the container. */
function shown(vnode: ComponentChild): HTMLElement {
  const container = document.createElement("div");
  document.body.append(container);
  render(vnode, container);
  return container;
}

describe("ui states", () => {
  it("announce loading and empty politely and errors assertively, with the action to take", () => {
    expect(shown(h(LoadingState, { text: "Loading accounts…" })).querySelector('[role="status"]')?.textContent).toBe(
      "Loading accounts…",
    );
    expect(shown(h(EmptyState, null, "No accounts yet")).querySelector('[role="status"]')?.textContent).toBe(
      "No accounts yet",
    );

    const retry = vi.fn();
    const error = shown(h(ErrorState, { message: "Cannot reach the Sightline backend at x", onRetry: retry }));
    expect(error.querySelector('[role="alert"]')?.textContent).toContain("Cannot reach the Sightline backend at x");
    error.querySelector("button")?.click();
    expect(retry).toHaveBeenCalledOnce();
    expect(error.querySelector("button")?.getAttribute("type")).toBe("button");

    const signIn = vi.fn();
    const signedOut = shown(h(SignedOutState, { onSignIn: signIn }));
    expect(signedOut.querySelector('[role="status"]')?.textContent).toContain("not signed in");
    signedOut.querySelector("button")?.click();
    expect(signIn).toHaveBeenCalledOnce();

    expect(shown(h(InlineError, null, "Could not load")).querySelector('[role="alert"]')?.textContent).toBe(
      "Could not load",
    );
  });

  it("render server text as text, never as HTML", () => {
    const error = shown(h(ErrorState, { message: "<img src=x onerror=alert(1)>" }));
    expect(error.querySelector("img")).toBeNull();
    expect(error.textContent).toContain("<img src=x onerror=alert(1)>");
  });
});
