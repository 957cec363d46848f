import {
  type ApiToken,
  ApiTokenSchema,
  type CreateUserResponse,
  CreateUserResponseSchema,
  type Profile,
  ProfileSchema,
  type User,
  UserSchema,
} from "@sightline/shared";
import { ok, type Result } from "../../shared/messages.ts";
import type { Parser } from "../api-client.ts";
import { callSignedIn } from "./call-signed-in.ts";
import { listOf } from "./list-of.ts";

/**
 * The admin console's users and configuration profiles: a user's role and profile, their API tokens
 * (listed by prefix, never the secret) and revocation, and each profile's Transcript Intake switch.
 */

/** GET /profiles: the organization's configuration profiles. */
export async function listProfiles(): Promise<Result<Profile[]>> {
  const answer = await callSignedIn((api, init) => api.GET("/profiles", init), listOf("profiles", ProfileSchema));
  return answer.ok ? ok(answer.value.profiles) : answer;
}

/** PATCH /users/{id}: a new role or configuration profile (null: the organization's default). */
export async function updateUser(input: {
  id: string;
  role?: "admin" | "member";
  profileId?: string | null;
}): Promise<Result<User>> {
  const path = { id: input.id };
  const body = {
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.profileId === undefined ? {} : { profileId: input.profileId }),
  };
  return callSignedIn((api, init) => api.PATCH("/users/{id}", { params: { path }, body, ...init }), UserSchema);
}

/** GET /users/{id}/tokens: a user's API tokens, newest first. */
export async function listUserTokens(input: { userId: string }): Promise<Result<ApiToken[]>> {
  const path = { id: input.userId };
  const answer = await callSignedIn(
    (api, init) => api.GET("/users/{id}/tokens", { params: { path }, ...init }),
    listOf("tokens", ApiTokenSchema),
  );
  return answer.ok ? ok(answer.value.tokens) : answer;
}

/** 204 No Content: there is no body to check. */
const NoContent: Parser<undefined> = { safeParse: () => ({ success: true, data: undefined }) };

/** DELETE /users/{id}/tokens/{tokenId}: the token stops working at once. */
export async function revokeUserToken(input: { userId: string; tokenId: string }): Promise<Result<true>> {
  const path = { id: input.userId, tokenId: input.tokenId };
  const answer = await callSignedIn(
    (api, init) => api.DELETE("/users/{id}/tokens/{tokenId}", { params: { path }, ...init }),
    NoContent,
  );
  return answer.ok ? ok(true) : answer;
}

/** PATCH /profiles/{id}: switch a profile's Transcript Intake on or off. */
export async function setProfileIntake(input: { id: string; transcriptIntake: boolean }): Promise<Result<Profile>> {
  const path = { id: input.id };
  const body = { transcriptIntake: input.transcriptIntake };
  return callSignedIn((api, init) => api.PATCH("/profiles/{id}", { params: { path }, body, ...init }), ProfileSchema);
}

/** POST /users: a new user of the organization and their first API token (shown once, in this answer). */
export async function inviteUser(input: {
  email: string;
  name: string;
  role: "admin" | "member";
}): Promise<Result<CreateUserResponse>> {
  const body = { email: input.email, name: input.name, role: input.role, profileId: null };
  return callSignedIn((api, init) => api.POST("/users", { body, ...init }), CreateUserResponseSchema);
}
