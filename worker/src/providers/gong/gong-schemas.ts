import { z } from "zod";

/**
 * What Sightline reads of Gong's answers (API v2, ../shared/notes/providers.md). Gong adds fields
 * without notice: unknown ones are dropped, and everything Sightline can live without is optional.
 */
const callId = z.union([z.string(), z.number()]).transform(String);

export const GongCallMetaSchema = z.object({
  id: callId,
  title: z.string().nullish(),
  started: z.string().nullish(),
  scheduled: z.string().nullish(),
  duration: z.number().nullish(),
  primaryUserId: z.union([z.string(), z.number()]).transform(String).nullish(),
  direction: z.string().nullish(),
  scope: z.string().nullish(),
  url: z.string().nullish(),
});
export type GongCallMeta = z.infer<typeof GongCallMetaSchema>;

const RecordsSchema = z.object({ cursor: z.string().nullish() }).nullish();

export const GongCallsPageSchema = z.object({
  records: RecordsSchema,
  calls: z.array(GongCallMetaSchema).default([]),
});

export const GongPartySchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).nullish(),
  emailAddress: z.string().nullish(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  userId: z.union([z.string(), z.number()]).transform(String).nullish(),
  speakerId: z.union([z.string(), z.number()]).transform(String).nullish(),
  affiliation: z.string().nullish(),
});
export type GongParty = z.infer<typeof GongPartySchema>;

export const GongContextSchema = z.object({
  system: z.string().nullish(),
  objects: z
    .array(
      z.object({
        objectType: z.string().nullish(),
        objectId: z.union([z.string(), z.number()]).transform(String).nullish(),
      }),
    )
    .nullish(),
});
export type GongContext = z.infer<typeof GongContextSchema>;

export const GongExtensiveCallSchema = z.object({
  metaData: GongCallMetaSchema,
  parties: z.array(GongPartySchema).nullish(),
  context: z.array(GongContextSchema).nullish(),
});
export type GongExtensiveCall = z.infer<typeof GongExtensiveCallSchema>;

export const GongExtensivePageSchema = z.object({
  records: RecordsSchema,
  calls: z.array(GongExtensiveCallSchema).default([]),
});

export const GongMonologueSchema = z.object({
  speakerId: z.union([z.string(), z.number()]).transform(String).nullish(),
  topic: z.string().nullish(),
  sentences: z
    .array(z.object({ start: z.number(), end: z.number(), text: z.string().default("") }))
    .nullish()
    .transform((v) => v ?? []),
});
export type GongMonologue = z.infer<typeof GongMonologueSchema>;

export const GongTranscriptPageSchema = z.object({
  records: RecordsSchema,
  callTranscripts: z
    .array(
      z.object({
        callId,
        transcript: z
          .array(GongMonologueSchema)
          .nullish()
          .transform((v) => v ?? []),
      }),
    )
    .default([]),
});

/** Token answer of /oauth2/generate-customer-token. */
export const GongTokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().nullish(),
  scope: z.string().nullish(),
  api_base_url_for_customer: z.string().min(1),
});
export type GongToken = z.infer<typeof GongTokenSchema>;

/**
 * `GET /v2/workspaces` ("list all company workspaces"; scope `api:workspaces:read`): the company's
 * workspaces, each with its id (digits, like call ids). Not in ../shared/notes/providers.md; the
 * shape is that of Gong's public API reference as open-source clients copy it.
 */
export const GongWorkspacesSchema = z.object({
  workspaces: z.array(z.object({ id: callId, name: z.string().nullish() })),
});
