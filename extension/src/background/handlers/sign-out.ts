import type { Session } from "../../shared/messages.ts";
import { clearSession } from "../session-store.ts";
import { getSession } from "./get-session.ts";

export async function signOut(): Promise<Session> {
  await clearSession();
  return getSession();
}
