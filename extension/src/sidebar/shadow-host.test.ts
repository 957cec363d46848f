// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { createShadowHost } from "./shadow-host.ts";

describe("sidebar shadow host", () => {
  it("is closed by default: the host page cannot reach the sidebar's DOM through the element", () => {
    const ui = createShadowHost(document, "sightline-sidebar", ".x{}");
    ui.container.textContent = "Globex: closing 80%";
    ui.attach();
    const host = document.querySelector("sightline-sidebar");
    expect(host).not.toBeNull();
    expect(host?.shadowRoot).toBeNull();
    expect(document.body.textContent).not.toContain("Globex");
    // The sidebar itself still renders into its container.
    expect(ui.container.isConnected).toBe(true);
    ui.detach();
    expect(document.querySelector("sightline-sidebar")).toBeNull();
  });

  it("opens only when asked (the development build, for the e2e tests)", () => {
    const ui = createShadowHost(document, "sightline-sidebar", ".x{}", "open");
    ui.container.textContent = "Globex";
    ui.attach();
    expect(document.querySelector("sightline-sidebar")?.shadowRoot?.textContent).toContain("Globex");
    ui.detach();
  });
});
