import { batch, signal } from "@preact/signals";
import type { CreateDeletion, Deletion } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import { createAccountChoice } from "./account-choice.ts";
import type { Notice } from "./admin-store.ts";
import { createPolledList } from "./polled-list.ts";

export type DeletionScope = CreateDeletion["scope"];

/** What the form holds: a scope, its target (with the name the confirmation shows) and optional days. */
export type DeletionDraft = {
  scope: DeletionScope;
  target: { id: string; name: string } | null;
  /** YYYY-MM-DD (UTC) from the date inputs; "" for open-ended. */
  from: string;
  to: string;
};

/** The request waiting for the admin's confirmation, and the sentence that names what will go. */
export type PendingDeletion = { request: CreateDeletion; description: string };

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day's first instant in UTC, or null when the text is no date. */
function startOfDay(day: string): number | null {
  if (!DAY.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The request and its description, or the reason the draft cannot go yet. The "to" day is inclusive
 * (the backend's range is [from, to), so it gets the next day's start).
 */
export function planDeletion(draft: DeletionDraft): PendingDeletion | { error: string } {
  const request: CreateDeletion = { scope: draft.scope };
  let what = "every conversation of the organization";
  if (draft.scope !== "all") {
    if (!draft.target) return { error: `Choose the ${draft.scope} whose conversations go.` };
    const field = ({ user: "userId", account: "accountId", connection: "connectionId" } as const)[draft.scope];
    request[field] = draft.target.id;
    what =
      draft.scope === "user"
        ? `every conversation hosted by ${draft.target.name}`
        : draft.scope === "account"
          ? `every conversation of the account ${draft.target.name}`
          : `every conversation ingested through the connection ${draft.target.name}`;
  }
  const from = draft.from ? startOfDay(draft.from) : null;
  const to = draft.to ? startOfDay(draft.to) : null;
  if (draft.from && from === null) return { error: "The start date is not a date." };
  if (draft.to && to === null) return { error: "The end date is not a date." };
  if (from !== null && to !== null && to < from) return { error: "The end date is before the start date." };
  if (from !== null) request.from = new Date(from).toISOString();
  if (to !== null) request.to = new Date(to + DAY_MS).toISOString();
  const range =
    from !== null && to !== null
      ? ` that started from ${draft.from} to ${draft.to} (UTC, both days included)`
      : from !== null
        ? ` that started on or after ${draft.from} (UTC)`
        : to !== null
          ? ` that started on or before ${draft.to} (UTC)`
          : "";
  return {
    request,
    description: `Delete ${what}${range}: transcripts, insights, recordings and archived webhooks. This cannot be undone.`,
  };
}

export const isFinished = (deletion: Deletion) => deletion.status === "done" || deletion.status === "failed";

/**
 * Deletions: the form's confirmation step, the request, and the audit log whose unfinished entries are
 * polled (one GET each) until they are done or failed, so the progress bars move by themselves.
 */
export function createDeletionsStore(
  send: Send,
  endedSession: (error: Failure) => boolean,
  options: { pollMs?: number } = {},
) {
  const pollMs = options.pollMs ?? 1500;
  const pending = signal<PendingDeletion | null>(null);
  const requesting = signal(false);
  const notice = signal<Notice | null>(null);

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));
  const accountChoice = createAccountChoice(send, failureText);

  const polled = createPolledList<Deletion>({
    fetchAll: () => send({ type: "listDeletions" }),
    fetchOne: (id) => send({ type: "getDeletion", id }),
    isActive: (d) => !isFinished(d),
    pollMs,
    endedSession,
    failureText,
  });
  const { items: deletions, load, upsert, schedulePoll } = polled;

  const actions = {
    load,

    /** First step: nothing is sent; the confirmation names what will go (or the notice says what is missing). */
    ask(draft: DeletionDraft) {
      const plan = planDeletion(draft);
      batch(() => {
        if ("error" in plan) {
          pending.value = null;
          notice.value = { tone: "error", text: plan.error };
        } else {
          pending.value = plan;
          notice.value = null;
        }
      });
    },

    cancel() {
      pending.value = null;
    },

    async confirm() {
      const plan = pending.value;
      if (!plan || requesting.value) return;
      requesting.value = true;
      const answer = await send({ type: "createDeletion", deletion: plan.request });
      requesting.value = false;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) notice.value = { tone: "error", text };
        return;
      }
      batch(() => {
        pending.value = null;
        upsert(answer.value);
        notice.value = { tone: "info", text: "Deletion queued: its progress is in the list below." };
      });
      schedulePoll();
    },

    reset() {
      batch(() => {
        polled.reset();
        pending.value = null;
        requesting.value = false;
        notice.value = null;
      });
      accountChoice.reset();
    },
  };

  return { deletions, pending, requesting, notice, accountChoice, actions };
}

export type DeletionsStore = ReturnType<typeof createDeletionsStore>;
