import { signal } from "@preact/signals";
import type { EmailMessageResponse } from "@sightline/shared";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Range } from "../ui/marked-text.ts";
import type { Send } from "../ui/send-message.ts";

export type EmailView =
  | { kind: "loading" }
  | { kind: "signedOut" }
  | { kind: "error"; message: string }
  | { kind: "ready"; email: EmailMessageResponse; marks: Range[] };

export type EmailTarget = { conversationId: string | null; messageId: string | null; quote: string | null };

/**
 * Where to mark the body: the quote the page was opened for (the current mark), else the insights
 * the backend located in this message. Offsets come from the backend; MarkedText clips bad ones.
 */
export function emailMarks(email: EmailMessageResponse): Range[] {
  if (email.located) return [{ ...email.located, current: true }];
  return email.insights.flatMap((insight) => (insight.at ? [insight.at] : []));
}

/** A person as the header shows them: "Name <address>", or the address alone. */
export function personLabel(person: { email: string; name: string | null }): string {
  return person.name ? `${person.name} <${person.email}>` : person.email;
}

/**
 * email.html?conversationId=&messageId=&quote=: one message of an e-mail thread (an e-mail source of
 * the overview or the sidebar) with the quote marked, through the background's getEmailMessage.
 */
export function createEmailStore(deps: { send: Send; target: EmailTarget }) {
  const view = signal<EmailView>({ kind: "loading" });
  const { conversationId, messageId, quote } = deps.target;

  async function load(): Promise<void> {
    if (!conversationId || !messageId) {
      view.value = { kind: "error", message: "This page needs an e-mail: open it from an account's sources." };
      return;
    }
    view.value = { kind: "loading" };
    const answer = await deps.send({ type: "getEmailMessage", conversationId, messageId, quote });
    if (answer.ok) view.value = { kind: "ready", email: answer.value, marks: emailMarks(answer.value) };
    else if (answer.error.kind === "unauthorized") view.value = { kind: "signedOut" };
    else view.value = { kind: "error", message: describeFailure(answer.error) };
  }

  return {
    view,
    load,
    openThread: () => (conversationId ? deps.send({ type: "openTranscript", conversationId, t: null }) : undefined),
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

export type EmailStore = ReturnType<typeof createEmailStore>;
