import { browser } from "wxt/browser";
import { fail, type Request, type ResponseFor } from "../shared/messages.ts";

/** Typed wrapper around runtime.sendMessage: the answer type follows from the request's `type`. */
export async function sendMessage<T extends Request>(message: T): Promise<ResponseFor<T["type"]>> {
  try {
    return (await browser.runtime.sendMessage(message)) as ResponseFor<T["type"]>;
  } catch (error) {
    // The service worker failed to answer (e.g. it crashed); surface it like any other failure.
    return fail("server", error instanceof Error ? error.message : String(error));
  }
}
