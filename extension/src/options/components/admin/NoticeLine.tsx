import type { Notice } from "../../admin-store.ts";

/** What the last action did (a polite status) or why it did not (an alert). */
export function NoticeLine({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return notice.tone === "error" ? (
    <p class="error" role="alert">
      {notice.text}
    </p>
  ) : (
    <p class="notice" role="status">
      {notice.text}
    </p>
  );
}
