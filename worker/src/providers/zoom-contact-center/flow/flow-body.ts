import { z } from "zod";

/**
 * What the guide's example Flow event script posts: `disposition` is
 * `global_system.Engagement.disposition`'s `data.result` and `transcript` the transcript's
 * `data.result.transcript`; their inner shapes are not documented, so both stay open (a string or
 * an object for the disposition, a list or object of messages for the transcript). An
 * `engagement_id` (the script can add `global_system.Engagement.engagement_id`) ties it to the
 * engagement the webhooks and the REST API know.
 */
export const FlowBodySchema = z
  .looseObject({
    engagement_id: z
      .union([z.string().min(1), z.number()])
      .transform(String)
      .optional(),
    disposition: z.union([z.string(), z.looseObject({}), z.null()]).optional(),
    transcript: z.union([z.array(z.unknown()), z.looseObject({}), z.string(), z.null()]).optional(),
  })
  .refine((b) => (b.disposition ?? null) !== null || (b.transcript ?? null) !== null, {
    message: "needs a disposition or a transcript",
  });
export type FlowBody = z.infer<typeof FlowBodySchema>;

/** The disposition's id and name, whatever form it came in. */
export function flowDisposition(value: FlowBody["disposition"]): { id: string; name: string } | null {
  if (typeof value === "string") return value.trim() ? { id: value.trim(), name: value.trim() } : null;
  if (!value) return null;
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = value[k];
      if ((typeof v === "string" && v.trim()) || typeof v === "number") return String(v).trim();
    }
    return null;
  };
  const name = pick("disposition_name", "name", "label", "value");
  const id = pick("disposition_id", "id") ?? name;
  return id && name ? { id, name } : id ? { id, name: id } : null;
}
