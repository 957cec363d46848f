import { type User, UserSchema } from "@sightline/shared";
import { fail, ok, type Result } from "../../shared/messages.ts";
import { callApi } from "../api-client.ts";
import { loadSession } from "../session-store.ts";
import { forgetOnUnauthorized } from "./forget-on-unauthorized.ts";

const UsersSchema = {
  safeParse(value: unknown): { success: true; data: { users: User[] } } | { success: false } {
    if (typeof value !== "object" || value === null || !Array.isArray((value as { users?: unknown }).users))
      return { success: false };
    const users: User[] = [];
    for (const item of (value as { users: unknown[] }).users) {
      const parsed = UserSchema.safeParse(item);
      if (!parsed.success) return { success: false };
      users.push(parsed.data);
    }
    return { success: true, data: { users } };
  },
};

/** The organization's users (GET /api/v1/users, admins only): the coaching page's rep picker. */
export async function listUsers(): Promise<Result<User[]>> {
  const { backendUrl, token } = await loadSession();
  if (!token) return fail("unauthorized", "Sign in first", backendUrl);
  const answer = await forgetOnUnauthorized(
    await callApi({ backendUrl, token }, (api, init) => api.GET("/users", init), UsersSchema),
  );
  return answer.ok ? ok(answer.value.users) : answer;
}
