import { batch, signal } from "@preact/signals";
import type { Connection, MeResponse, Provider } from "@sightline/shared";
import type { Failure, Session } from "../shared/messages.ts";
import { describeFailure } from "../ui/describe-failure.ts";
import { type Send, sendMessage } from "../ui/send-message.ts";
import { requestOriginPermission, signIn } from "../ui/sign-in.ts";
import { createAccountContactsStore } from "./account-contacts-store.ts";
import { createAccountImportStore } from "./account-import-store.ts";
import { createAccountsStore } from "./accounts-store.ts";
import { createAdminStore } from "./admin-store.ts";
import { createDeletionsStore } from "./deletions-store.ts";
import { createExportsStore } from "./exports-store.ts";
import { createLifecycleSettingsStore } from "./lifecycle-settings-store.ts";
import { createOrgSettingsStore } from "./org-settings-store.ts";
import { createUsersStore } from "./users-store.ts";

export type Loadable<T> = { status: "loading" } | { status: "ready"; value: T } | { status: "error"; message: string };

/** A per-card note under the buttons: what Connect or Disconnect did, or why it did not. */
export type CardNotice = { tone: "info" | "error"; text: string };

export const ZOOM_UNAVAILABLE = "Zoom connection is configured by your admin";
export const SESSION_ENDED = "Your session has ended. Sign in again.";

export type OptionsDeps = {
  send: Send;
  /** Asks the user for host permission on `origin` (must run inside the click that asked for it). */
  requestOrigin: (origin: string) => Promise<boolean>;
  /** How often unfinished deletions and exports are polled (tests make it short). */
  pollMs?: number;
};

const defaultDeps: OptionsDeps = {
  send: sendMessage,
  requestOrigin: requestOriginPermission,
};

/** All options-page state and the actions that change it; components read signals and call actions only. */
export function createOptionsStore(overrides: Partial<OptionsDeps> = {}) {
  const { send, requestOrigin } = { ...defaultDeps, ...overrides };
  const session = signal<Session | null>(null);
  const signInError = signal<string | null>(null);
  const signingIn = signal(false);
  const me = signal<Loadable<MeResponse>>({ status: "loading" });
  const connections = signal<Loadable<Connection[]>>({ status: "loading" });
  /** The connection whose Disconnect waits for the user's confirmation. */
  const confirming = signal<string | null>(null);
  /** A connection id being disconnected, or "zoom-connect" / "gong-connect" while Connect asks the backend. */
  const busy = signal<string | null>(null);
  const notices = signal<Partial<Record<Provider, CardNotice>>>({});
  /** The admin console; loaded only for admins (the backend answers 403 to members anyway). */
  const admin = createAdminStore(send, endedSession);
  const adminUsers = createUsersStore(send, endedSession);
  const orgSettings = createOrgSettingsStore(send, endedSession);
  const accountImport = createAccountImportStore(send, endedSession);
  const accounts = createAccountsStore(send, endedSession, createAccountContactsStore(send, endedSession));
  const deletions = createDeletionsStore(send, endedSession, { pollMs: overrides.pollMs });
  const lifecycle = createLifecycleSettingsStore(send, endedSession);
  const dataExports = createExportsStore(send, endedSession, { pollMs: overrides.pollMs });

  // A slow answer for an earlier load must not overwrite a newer one.
  let connectionsTicket = 0;
  let meTicket = 0;

  function showSignedOut(backendUrl: string, message: string | null) {
    batch(() => {
      session.value = { signedIn: false, backendUrl };
      signInError.value = message;
      me.value = { status: "loading" };
      connections.value = { status: "loading" };
      confirming.value = null;
      busy.value = null;
      notices.value = {};
    });
    admin.actions.reset();
    adminUsers.actions.reset();
    orgSettings.actions.reset();
    accountImport.actions.reset();
    accounts.actions.reset();
    accounts.contacts.actions.reset();
    deletions.actions.reset();
    lifecycle.actions.reset();
    dataExports.actions.reset();
  }

  /** True when the failure ended the session (the background already forgot the token). */
  function endedSession(error: Failure): boolean {
    if (error.kind !== "unauthorized") return false;
    showSignedOut(session.value?.backendUrl ?? error.backendUrl ?? "", SESSION_ENDED);
    return true;
  }

  function setNotice(provider: Provider, notice: CardNotice | null) {
    const next = { ...notices.value };
    if (notice) next[provider] = notice;
    else delete next[provider];
    notices.value = next;
  }

  async function loadMe() {
    const ticket = ++meTicket;
    if (me.value.status !== "ready") me.value = { status: "loading" };
    const answer = await send({ type: "getMe" });
    if (ticket !== meTicket) return;
    if (answer.ok) me.value = { status: "ready", value: answer.value };
    else if (!endedSession(answer.error)) me.value = { status: "error", message: describeFailure(answer.error) };
  }

  async function loadConnections() {
    const ticket = ++connectionsTicket;
    if (connections.value.status !== "ready") connections.value = { status: "loading" };
    const answer = await send({ type: "getConnections" });
    if (ticket !== connectionsTicket) return;
    if (answer.ok) connections.value = { status: "ready", value: answer.value };
    else if (!endedSession(answer.error))
      connections.value = { status: "error", message: describeFailure(answer.error) };
  }

  async function loadSignedIn() {
    const current = session.value;
    const isAdmin = current?.signedIn === true && current.user.role === "admin";
    await Promise.all([
      loadMe(),
      loadConnections(),
      isAdmin ? admin.actions.load() : undefined,
      isAdmin ? adminUsers.actions.load() : undefined,
      isAdmin ? orgSettings.actions.load() : undefined,
      isAdmin ? deletions.actions.load() : undefined,
      isAdmin ? lifecycle.actions.load() : undefined,
      isAdmin ? dataExports.actions.load() : undefined,
      isAdmin ? accounts.actions.load() : undefined,
    ]);
  }

  const actions = {
    async load() {
      const answer = await send({ type: "getSession" });
      if (!answer.ok) {
        showSignedOut("", describeFailure(answer.error));
        return;
      }
      session.value = answer.value;
      if (answer.value.signedIn) await loadSignedIn();
    },

    /** Reloads the profile and connections, e.g. when the user comes back from the provider's tab. */
    async refresh() {
      if (session.value?.signedIn) await loadSignedIn();
    },

    async signIn(backendInput: string, token: string) {
      batch(() => {
        signingIn.value = true;
        signInError.value = null;
      });
      const answer = await signIn({ send, requestOrigin }, backendInput, token);
      signingIn.value = false;
      if (!answer.ok) {
        signInError.value = describeFailure(answer.error);
        return;
      }
      batch(() => {
        session.value = answer.value;
        signInError.value = null;
      });
      await loadSignedIn();
    },

    async signOut() {
      const answer = await send({ type: "signOut" });
      showSignedOut(answer.ok ? answer.value.backendUrl : (session.value?.backendUrl ?? ""), null);
    },

    askDisconnect(id: string) {
      confirming.value = id;
    },

    cancelDisconnect() {
      confirming.value = null;
    },

    async confirmDisconnect(connection: Connection) {
      batch(() => {
        confirming.value = null;
        busy.value = connection.id;
        setNotice(connection.provider, null);
      });
      const answer = await send({ type: "disconnect", id: connection.id });
      busy.value = null;
      if (!answer.ok) {
        if (!endedSession(answer.error))
          setNotice(connection.provider, { tone: "error", text: describeFailure(answer.error) });
        return;
      }
      // Show the answer at once, then reload: the backend's list is the source of truth.
      const current = connections.value;
      if (current.status === "ready") {
        connections.value = {
          status: "ready",
          value: current.value.map((item) => (item.id === answer.value.id ? answer.value : item)),
        };
      }
      await loadConnections();
    },

    async connectZoom() {
      batch(() => {
        busy.value = "zoom-connect";
        setNotice("zoom", null);
      });
      const answer = await send({ type: "startZoomConnect" });
      busy.value = null;
      if (!answer.ok) {
        if (!endedSession(answer.error)) setNotice("zoom", { tone: "error", text: describeFailure(answer.error) });
        return;
      }
      setNotice(
        "zoom",
        answer.value.status === "opened"
          ? { tone: "info", text: "Finish connecting in the Zoom tab; this page updates when you come back." }
          : { tone: "info", text: ZOOM_UNAVAILABLE },
      );
    },

    /** Admins: connect the organization's Gong company by OAuth (the backend's begin link in a new tab). */
    async connectGong() {
      batch(() => {
        busy.value = "gong-connect";
        setNotice("gong", null);
      });
      const answer = await send({ type: "startGongConnect" });
      busy.value = null;
      if (!answer.ok) {
        if (!endedSession(answer.error)) setNotice("gong", { tone: "error", text: describeFailure(answer.error) });
        return;
      }
      setNotice(
        "gong",
        answer.value.status === "opened"
          ? { tone: "info", text: "Finish connecting in the Gong tab; this page updates when you come back." }
          : { tone: "error", text: "Gong OAuth is not available on this backend; use an access key" },
      );
    },

    /**
     * Admins: connect the organization's Zoom (or Zoom Contact Center) account with a Server-to-Server
     * OAuth app; the backend checks the credentials with Zoom first. True when connected.
     */
    async connectZoomAccount(
      provider: "zoom" | "zoom_contact_center",
      credentials: { accountId: string; clientId: string; clientSecret: string },
    ) {
      batch(() => {
        busy.value = `${provider}-account`;
        setNotice(provider, null);
      });
      const answer = await send({
        type: "connectZoomAccount",
        provider,
        accountId: credentials.accountId.trim(),
        clientId: credentials.clientId.trim(),
        clientSecret: credentials.clientSecret.trim(),
      });
      busy.value = null;
      if (!answer.ok) {
        if (!endedSession(answer.error)) setNotice(provider, { tone: "error", text: describeFailure(answer.error) });
        return false;
      }
      setNotice(provider, {
        tone: "info",
        text:
          provider === "zoom"
            ? "The organization's Zoom account is connected; its recordings come in from now on."
            : "Zoom Contact Center is connected; its engagements come in from now on.",
      });
      await loadConnections();
      return true;
    },

    /** Admins: connect Gong with an access key and secret; the backend checks them with Gong first. */
    async connectGongKey(accessKey: string, accessKeySecret: string) {
      batch(() => {
        busy.value = "gong-connect";
        setNotice("gong", null);
      });
      const answer = await send({
        type: "connectGongKey",
        accessKey: accessKey.trim(),
        accessKeySecret: accessKeySecret.trim(),
      });
      busy.value = null;
      if (!answer.ok) {
        if (!endedSession(answer.error)) setNotice("gong", { tone: "error", text: describeFailure(answer.error) });
        return false;
      }
      setNotice("gong", { tone: "info", text: "Gong is connected; its calls are being imported." });
      await loadConnections();
      return true;
    },
  };

  return {
    session,
    signInError,
    signingIn,
    me,
    connections,
    confirming,
    busy,
    notices,
    admin,
    adminUsers,
    orgSettings,
    accountImport,
    accounts,
    deletions,
    lifecycle,
    dataExports,
    actions,
  };
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;
