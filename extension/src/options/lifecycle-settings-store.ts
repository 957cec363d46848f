import { batch, signal } from "@preact/signals";
import type { EmailCaptureSettings, RetentionSettings } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import type { Notice } from "./admin-store.ts";
import type { Loadable } from "./store.ts";

/** A retention field as typed: "" keeps forever, otherwise whole days from 1 to 36,500. */
export function parseDays(text: string, what: string): number | null | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return { error: `${what}: a whole number of days, or empty to keep forever.` };
  const days = Number(trimmed);
  if (days < 1 || days > 36_500) return { error: `${what}: between 1 and 36,500 days.` };
  return days;
}

/**
 * Organization settings of the data lifecycle: retention periods (the nightly run deletes what is
 * past them, logged with the deletions) and automatic e-mail capture. Saved values come back from
 * the backend; a refusal keeps the stored ones and says why.
 */
export function createLifecycleSettingsStore(send: Send, endedSession: (error: Failure) => boolean) {
  const retention = signal<Loadable<RetentionSettings>>({ status: "loading" });
  const emailCapture = signal<Loadable<EmailCaptureSettings>>({ status: "loading" });
  const saving = signal<"retention" | "email" | null>(null);
  const retentionNotice = signal<Notice | null>(null);
  const emailNotice = signal<Notice | null>(null);
  let ticket = 0;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));

  async function loadRetention() {
    const mine = ticket;
    const answer = await send({ type: "getRetention" });
    if (mine !== ticket) return;
    if (answer.ok) retention.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) retention.value = { status: "error", message: text };
    }
  }

  async function loadEmailCapture() {
    const mine = ticket;
    const answer = await send({ type: "getEmailCaptureSettings" });
    if (mine !== ticket) return;
    if (answer.ok) emailCapture.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) emailCapture.value = { status: "error", message: text };
    }
  }

  const actions = {
    async load() {
      await Promise.all([loadRetention(), loadEmailCapture()]);
    },
    loadRetention,
    loadEmailCapture,

    /** Returns true when saved. */
    async saveRetention(transcriptDays: string, archiveDays: string): Promise<boolean> {
      if (saving.value) return false;
      const transcripts = parseDays(transcriptDays, "Transcripts");
      const archives = parseDays(archiveDays, "Archived webhooks");
      for (const parsed of [transcripts, archives])
        if (parsed !== null && typeof parsed === "object") {
          retentionNotice.value = { tone: "error", text: parsed.error };
          return false;
        }
      const value = {
        transcriptRetentionDays: transcripts as number | null,
        archiveRetentionDays: archives as number | null,
      };
      batch(() => {
        saving.value = "retention";
        retentionNotice.value = null;
      });
      const answer = await send({ type: "setRetention", retention: value });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) retentionNotice.value = { tone: "error", text };
        return false;
      }
      batch(() => {
        retention.value = { status: "ready", value: answer.value };
        retentionNotice.value = { tone: "info", text: "Retention saved: the nightly run applies it." };
      });
      return true;
    },

    async setAutoCapture(on: boolean) {
      const current = emailCapture.value;
      if (current.status !== "ready" || saving.value) return;
      batch(() => {
        saving.value = "email";
        emailNotice.value = null;
        emailCapture.value = { status: "ready", value: { autoCapture: on } };
      });
      const answer = await send({ type: "setEmailCaptureSettings", autoCapture: on });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text)
          batch(() => {
            emailCapture.value = current;
            emailNotice.value = { tone: "error", text };
          });
        return;
      }
      batch(() => {
        emailCapture.value = { status: "ready", value: answer.value };
        emailNotice.value = {
          tone: "info",
          text: answer.value.autoCapture
            ? "The Gmail sidebar now adds threads with a known account's domain by itself."
            : "E-mail threads are added only when a user adds them.",
        };
      });
    },

    reset() {
      ticket++;
      batch(() => {
        retention.value = { status: "loading" };
        emailCapture.value = { status: "loading" };
        saving.value = null;
        retentionNotice.value = null;
        emailNotice.value = null;
      });
    },
  };

  return { retention, emailCapture, saving, retentionNotice, emailNotice, actions };
}

export type LifecycleSettingsStore = ReturnType<typeof createLifecycleSettingsStore>;
