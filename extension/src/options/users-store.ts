import { batch, signal } from "@preact/signals";
import type { ApiToken, Profile, User } from "@sightline/shared";
import type { Failure } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import { moveIndex } from "../ui/listbox.ts";
import type { Send } from "../ui/send-message.ts";
import type { Notice } from "./admin-store.ts";
import type { Loadable } from "./store.ts";

/**
 * The admin console's users and configuration profiles: a listbox of users (arrow keys), the chosen
 * user's role, profile and API tokens (revoked after a confirmation), and each profile's Transcript
 * Intake switch. Every change is the backend's answer, shown as it came back.
 */
export function createUsersStore(send: Send, endedSession: (error: Failure) => boolean) {
  const users = signal<Loadable<User[]>>({ status: "loading" });
  const profiles = signal<Loadable<Profile[]>>({ status: "loading" });
  const activeUser = signal(-1);
  const tokens = signal<Loadable<ApiToken[]> | null>(null);
  /** The token whose Revoke waits for the admin's confirmation. */
  const confirmingRevoke = signal<string | null>(null);
  /** What is being saved: "user", a token id, or a profile id. */
  const saving = signal<string | null>(null);
  const usersNotice = signal<Notice | null>(null);
  const profilesNotice = signal<Notice | null>(null);
  /** The user just invited and their first API token: shown once, to be handed to them. */
  const invited = signal<{ name: string; token: string } | null>(null);

  let usersTicket = 0;
  let profilesTicket = 0;
  let tokensTicket = 0;

  const failureText = (error: Failure) => (endedSession(error) ? null : describeFailure(error));

  function selectedUser(): User | null {
    const list = users.value;
    return list.status === "ready" ? (list.value[activeUser.value] ?? null) : null;
  }

  async function loadTokens() {
    const user = selectedUser();
    const ticket = ++tokensTicket;
    if (!user) {
      tokens.value = null;
      return;
    }
    tokens.value = { status: "loading" };
    const answer = await send({ type: "listUserTokens", userId: user.id });
    if (ticket !== tokensTicket) return;
    if (answer.ok) tokens.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) tokens.value = { status: "error", message: text };
    }
  }

  async function loadUsers() {
    const ticket = ++usersTicket;
    if (users.value.status !== "ready") users.value = { status: "loading" };
    const answer = await send({ type: "listUsers" });
    if (ticket !== usersTicket) return;
    if (!answer.ok) {
      const text = failureText(answer.error);
      if (text) users.value = { status: "error", message: text };
      return;
    }
    const before = selectedUser()?.id;
    batch(() => {
      users.value = { status: "ready", value: answer.value };
      const kept = answer.value.findIndex((u) => u.id === before);
      activeUser.value = kept >= 0 ? kept : answer.value.length ? 0 : -1;
    });
    await loadTokens();
  }

  async function loadProfiles() {
    const ticket = ++profilesTicket;
    if (profiles.value.status !== "ready") profiles.value = { status: "loading" };
    const answer = await send({ type: "listProfiles" });
    if (ticket !== profilesTicket) return;
    if (answer.ok) profiles.value = { status: "ready", value: answer.value };
    else {
      const text = failureText(answer.error);
      if (text) profiles.value = { status: "error", message: text };
    }
  }

  function selectUser(index: number) {
    if (index === activeUser.value) return;
    batch(() => {
      activeUser.value = index;
      confirmingRevoke.value = null;
      usersNotice.value = null;
    });
    void loadTokens();
  }

  function replaceUser(user: User) {
    const list = users.value;
    if (list.status === "ready")
      users.value = { status: "ready", value: list.value.map((u) => (u.id === user.id ? user : u)) };
  }

  const actions = {
    async load() {
      await Promise.all([loadUsers(), loadProfiles()]);
    },
    loadUsers,
    loadProfiles,
    moveUser(delta: number) {
      const list = users.value;
      if (list.status === "ready") selectUser(moveIndex(activeUser.value, delta, list.value.length));
    },
    jumpUser(to: "first" | "last") {
      const list = users.value;
      if (list.status === "ready" && list.value.length) selectUser(to === "first" ? 0 : list.value.length - 1);
    },
    selectUser,

    /** A new role or profile for the chosen user; the backend refuses demoting the last admin. */
    async updateUser(change: { role?: "admin" | "member"; profileId?: string | null }) {
      const user = selectedUser();
      if (!user || saving.value) return;
      batch(() => {
        saving.value = "user";
        usersNotice.value = null;
        // Shown at once (a controlled select snaps back otherwise); a refusal puts the stored value back.
        replaceUser({ ...user, ...change });
      });
      const answer = await send({ type: "updateUser", id: user.id, ...change });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text)
          batch(() => {
            usersNotice.value = { tone: "error", text };
            replaceUser({ ...user });
          });
        return;
      }
      batch(() => {
        replaceUser(answer.value);
        usersNotice.value = { tone: "info", text: `Saved ${answer.value.name}.` };
      });
    },

    /** Invites a user; their token is kept only until the admin dismisses it or invites another. */
    async invite(input: { email: string; name: string; role: "admin" | "member" }): Promise<boolean> {
      const email = input.email.trim();
      const name = input.name.trim();
      if (saving.value) return false;
      if (!email || !name) {
        usersNotice.value = { tone: "error", text: "Give the new user's name and e-mail." };
        return false;
      }
      batch(() => {
        saving.value = "invite";
        usersNotice.value = null;
        invited.value = null;
      });
      const answer = await send({ type: "inviteUser", email, name, role: input.role });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) usersNotice.value = { tone: "error", text };
        return false;
      }
      invited.value = { name: answer.value.user.name, token: answer.value.apiToken.token };
      await loadUsers();
      return true;
    },
    dismissInvited() {
      invited.value = null;
    },

    askRevoke(tokenId: string) {
      confirmingRevoke.value = tokenId;
    },
    cancelRevoke() {
      confirmingRevoke.value = null;
    },
    async confirmRevoke(token: ApiToken) {
      const user = selectedUser();
      if (!user || saving.value) return;
      batch(() => {
        confirmingRevoke.value = null;
        saving.value = token.id;
        usersNotice.value = null;
      });
      const answer = await send({ type: "revokeUserToken", userId: user.id, tokenId: token.id });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text) usersNotice.value = { tone: "error", text };
        return;
      }
      usersNotice.value = { tone: "info", text: `Revoked token ${token.tokenPrefix}… of ${user.name}.` };
      await loadTokens();
    },

    /** The checkbox shows the new value at once (a controlled checkbox snaps back otherwise); a refusal puts it back. */
    async setIntake(profile: Profile, transcriptIntake: boolean) {
      if (saving.value) return;
      const show = (next: Profile) => {
        const list = profiles.value;
        if (list.status === "ready")
          profiles.value = { status: "ready", value: list.value.map((p) => (p.id === next.id ? next : p)) };
      };
      batch(() => {
        saving.value = profile.id;
        profilesNotice.value = null;
        show({ ...profile, transcriptIntake });
      });
      const answer = await send({ type: "setProfileIntake", id: profile.id, transcriptIntake });
      saving.value = null;
      if (!answer.ok) {
        const text = failureText(answer.error);
        if (text)
          batch(() => {
            profilesNotice.value = { tone: "error", text };
            show(profile);
          });
        return;
      }
      batch(() => {
        show(answer.value);
        profilesNotice.value = {
          tone: "info",
          text: `Transcript Intake is ${answer.value.transcriptIntake ? "on" : "off"} for ${answer.value.name}.`,
        };
      });
    },

    reset() {
      usersTicket++;
      profilesTicket++;
      tokensTicket++;
      batch(() => {
        users.value = { status: "loading" };
        profiles.value = { status: "loading" };
        activeUser.value = -1;
        tokens.value = null;
        confirmingRevoke.value = null;
        saving.value = null;
        usersNotice.value = null;
        profilesNotice.value = null;
        invited.value = null;
      });
    },
  };

  return {
    users,
    profiles,
    activeUser,
    tokens,
    confirmingRevoke,
    saving,
    usersNotice,
    profilesNotice,
    invited,
    actions,
  };
}

export type UsersStore = ReturnType<typeof createUsersStore>;
