import { z } from "zod";

const LeadSourceValueSchema = z.string().trim().min(1).max(100).nullable().default(null);

/**
 * Where a lead came from: the UTM parameters of the click that brought it, or the CRM's lead source
 * (Salesforce's LeadSource picklist, HubSpot's original source). Accounts and contacts carry one.
 */
export const LeadSourceSchema = z.object({
  utmSource: z.string().nullable(),
  utmMedium: z.string().nullable(),
  utmCampaign: z.string().nullable(),
  crmLeadSource: z.string().nullable(),
});
export type LeadSource = z.infer<typeof LeadSourceSchema>;

/**
 * A lead source as a client sends it: the four fields (omitted ones are null), or a bare string,
 * which is a CRM lead source (what the free-text `leadSource` of earlier versions held).
 */
export const LeadSourceInputSchema = z
  .union([
    z.string().trim().min(1).max(100),
    z
      .object({
        utmSource: LeadSourceValueSchema,
        utmMedium: LeadSourceValueSchema,
        utmCampaign: LeadSourceValueSchema,
        crmLeadSource: LeadSourceValueSchema,
      })
      .strict(),
  ])
  .nullable();
export type LeadSourceInput = z.infer<typeof LeadSourceInputSchema>;

/** The four columns a lead source input sets (all null: no lead source). */
export function leadSourceColumns(input: LeadSourceInput): LeadSource {
  if (input === null) return { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: null };
  if (typeof input === "string") return { utmSource: null, utmMedium: null, utmCampaign: null, crmLeadSource: input };
  return input;
}

/** The four columns as the API shows them: null when none is set. */
export function leadSourceView(row: LeadSource): LeadSource | null {
  const { utmSource, utmMedium, utmCampaign, crmLeadSource } = row;
  return utmSource || utmMedium || utmCampaign || crmLeadSource
    ? { utmSource, utmMedium, utmCampaign, crmLeadSource }
    : null;
}
