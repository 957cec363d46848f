import { useStore } from "../store-context.ts";

/** On a Gmail thread: whether it is in Sightline and with how many messages (text from the background). */
export function GmailThreadStatus() {
  const { gmailThread } = useStore();
  const thread = gmailThread.value;
  if (!thread) return null;
  return (
    <p class="gmail-thread muted" role="status" data-testid="popup-gmail-thread">
      This Gmail thread: {thread.summary}
    </p>
  );
}
