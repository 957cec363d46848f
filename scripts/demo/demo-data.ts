import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { REPO_ROOT } from "../lib/local-stack.ts";

/** The demo organization shipped with the project (scripts/demo/data), validated on load. */
const DATA_DIR = join(REPO_ROOT, "scripts/demo/data");

const Key = z.string().regex(/^[a-z0-9-]+$/);

export const DemoOrganizationSchema = z.object({
  name: z.string().min(1),
  domains: z.array(z.string()),
  users: z
    .array(z.object({ key: Key, email: z.string().email(), name: z.string(), role: z.enum(["admin", "member"]) }))
    .min(1),
  accounts: z.array(
    z.object({
      key: Key,
      name: z.string(),
      domains: z.array(z.string()),
      salesforceId: z.string().nullable(),
      hubspotId: z.string().nullable(),
      leadSource: z.string().nullable(),
      ownerKey: Key.nullable(),
      contacts: z.array(
        z.object({
          name: z.string(),
          email: z.string().email(),
          phone: z.string().nullable(),
          title: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type DemoOrganization = z.infer<typeof DemoOrganizationSchema>;

export const DemoConversationSchema = z.object({
  key: Key,
  accountKey: Key,
  source: z.enum(["zoom_meeting", "zcc_voice", "gong_call"]),
  title: z.string(),
  daysAgo: z.number().int().min(0),
  startHourUtc: z.number().int().min(0).max(23),
  hostKey: Key,
  participants: z.array(z.object({ name: z.string(), email: z.string().email(), side: z.enum(["ours", "theirs"]) })),
  segments: z
    .array(
      z.object({
        speaker: z.string(),
        startMs: z.number().int().min(0),
        endMs: z.number().int().min(0),
        text: z.string().min(1),
      }),
    )
    .min(1),
});
export type DemoConversation = z.infer<typeof DemoConversationSchema>;

export function loadDemoData(): { organization: DemoOrganization; conversations: DemoConversation[] } {
  const organization = DemoOrganizationSchema.parse(
    JSON.parse(readFileSync(join(DATA_DIR, "organization.json"), "utf8")),
  );
  const dir = join(DATA_DIR, "conversations");
  const conversations = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => DemoConversationSchema.parse(JSON.parse(readFileSync(join(dir, f), "utf8"))));
  return { organization, conversations };
}
