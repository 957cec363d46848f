import { z } from "zod";

/**
 * The organization's Slack incoming webhook for call recaps. The URL is a secret (anyone holding it
 * can post to the channel): the API accepts it, stores it encrypted and only ever says whether one
 * is configured. https only; the Worker accepts http://127.0.0.1 only when ALLOW_INSECURE_WEBHOOKS is "true".
 */
export const SetSlackWebhookRequestSchema = z.object({
  webhookUrl: z
    .string()
    .trim()
    .max(2000)
    .regex(/^https?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, "must be a URL like https://hooks.slack.com/services/..."),
});
export type SetSlackWebhookRequest = z.infer<typeof SetSlackWebhookRequestSchema>;

export const SlackWebhookStatusSchema = z.object({ configured: z.boolean() });
export type SlackWebhookStatus = z.infer<typeof SlackWebhookStatusSchema>;

/**
 * Per-user Zoom OAuth: by default the callback refuses a Zoom user whose e-mail is not the Sightline
 * user's (case-insensitive). An admin allows differing e-mails for the organization, e.g. for people
 * whose Zoom login is a personal or former address.
 */
export const ZoomOAuthSettingsSchema = z.object({ allowZoomEmailMismatch: z.boolean() });
export type ZoomOAuthSettings = z.infer<typeof ZoomOAuthSettingsSchema>;

export const UpdateZoomOAuthSettingsRequestSchema = z.object({ allowZoomEmailMismatch: z.boolean() });
export type UpdateZoomOAuthSettingsRequest = z.infer<typeof UpdateZoomOAuthSettingsRequestSchema>;
