import { fail, type Result } from "../../shared/messages.ts";
import type { ApiTarget } from "../api-client.ts";
import { loadSession } from "../session-store.ts";

/** Where and as whom to call, from the stored session; an "unauthorized" failure when nobody is signed in. */
export async function sessionTarget(): Promise<ApiTarget | Result<never>> {
  const { backendUrl, token } = await loadSession();
  return token ? { backendUrl, token } : fail<never>("unauthorized", "Sign in first", backendUrl);
}
