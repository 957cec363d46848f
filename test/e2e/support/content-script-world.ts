import type { CDPSession, Page } from "playwright-core";
import { expect } from "vitest";

/**
 * The extension's content-script world on `page`, reached through the Chrome DevTools Protocol: its
 * isolated execution context (Playwright's own evaluate runs in the page's main world instead).
 * `evaluate` runs an expression there, as the sidebar's code would, and answers its JSON value.
 */
export interface ContentScriptWorld {
  evaluate<T>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

type ContextDescription = {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean };
};

export async function contentScriptWorld(page: Page, extensionId: string): Promise<ContentScriptWorld> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const contexts: ContextDescription[] = [];
  cdp.on("Runtime.executionContextCreated", (event: { context: ContextDescription }) => contexts.push(event.context));
  // Enabling replays every context that already exists, the content script's included.
  await cdp.send("Runtime.enable");
  const isOurs = (c: ContextDescription) => c.auxData?.type === "isolated" && c.origin.includes(extensionId);
  await expect.poll(() => contexts.some(isOurs), { timeout: 10_000 }).toBe(true);
  const contextId = contexts.find(isOurs)?.id;
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const answer = (await cdp.send("Runtime.evaluate", {
        expression,
        contextId,
        awaitPromise: true,
        returnByValue: true,
      })) as { result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string } } };
      if (answer.exceptionDetails)
        throw new Error(answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text);
      return answer.result.value as T;
    },
    detach: () => cdp.detach(),
  };
}
