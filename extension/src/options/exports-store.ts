import { batch, signal } from "@preact/signals";
import type { DataExport } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import { createAccountChoice } from "./account-choice.ts";
import type { Notice } from "./admin-store.ts";
import { createPolledList } from "./polled-list.ts";

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
  const starting = signal(false);
  const notice = signal<Notice | null>(null);

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));
  const accountChoice = createAccountChoice(send, failureText);

  const polled = createPolledList<DataExport>({
    fetchAll: () => send({ type: "listExports" }),
    fetchOne: (id) => send({ type: "getExport", id }),
    isActive: isExportRunning,
    pollMs,
    endedSession,
    failureText,
  });
  const { items: exports, load, upsert, schedulePoll } = polled;

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
      batch(() => {
        polled.reset();
        starting.value = false;
        notice.value = null;
      });
      accountChoice.reset();
    },
  };

  return { exports, starting, notice, accountChoice, actions };
}

export type ExportsStore = ReturnType<typeof createExportsStore>;
