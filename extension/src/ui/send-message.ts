import { browser } from "wxt/browser";
import { fail, type Request, type ResponseFor } from "../shared/messages.ts";

/** How every surface talks to the background: the answer type follows from the request's `type`. */
export type Send = <T extends Request>(message: T) => Promise<ResponseFor<T["type"]>>;

/** runtime.sendMessage, typed; a background that failed to answer (e.g. it crashed) becomes a failure like any other. */
export const sendMessage: Send = async (message) => {
  try {
    return await browser.runtime.sendMessage(message);
  } catch (error) {
    return fail("server", error instanceof Error ? error.message : String(error));
  }
};
