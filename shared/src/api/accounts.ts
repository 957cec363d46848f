import { z } from "zod";
import { DomainSchema, EmailSchema, IdSchema, IsoDateTimeSchema } from "./common.ts";
import { LeadSourceInputSchema, LeadSourceSchema } from "./lead-source.ts";

/** Salesforce record ids are 15 (case-sensitive) or 18 (with a checksum suffix) characters. */
export const SalesforceIdSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, "must be a 15 or 18 character Salesforce id");
export const HubspotIdSchema = z
  .string()
  .trim()
  .regex(/^[0-9]{1,20}$/, "must be a numeric HubSpot id");

export const AccountSchema = z.object({
  id: IdSchema,
  name: z.string(),
  domains: z.array(z.string()),
  salesforceId: z.string().nullable(),
  hubspotId: z.string().nullable(),
  /** Null when none of its parts is set. */
  leadSource: LeadSourceSchema.nullable(),
  ownerUserId: IdSchema.nullable(),
  lastActivityAt: IsoDateTimeSchema.nullable(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});
export type Account = z.infer<typeof AccountSchema>;

export const CreateAccountRequestSchema = z.object({
  name: z.string().trim().min(1).max(200),
  domains: z.array(DomainSchema).max(50).default([]),
  salesforceId: SalesforceIdSchema.nullable().default(null),
  hubspotId: HubspotIdSchema.nullable().default(null),
  leadSource: LeadSourceInputSchema.default(null),
  ownerUserId: IdSchema.nullable().default(null),
});
export type CreateAccountRequest = z.infer<typeof CreateAccountRequestSchema>;

export const UpdateAccountRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    domains: z.array(DomainSchema).max(50),
    salesforceId: SalesforceIdSchema.nullable(),
    hubspotId: HubspotIdSchema.nullable(),
    leadSource: LeadSourceInputSchema,
    ownerUserId: IdSchema.nullable(),
  })
  .partial();
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequestSchema>;

/** One row of "My accounts" or of a search: the account plus why it matched. */
export const AccountListItemSchema = AccountSchema.extend({
  /** Search relevance 0..1; null in the "My accounts" list. */
  score: z.number().nullable(),
  /** The caller owns the account or has hosted a conversation with it. */
  mine: z.boolean(),
  /** Over the last 90 days: the most discussed topics, and how many wins and issues were heard. */
  recentTopics: z.array(z.string()),
  winCount: z.number().int(),
  issueCount: z.number().int(),
});
export type AccountListItem = z.infer<typeof AccountListItemSchema>;

export const ListAccountsQuerySchema = z.object({
  q: z.string().trim().max(200).default(""),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const ListAccountsResponseSchema = z.object({
  /**
   * "mine": the caller's accounts first (owned or talked to), then the organization's others, each
   * group by recent activity; "all": the caller has none yet, so only the organization's; "search":
   * ranked matches for q.
   */
  scope: z.enum(["mine", "all", "search"]),
  accounts: z.array(AccountListItemSchema),
});
export type ListAccountsResponse = z.infer<typeof ListAccountsResponseSchema>;

export const CrmSchema = z.enum(["salesforce", "hubspot"]);
export type Crm = z.infer<typeof CrmSchema>;

export const LookupAccountQuerySchema = z
  .object({
    domain: z.string().trim().min(1).max(2048).optional(),
    email: EmailSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    crm: CrmSchema.optional(),
    crmId: z.string().trim().min(1).max(64).optional(),
  })
  .refine((q) => (q.crm === undefined) === (q.crmId === undefined), {
    message: "crm and crmId go together",
    path: ["crmId"],
  })
  .refine((q) => q.domain || q.email || q.name || q.crmId, {
    message: "give at least one of domain, email, name or crm+crmId",
    path: ["domain"],
  });
export type LookupAccountQuery = z.infer<typeof LookupAccountQuerySchema>;

export const LookupAccountResponseSchema = z.object({
  account: AccountSchema,
  matchedBy: z.enum(["crm", "email", "domain", "name"]),
});
export type LookupAccountResponse = z.infer<typeof LookupAccountResponseSchema>;

/**
 * A phone number as people write it: digits with spaces, dashes, dots, parentheses, a leading + and
 * an optional extension ("+1 (415) 555-0100 ext 12"). At least 7 digits; routing normalizes it.
 */
export const PhoneSchema = z
  .string()
  .trim()
  .max(50)
  // A leading "(" is allowed: "(415) 555-0132" is how most North American numbers are written.
  .regex(/^\+?\(?[0-9][0-9 ()./-]*(\s*(ext\.?|x|#)\s*[0-9]+)?$/i, "must be a phone number like +1 415 555 0100")
  .refine((value) => value.replace(/\s*(ext\.?|x|#)\s*[0-9]+$/i, "").replace(/\D/g, "").length >= 7, {
    message: "must be a phone number like +1 415 555 0100 (at least 7 digits)",
  });

export const ContactSideSchema = z.enum(["ours", "theirs"]);
export type ContactSide = z.infer<typeof ContactSideSchema>;

export const ContactSchema = z.object({
  id: IdSchema,
  accountId: IdSchema.nullable(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  title: z.string().nullable(),
  side: ContactSideSchema,
  leadSource: LeadSourceSchema.nullable(),
  lastInteractionAt: IsoDateTimeSchema.nullable(),
  createdAt: IsoDateTimeSchema,
});
export type Contact = z.infer<typeof ContactSchema>;

export const CreateContactRequestSchema = z.object({
  accountId: IdSchema.nullable().default(null),
  name: z.string().trim().min(1).max(200),
  email: EmailSchema.nullable().default(null),
  phone: PhoneSchema.nullable().default(null),
  title: z.string().trim().max(200).nullable().default(null),
  side: ContactSideSchema.default("theirs"),
  leadSource: LeadSourceInputSchema.default(null),
});
export type CreateContactRequest = z.infer<typeof CreateContactRequestSchema>;

export const UpdateContactRequestSchema = z
  .object({
    accountId: IdSchema.nullable(),
    name: z.string().trim().min(1).max(200),
    email: EmailSchema.nullable(),
    phone: PhoneSchema.nullable(),
    title: z.string().trim().max(200).nullable(),
    side: ContactSideSchema,
    leadSource: LeadSourceInputSchema,
  })
  .partial();
