import { batch, computed, signal } from "@preact/signals";
import type { ImportAccountsResponse } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";
import type { Notice } from "./admin-store.ts";

/** The backend's limit on one request; a bigger file is refused here with the same advice. */
const MAX_CSV = 200_000;

/**
 * Accounts from a CSV file: the admin chooses a file (or pastes), the backend previews what each row
 * would do and why a row cannot be imported, then "Import N rows" writes the rows without errors and
 * the answer (what was created, updated, skipped) replaces the preview. Changing the text drops the
 * preview, so what is imported is always what was previewed.
 */
export function createAccountImportStore(send: Send, endedSession: (error: Failure) => boolean) {
  const csv = signal("");
  const fileName = signal<string | null>(null);
  const preview = signal<ImportAccountsResponse | null>(null);
  const result = signal<ImportAccountsResponse | null>(null);
  const busy = signal<"preview" | "commit" | null>(null);
  const notice = signal<Notice | null>(null);
  /** Rows the commit would write: every row without errors. */
  const importable = computed(() => {
    const shown = preview.value;
    return shown ? shown.summary.create + shown.summary.update : 0;
  });
  let ticket = 0;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));

  async function run(commit: boolean): Promise<ImportAccountsResponse | null> {
    const text = csv.value;
    const mine = ++ticket;
    batch(() => {
      busy.value = commit ? "commit" : "preview";
      notice.value = null;
    });
    const answer = await send({ type: "importAccounts", csv: text, commit });
    if (mine !== ticket) return null;
    busy.value = null;
    if (answer.ok) return answer.value;
    const message = failureText(answer.error);
    if (message) notice.value = { tone: "error", text: message };
    return null;
  }

  const actions = {
    /** New text (typed, pasted or read from a file): the old preview no longer describes it. */
    setCsv(text: string, name: string | null = null) {
      ticket++;
      batch(() => {
        csv.value = text;
        fileName.value = name;
        preview.value = null;
        busy.value = null;
        notice.value = null;
      });
    },

    async previewImport() {
      if (busy.value) return;
      if (csv.value.trim() === "") {
        notice.value = { tone: "error", text: "Choose a CSV file or paste its text first." };
        return;
      }
      if (csv.value.length > MAX_CSV) {
        notice.value = { tone: "error", text: "The file is over 200,000 characters: split it and import each part." };
        return;
      }
      const answer = await run(false);
      if (!answer) return;
      batch(() => {
        preview.value = answer;
        result.value = null;
        if (answer.rows.length === 0) notice.value = { tone: "error", text: "The file has no rows under its header." };
      });
    },

    /** Writes the previewed rows without errors; the preview is replaced by what was written. */
    async commitImport() {
      if (busy.value || !preview.value || importable.value === 0) return;
      const answer = await run(true);
      if (!answer) return;
      const { create, update, skip } = answer.summary;
      batch(() => {
        result.value = answer;
        preview.value = null;
        csv.value = "";
        fileName.value = null;
        notice.value = {
          tone: "info",
          text: `Imported: ${create} ${create === 1 ? "account" : "accounts"} created, ${update} updated, ${skip} skipped.`,
        };
      });
    },

    reset() {
      ticket++;
      batch(() => {
        csv.value = "";
        fileName.value = null;
        preview.value = null;
        result.value = null;
        busy.value = null;
        notice.value = null;
      });
    },
  };

  return { csv, fileName, preview, result, busy, notice, importable, actions };
}

export type AccountImportStore = ReturnType<typeof createAccountImportStore>;
