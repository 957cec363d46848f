import { batch, signal } from "@preact/signals";
import type { Period, RepCoaching, User } from "@sightline/shared";
import { describeFailure } from "../ui/describe-failure.ts";
import type { Send } from "../ui/send-message.ts";

export type CoachingView =
  | { kind: "loading" }
  | { kind: "signedOut" }
  | { kind: "error"; message: string }
  | { kind: "ready"; coaching: RepCoaching; updating: boolean };

/** A rep the picker offers. */
export type RepChoice = Pick<User, "id" | "name" | "email">;

/**
 * coaching.html[?userId=…]: the signed-in user's coaching, or (admins, through the rep picker or the
 * URL) another rep's. The session comes from the background; admins also get the organization's users
 * for the picker (a failure there leaves the picker out, the page still works). Answers for a rep or
 * period no longer chosen are dropped.
 */
export function createCoachingStore(deps: { send: Send; userId: string | null }) {
  const view = signal<CoachingView>({ kind: "loading" });
  const period = signal<Period>("90d");
  const repId = signal<string | null>(deps.userId);
  const me = signal<User | null>(null);
  /** Empty unless the signed-in user is an admin. */
  const reps = signal<RepChoice[]>([]);
  let seq = 0;

  async function fetchCoaching(): Promise<void> {
    const mine = ++seq;
    const shown = view.value;
    if (shown.kind === "ready") view.value = { ...shown, updating: true };
    else view.value = { kind: "loading" };
    const answer = await deps.send({ type: "getCoaching", userId: repId.value ?? "", period: period.value });
    if (mine !== seq) return;
    if (answer.ok) view.value = { kind: "ready", coaching: answer.value, updating: false };
    else if (answer.error.kind === "unauthorized") view.value = { kind: "signedOut" };
    else view.value = { kind: "error", message: describeFailure(answer.error) };
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    view.value = { kind: "loading" };
    const session = await deps.send({ type: "getSession" });
    if (mine !== seq) return;
    if (!session.ok) {
      view.value = { kind: "error", message: describeFailure(session.error) };
      return;
    }
    if (!session.value.signedIn) {
      view.value = { kind: "signedOut" };
      return;
    }
    const user = session.value.user;
    batch(() => {
      me.value = user;
      // Members see their own coaching whatever the URL says (the backend would refuse another's).
      if (user.role !== "admin" || !repId.value) repId.value = user.id;
    });
    if (user.role === "admin") {
      const [users] = await Promise.all([deps.send({ type: "listUsers" }), fetchCoaching()]);
      if (users.ok) reps.value = pickerChoices(users.value, user);
      return;
    }
    reps.value = [];
    await fetchCoaching();
  }

  return {
    view,
    period,
    repId,
    me,
    reps,
    load,
    async setPeriod(value: Period) {
      if (value === period.value) return;
      period.value = value;
      await fetchCoaching();
    },
    async setRep(id: string) {
      if (id === repId.value) return;
      repId.value = id;
      await fetchCoaching();
    },
    openTranscript: (conversationId: string, t: number | null) =>
      deps.send({ type: "openTranscript", conversationId, t }),
    openSignIn: () => deps.send({ type: "openSignIn" }),
  };
}

/** The picker's reps: the signed-in admin first ("me"), then everyone else by name. */
export function pickerChoices(users: User[], self: User): RepChoice[] {
  const others = users
    .filter((u) => u.id !== self.id)
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  return [self, ...others].map(({ id, name, email }) => ({ id, name, email }));
}

export type CoachingStore = ReturnType<typeof createCoachingStore>;
