import { batch, signal } from "@preact/signals";
import type { DataExport } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import { createAccountChoice } from "./account-choice.ts";
import type { Notice } from "./admin-store.ts";
import type { Loadable } from "./store.ts";

export const isExportRunning = (e: DataExport) => e.status === "pending" || e.status === "running";

/** The download link only when it is a web address (never javascript: or data:, whatever the backend says). */
export function safeDownloadUrl(e: DataExport): string | null {
  if (e.status !== "done" || !e.download) return null;
  try {
    const url = new URL(e.download.url);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Exports of the organization's or one account's data: start one, and the list whose unfinished
 * entries are polled until they are done; a done export carries a signed link that expires in
 * minutes, so Reload asks for fresh ones.
 */
export function createExportsStore(
  send: Send,
  endedSession: (error: Failure) => boolean,
  options: { pollMs?: number } = {},
) {
  const pollMs = options.pollMs ?? 1500;
  const exports = signal<Loadable<DataExport[]>>({ status: "loading" });
  const starting = signal(false);
  const notice = signal<Notice | null>(null);
  let listTicket = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));
  const accountChoice = createAccountChoice(send, failureText);

  function upsert(item: DataExport) {
    const current = exports.value.status === "ready" ? exports.value.value : [];
    const known = current.some((e) => e.id === item.id);
    exports.value = {
      status: "ready",
      value: known ? current.map((e) => (e.id === item.id ? item : e)) : [item, ...current],
    };
  }

  function schedulePoll() {
    if (timer !== null) return;
    const list = exports.value;
    if (list.status !== "ready" || !list.value.some(isExportRunning)) return;
    timer = setTimeout(() => {
      timer = null;
      void poll();
    }, pollMs);
  }

  async function poll() {
    const list = exports.value;
    if (list.status !== "ready") return;
    const ticket = listTicket;
    for (const item of list.value.filter(isExportRunning)) {
      const answer = await send({ type: "getExport", id: item.id });
      if (ticket !== listTicket) return;
      if (answer.ok) upsert(answer.value);
      else if (endedSession(answer.error)) return;
    }
    schedulePoll();
  }

  async function load() {
    const ticket = ++listTicket;
    if (exports.value.status !== "ready") exports.value = { status: "loading" };
    const answer = await send({ type: "listExports" });
    if (ticket !== listTicket) return;
    if (answer.ok) {
      exports.value = { status: "ready", value: answer.value };
      schedulePoll();
    } else {
      const text = failureText(answer.error);
      if (text) exports.value = { status: "error", message: text };
    }
  }

  const actions = {
    load,

    /** null: the whole organization. */
    async start(account: { id: string; name: string } | null) {
      if (starting.value) return;
      batch(() => {
        starting.value = true;
        notice.value = null;
      });
      const answer = await send({ type: "createExport", accountId: account?.id ?? null });
      starting.value = false;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) notice.value = { tone: "error", text };
        return;
      }
      batch(() => {
        upsert(answer.value);
        notice.value = {
          tone: "info",
          text: `Export of ${account ? account.name : "the whole organization"} started: the link appears below when it is done.`,
        };
      });
      schedulePoll();
    },

    reset() {
      listTicket++;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      batch(() => {
        exports.value = { status: "loading" };
        starting.value = false;
        notice.value = null;
      });
      accountChoice.reset();
    },
  };

  return { exports, starting, notice, accountChoice, actions };
}

export type ExportsStore = ReturnType<typeof createExportsStore>;
