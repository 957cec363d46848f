import {
  type EmailCaptureSettings,
  EmailCaptureSettingsSchema,
  type RetentionSettings,
  RetentionSettingsSchema,
} from "@sightline/shared";
import type { Result } from "../../shared/messages.ts";
import { callSignedIn } from "./call-signed-in.ts";

/** Organization settings of the data lifecycle: retention periods and automatic e-mail capture. */

/** GET /org/retention. */
export async function getRetention(): Promise<Result<RetentionSettings>> {
  return callSignedIn((api, init) => api.GET("/org/retention", init), RetentionSettingsSchema);
}

/** PUT /org/retention: the nightly run deletes what is past the periods (null: kept). */
export async function setRetention(input: { retention: RetentionSettings }): Promise<Result<RetentionSettings>> {
  const body = {
    transcriptRetentionDays: input.retention.transcriptRetentionDays,
    archiveRetentionDays: input.retention.archiveRetentionDays,
  };
  return callSignedIn((api, init) => api.PUT("/org/retention", { body, ...init }), RetentionSettingsSchema);
}

/** GET /org/email-capture. */
export async function getEmailCaptureSettings(): Promise<Result<EmailCaptureSettings>> {
  return callSignedIn((api, init) => api.GET("/org/email-capture", init), EmailCaptureSettingsSchema);
}

/** PUT /org/email-capture. */
export async function setEmailCaptureSettings(input: { autoCapture: boolean }): Promise<Result<EmailCaptureSettings>> {
  const body = { autoCapture: input.autoCapture };
  return callSignedIn((api, init) => api.PUT("/org/email-capture", { body, ...init }), EmailCaptureSettingsSchema);
}
