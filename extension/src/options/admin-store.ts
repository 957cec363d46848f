import { batch, signal } from "@preact/signals";
import type { AccountListItem, FailedJob, UnassignedConversation, WebhookEvent } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import { moveIndex } from "../ui/listbox.ts";
import type { Send } from "../ui/send-message.ts";
import type { Loadable } from "./store.ts";

export type Notice = { tone: "info" | "error"; text: string };

/**
 * The admin console's state and actions (options page, admins only): unassigned conversations with
 * an account picker, failed jobs and archived webhook events with replay. `endedSession` is the page
 * store's: it answers true (and shows the sign-in form) when a failure was a 401.
 */
export function createAdminStore(send: Send, endedSession: (error: Failure) => boolean) {
  const unassigned = signal<Loadable<UnassignedConversation[]>>({ status: "loading" });
  /** The highlighted conversation of the unassigned listbox (arrow keys), -1 when none. */
  const activeConversation = signal(-1);
  const accountQuery = signal("");
  const accountResults = signal<Loadable<AccountListItem[]> | null>(null);
  const activeAccount = signal(-1);
  const chosenAccount = signal<AccountListItem | null>(null);
  const assigning = signal(false);
  const routingNotice = signal<Notice | null>(null);

  const failedJobs = signal<Loadable<FailedJob[]>>({ status: "loading" });
  const events = signal<Loadable<WebhookEvent[]>>({ status: "loading" });
  /** The failed job or event whose replay is under way. */
  const replaying = signal<string | null>(null);
  const operationsNotice = signal<Notice | null>(null);

  // A slow answer for an earlier request must not overwrite a newer one.
  let searchTicket = 0;
  let unassignedTicket = 0;
  let jobsTicket = 0;
  let eventsTicket = 0;

  function failureText(error: Failure): string | null {
    return endedSession(error) ? null : describeFailure(error);
  }

  function resetPicker() {
    searchTicket++;
    accountQuery.value = "";
    accountResults.value = null;
    activeAccount.value = -1;
    chosenAccount.value = null;
  }

  async function loadUnassigned() {
    const ticket = ++unassignedTicket;
    if (unassigned.value.status !== "ready") unassigned.value = { status: "loading" };
    const answer = await send({ type: "listUnassigned" });
    if (ticket !== unassignedTicket) return;
    if (answer.ok) {
      batch(() => {
        unassigned.value = { status: "ready", value: answer.value };
        const count = answer.value.length;
        activeConversation.value = count === 0 ? -1 : Math.min(Math.max(activeConversation.value, 0), count - 1);
      });
    } else {
      const text = failureText(answer.error);
      if (text) unassigned.value = { status: "error", message: text };
    }
  }

  async function loadFailedJobs() {
    const ticket = ++jobsTicket;
    if (failedJobs.value.status !== "ready") failedJobs.value = { status: "loading" };
    const answer = await send({ type: "listFailedJobs" });
    if (ticket !== jobsTicket) return;
    if (answer.ok) failedJobs.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) failedJobs.value = { status: "error", message: text };
    }
  }

  async function loadEvents() {
    const ticket = ++eventsTicket;
    if (events.value.status !== "ready") events.value = { status: "loading" };
    const answer = await send({ type: "listWebhookEvents" });
    if (ticket !== eventsTicket) return;
    if (answer.ok) events.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) events.value = { status: "error", message: text };
    }
  }

  function selectedConversation(): UnassignedConversation | null {
    const list = unassigned.value;
    return list.status === "ready" ? (list.value[activeConversation.value] ?? null) : null;
  }

  const actions = {
    async load() {
      await Promise.all([loadUnassigned(), loadFailedJobs(), loadEvents()]);
    },
    loadUnassigned,
    loadFailedJobs,
    loadEvents,

    /** Arrow keys in the unassigned listbox; a new conversation starts with an empty account picker. */
    moveConversation(delta: number) {
      const list = unassigned.value;
      if (list.status !== "ready") return;
      const next = moveIndex(activeConversation.value, delta, list.value.length);
      if (next !== activeConversation.value) {
        batch(() => {
          activeConversation.value = next;
          resetPicker();
        });
      }
    },
    jumpConversation(to: "first" | "last") {
      const list = unassigned.value;
      if (list.status !== "ready" || list.value.length === 0) return;
      actions.selectConversation(to === "first" ? 0 : list.value.length - 1);
    },
    selectConversation(index: number) {
      if (index === activeConversation.value) return;
      batch(() => {
        activeConversation.value = index;
        resetPicker();
      });
    },

    /** Typing in the account picker: a ranked search of the organization's accounts. */
    async searchAccounts(q: string) {
      const ticket = ++searchTicket;
      batch(() => {
        accountQuery.value = q;
        chosenAccount.value = null;
        activeAccount.value = -1;
        accountResults.value = q.trim() === "" ? null : { status: "loading" };
      });
      if (q.trim() === "") return;
      const answer = await send({ type: "searchAccounts", q });
      if (ticket !== searchTicket) return;
      if (answer.ok) {
        batch(() => {
          accountResults.value = { status: "ready", value: answer.value.accounts };
          activeAccount.value = answer.value.accounts.length ? 0 : -1;
        });
      } else {
        const text = failureText(answer.error);
        if (text) accountResults.value = { status: "error", message: text };
      }
    },
    moveAccount(delta: number) {
      const results = accountResults.value;
      if (results?.status !== "ready") return;
      activeAccount.value = moveIndex(activeAccount.value, delta, results.value.length);
    },
    jumpAccount(to: "first" | "last") {
      const results = accountResults.value;
      if (results?.status !== "ready" || results.value.length === 0) return;
      activeAccount.value = to === "first" ? 0 : results.value.length - 1;
    },
    /** Chooses the highlighted account (or the one at `index`, a click) as the assignment's target. */
    chooseAccount(index = activeAccount.value) {
      const results = accountResults.value;
      const account = results?.status === "ready" ? results.value[index] : undefined;
      if (!account) return;
      batch(() => {
        activeAccount.value = index;
        chosenAccount.value = account;
      });
    },

    /** Assigns the highlighted conversation to the chosen account; on success it leaves the list. */
    async assign() {
      const conversation = selectedConversation();
      const account = chosenAccount.value;
      if (!conversation || !account || assigning.value) return;
      batch(() => {
        assigning.value = true;
        routingNotice.value = null;
      });
      const answer = await send({ type: "assignConversation", conversationId: conversation.id, accountId: account.id });
      assigning.value = false;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) routingNotice.value = { tone: "error", text };
        return;
      }
      batch(() => {
        const list = unassigned.value;
        if (list.status === "ready") {
          const rest = list.value.filter((item) => item.id !== conversation.id);
          unassigned.value = { status: "ready", value: rest };
          activeConversation.value = rest.length === 0 ? -1 : Math.min(activeConversation.value, rest.length - 1);
        }
        resetPicker();
        routingNotice.value = { tone: "info", text: `Assigned “${conversation.title}” to ${account.name}.` };
      });
      // The backend's list is the source of truth (another admin may have routed others meanwhile).
      await loadUnassigned();
    },

    async replayJob(job: FailedJob) {
      if (replaying.value) return;
      batch(() => {
        replaying.value = job.id;
        operationsNotice.value = null;
      });
      const answer = await send({ type: "replayFailedJob", id: job.id });
      replaying.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) operationsNotice.value = { tone: "error", text };
        return;
      }
      const list = failedJobs.value;
      batch(() => {
        if (list.status === "ready")
          failedJobs.value = {
            status: "ready",
            value: list.value.map((item) => (item.id === answer.value.id ? answer.value : item)),
          };
        operationsNotice.value = { tone: "info", text: `Job ${job.jobType} is back on the queue.` };
      });
    },

    async replayEvent(event: WebhookEvent) {
      if (replaying.value) return;
      batch(() => {
        replaying.value = event.id;
        operationsNotice.value = null;
      });
      const answer = await send({ type: "replayWebhookEvent", id: event.id });
      replaying.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) operationsNotice.value = { tone: "error", text };
        return;
      }
      const list = events.value;
      const after = answer.value;
      batch(() => {
        if (list.status === "ready")
          events.value = { status: "ready", value: list.value.map((item) => (item.id === after.id ? after : item)) };
        operationsNotice.value = {
          tone: "info",
          text:
            after.status === "ignored"
              ? `Event ${after.eventType} replayed and ignored: ${after.reason ?? "no reason given"}.`
              : `Event ${after.eventType} replayed: ${after.status}.`,
        };
      });
    },

    /** Signing out (or a member signing in) forgets everything the console showed. */
    reset() {
      unassignedTicket++;
      jobsTicket++;
      eventsTicket++;
      batch(() => {
        unassigned.value = { status: "loading" };
        activeConversation.value = -1;
        resetPicker();
        assigning.value = false;
        routingNotice.value = null;
        failedJobs.value = { status: "loading" };
        events.value = { status: "loading" };
        replaying.value = null;
        operationsNotice.value = null;
      });
    },
  };

  return {
    unassigned,
    activeConversation,
    accountQuery,
    accountResults,
    activeAccount,
    chosenAccount,
    assigning,
    routingNotice,
    failedJobs,
    events,
    replaying,
    operationsNotice,
    actions,
  };
}

export type AdminStore = ReturnType<typeof createAdminStore>;
