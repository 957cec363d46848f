import { batch, signal } from "@preact/signals";
import type { IntakeSettings, SlackWebhookStatus } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import type { Notice } from "./admin-store.ts";
import type { Loadable } from "./store.ts";

/**
 * The admin console's organization settings: "registered users only" with the intake log (what was
 * discarded on receipt and why), and the Slack webhook for call recaps (set, replaced or removed; its
 * URL is never shown again, the backend keeps it sealed).
 */
export function createOrgSettingsStore(send: Send, endedSession: (error: Failure) => boolean) {
  const intake = signal<Loadable<IntakeSettings>>({ status: "loading" });
  const slack = signal<Loadable<SlackWebhookStatus>>({ status: "loading" });
  const saving = signal<"intake" | "slack" | null>(null);
  const intakeNotice = signal<Notice | null>(null);
  const slackNotice = signal<Notice | null>(null);
  let intakeTicket = 0;
  let slackTicket = 0;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));

  async function loadIntake() {
    const ticket = ++intakeTicket;
    if (intake.value.status !== "ready") intake.value = { status: "loading" };
    const answer = await send({ type: "getIntakeSettings" });
    if (ticket !== intakeTicket) return;
    if (answer.ok) intake.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) intake.value = { status: "error", message: text };
    }
  }

  async function loadSlack() {
    const ticket = ++slackTicket;
    if (slack.value.status !== "ready") slack.value = { status: "loading" };
    const answer = await send({ type: "getSlackWebhook" });
    if (ticket !== slackTicket) return;
    if (answer.ok) slack.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) slack.value = { status: "error", message: text };
    }
  }

  const actions = {
    async load() {
      await Promise.all([loadIntake(), loadSlack()]);
    },
    loadIntake,
    loadSlack,

    /** The checkbox shows the new value at once; a refusal puts the stored one back. */
    async setRegisteredUsersOnly(on: boolean) {
      const current = intake.value;
      if (current.status !== "ready" || saving.value) return;
      intakeTicket++;
      batch(() => {
        saving.value = "intake";
        intakeNotice.value = null;
        intake.value = { status: "ready", value: { ...current.value, registeredUsersOnly: on } };
      });
      const answer = await send({ type: "setRegisteredUsersOnly", registeredUsersOnly: on });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text)
          batch(() => {
            intake.value = current;
            intakeNotice.value = { tone: "error", text };
          });
        return;
      }
      batch(() => {
        intake.value = { status: "ready", value: answer.value };
        intakeNotice.value = {
          tone: "info",
          text: on
            ? "Only calls hosted by registered users are ingested now."
            : "Calls of every host in the organization's connections are ingested now.",
        };
      });
    },

    /** Returns true when the backend accepted the URL (the form then clears it). */
    async setSlackWebhook(webhookUrl: string): Promise<boolean> {
      const url = webhookUrl.trim();
      if (saving.value) return false;
      if (url === "") {
        slackNotice.value = { tone: "error", text: "Paste the Slack incoming-webhook URL first." };
        return false;
      }
      batch(() => {
        saving.value = "slack";
        slackNotice.value = null;
      });
      const answer = await send({ type: "setSlackWebhook", webhookUrl: url });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) slackNotice.value = { tone: "error", text };
        return false;
      }
      batch(() => {
        slack.value = { status: "ready", value: answer.value };
        slackNotice.value = { tone: "info", text: "Slack recaps are on: each analyzed call is posted there." };
      });
      return true;
    },

    async clearSlackWebhook() {
      if (saving.value) return;
      batch(() => {
        saving.value = "slack";
        slackNotice.value = null;
      });
      const answer = await send({ type: "clearSlackWebhook" });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) slackNotice.value = { tone: "error", text };
        return;
      }
      batch(() => {
        slack.value = { status: "ready", value: answer.value };
        slackNotice.value = { tone: "info", text: "Slack recaps are off." };
      });
    },

    reset() {
      intakeTicket++;
      slackTicket++;
      batch(() => {
        intake.value = { status: "loading" };
        slack.value = { status: "loading" };
        saving.value = null;
        intakeNotice.value = null;
        slackNotice.value = null;
      });
    },
  };

  return { intake, slack, saving, intakeNotice, slackNotice, actions };
}

export type OrgSettingsStore = ReturnType<typeof createOrgSettingsStore>;
