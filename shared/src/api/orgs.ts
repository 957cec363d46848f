import { z } from "zod";
import { DomainSchema, EmailSchema, IdSchema, IsoDateTimeSchema } from "./common.ts";

export const RoleSchema = z.enum(["admin", "member"]);
export type Role = z.infer<typeof RoleSchema>;

export const CreateOrgRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  /** The organization's own e-mail domains: participants from these are "ours". */
  domains: z.array(DomainSchema).max(50).default([]),
  admin: z.object({
    email: EmailSchema,
    name: z.string().trim().min(1).max(200),
  }),
});
export type CreateOrgRequest = z.infer<typeof CreateOrgRequestSchema>;

export const OrgSchema = z.object({
  id: IdSchema,
  name: z.string(),
  domains: z.array(z.string()),
  registeredUsersOnly: z.boolean(),
  createdAt: IsoDateTimeSchema,
});
export type Org = z.infer<typeof OrgSchema>;

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  profileId: IdSchema.nullable(),
  createdAt: IsoDateTimeSchema,
});
export type User = z.infer<typeof UserSchema>;

/** An API token is shown exactly once, in the answer that creates it; only its hash is stored. */
export const IssuedTokenSchema = z.object({
  token: z.string(),
  tokenPrefix: z.string(),
});

export const CreateOrgResponseSchema = z.object({
  org: OrgSchema,
  admin: UserSchema,
  apiToken: IssuedTokenSchema,
});
export type CreateOrgResponse = z.infer<typeof CreateOrgResponseSchema>;

export const CreateUserRequestSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  role: RoleSchema.default("member"),
  profileId: IdSchema.nullable().default(null),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

export const UpdateUserRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: RoleSchema,
    profileId: IdSchema.nullable(),
  })
  .partial();
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const ApiTokenSchema = z.object({
  id: IdSchema,
  tokenPrefix: z.string(),
  label: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: IsoDateTimeSchema.nullable(),
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateTokenRequestSchema = z.object({
  label: z.string().trim().min(1).max(100).nullable().default(null),
});

export const CreateTokenResponseSchema = z.object({
  apiToken: IssuedTokenSchema,
  token: ApiTokenSchema,
});
export type CreateTokenResponse = z.infer<typeof CreateTokenResponseSchema>;

export const CreateUserResponseSchema = z.object({
  user: UserSchema,
  apiToken: IssuedTokenSchema,
});
export type CreateUserResponse = z.infer<typeof CreateUserResponseSchema>;

export const ProfileSchema = z.object({
  id: IdSchema,
  name: z.string(),
  transcriptIntake: z.boolean(),
  createdAt: IsoDateTimeSchema,
});
export type Profile = z.infer<typeof ProfileSchema>;

export const CreateProfileRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  transcriptIntake: z.boolean().default(true),
});
export const UpdateProfileRequestSchema = CreateProfileRequestSchema.partial();

export const MeResponseSchema = z.object({
  user: UserSchema,
  org: OrgSchema,
  profile: ProfileSchema.nullable(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;
