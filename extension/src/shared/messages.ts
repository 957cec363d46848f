import type {
  Account,
  AccountListItem,
  AccountOverview,
  AddEmailThreadInput,
  AddEmailThreadResponse,
  ApiToken,
  AttributionReport,
  Connection,
  Contact,
  ConversationDetail,
  ConversationMediaList,
  CreateDeletion,
  CreateUserResponse,
  DataExport,
  Deletion,
  EmailCaptureResponse,
  EmailCaptureSettings,
  EmailMessageResponse,
  EmailThreadsResponse,
  FailedJob,
  ImportAccountsResponse,
  IntakeSettings,
  ListAccountsResponse,
  LookupAccountResponse,
  MeResponse,
  Org,
  Period,
  Profile,
  RepCoaching,
  RetentionSettings,
  SearchQuery,
  SearchResponse,
  SlackWebhookStatus,
  UnassignedConversation,
  User,
  WebhookEvent,
} from "@sightline/shared";

/** A conversation's kind: meeting, call, chat or e-mail. */
export type SourceKind = NonNullable<SearchQuery["source"]>;

/** Every message the popup (and later content scripts) may send to the background. */
export type Request =
  | { type: "signIn"; backendUrl?: string; token: string }
  | { type: "signOut" }
  | { type: "getSession" }
  | { type: "searchAccounts"; q: string }
  | { type: "lookupAccount"; candidates: LookupQuery[] }
  | { type: "getOverview"; accountId: string; period: Period; fresh?: boolean }
  | { type: "openSignIn" }
  | { type: "getMe" }
  | { type: "getConnections" }
  | { type: "disconnect"; id: string }
  | { type: "startZoomConnect" }
  | { type: "startGongConnect" }
  | { type: "connectGongKey"; accessKey: string; accessKeySecret: string }
  | { type: "getConversation"; id: string; cursor?: number }
  | { type: "openTranscript"; conversationId: string; t: number | null }
  | { type: "getCoaching"; userId: string; period: Period }
  | { type: "listUsers" }
  // The admin console (options page); the backend answers 403 to members.
  | { type: "listUnassigned" }
  | { type: "assignConversation"; conversationId: string; accountId: string }
  | { type: "listFailedJobs" }
  | { type: "replayFailedJob"; id: string }
  | { type: "listWebhookEvents" }
  | { type: "replayWebhookEvent"; id: string }
  | { type: "listProfiles" }
  | { type: "inviteUser"; email: string; name: string; role: "admin" | "member" }
  | { type: "updateUser"; id: string; role?: "admin" | "member"; profileId?: string | null }
  | { type: "listUserTokens"; userId: string }
  | { type: "revokeUserToken"; userId: string; tokenId: string }
  | { type: "setProfileIntake"; id: string; transcriptIntake: boolean }
  | { type: "getIntakeSettings" }
  | { type: "setRegisteredUsersOnly"; registeredUsersOnly: boolean }
  | { type: "getSlackWebhook" }
  | { type: "setSlackWebhook"; webhookUrl: string }
  | { type: "clearSlackWebhook" }
  | { type: "importAccounts"; csv: string; commit: boolean }
  | { type: "listDeletions" }
  | { type: "getDeletion"; id: string }
  | { type: "createDeletion"; deletion: CreateDeletion }
  | { type: "getRetention" }
  | { type: "setRetention"; retention: RetentionSettings }
  | { type: "getEmailCaptureSettings" }
  | { type: "setEmailCaptureSettings"; autoCapture: boolean }
  | { type: "listExports" }
  | { type: "getExport"; id: string }
  | { type: "createExport"; accountId: string | null }
  // The Accounts screen: an account's fields and its contacts (the backend validates each field).
  | { type: "createAccount"; account: AccountInput }
  | { type: "updateAccount"; id: string; account: AccountInput }
  | { type: "deleteAccount"; id: string }
  | { type: "listContacts"; accountId: string }
  | { type: "createContact"; contact: ContactInput }
  | { type: "updateContact"; id: string; contact: ContactInput }
  | { type: "deleteContact"; id: string }
  | {
      type: "connectZoomAccount";
      provider: "zoom" | "zoom_contact_center";
      accountId: string;
      clientId: string;
      clientSecret: string;
    }
  | { type: "addEmailThread"; thread: EmailThreadUpload }
  | { type: "getEmailThreads"; threadIds: string[] }
  | { type: "shouldCaptureEmail"; emails: string[] }
  /** The Gmail sidebar's open thread, read in its tab by the background (see handlers/gmail-thread.ts). */
  | { type: "getAttribution"; period: Period }
  | { type: "checkGmailThread" }
  | { type: "addGmailThread"; auto: boolean }
  | ({ type: "searchConversations" } & ConversationSearchQuery)
  | { type: "getConversationMedia"; id: string }
  /** An e-mail source: one message with the quote located (GET /emails/{id}/messages/{messageId}?quote=). */
  | { type: "getEmailMessage"; conversationId: string; messageId: string; quote: string | null }
  /** "Open e-mail" from the sidebar or the overview: the background opens email.html in a tab. */
  | { type: "openEmailMessage"; conversationId: string; messageId: string; quote: string | null }
  /** The popup: is the active tab's Gmail thread in Sightline? (the background reads the tab). */
  | { type: "checkActiveGmailThread" };

/** An account's editable fields as the Accounts screen sends them (POST /accounts, PATCH /accounts/{id}). */
export type AccountInput = {
  name: string;
  domains: string[];
  salesforceId: string | null;
  hubspotId: string | null;
  leadSource: {
    utmSource: string | null;
    utmMedium: string | null;
    utmCampaign: string | null;
    crmLeadSource: string | null;
  } | null;
};

/** A contact's editable fields (POST /contacts, PATCH /contacts/{id}). */
export type ContactInput = {
  accountId: string;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  side: "theirs" | "ours";
};

/** What PUT /conversations/{id}/account answers: where the conversation now is. */
export type AssignedConversation = { id: string; accountId: string | null; routing: string };

/** A thread as the Gmail reader gives it (host-pages/gmail-thread-messages.ts) for POST /api/v1/emails. */
export type EmailThreadUpload = Pick<AddEmailThreadInput, "threadId" | "subject" | "participants" | "messages">;

/**
 * The open Gmail thread as read in its tab: `messages` includes collapsed ones with an empty body
 * (listed in `unreadMessageIds`); `collapsed` counts every message whose text could not be read.
 */
export type OpenEmailThread = EmailThreadUpload & { unreadMessageIds: string[]; collapsed: number };

/** The open thread as the sidebar shows it: messages Sightline holds (null: not in), readable and collapsed ones on the page. */
export type GmailThreadCheck = {
  threadId: string;
  readable: number;
  collapsed: number;
  storedCount: number | null;
  /** The organization captures this thread by itself (a participant's domain is an account's). */
  capture: boolean;
  /** What the sidebar says: in or not (with the count), and what the page holds back. */
  summary: string;
};

/**
 * A full-text search of the organization's conversations (GET /api/v1/search): `q` in the search
 * box's own language, optional filters (account, kind, conversation start from/to as ISO instants)
 * and the previous page's `nextCursor`.
 */
export type ConversationSearchQuery = {
  q: string;
  accountId?: string;
  source?: SourceKind;
  from?: string;
  to?: string;
  cursor?: string;
};

/** One question to GET /api/v1/accounts/lookup (the sidebar asks several in order, e.g. each e-mail of a thread). */
export type LookupQuery = {
  crm?: "salesforce" | "hubspot";
  crmId?: string;
  domain?: string;
  email?: string;
  name?: string;
};

/** The first candidate that resolved, which one it was, or null when none did. */
export type AccountMatch = { account: Account; matchedBy: LookupAccountResponse["matchedBy"]; query: LookupQuery };

/**
 * An overview, possibly from the background's cache. `revalidating`: it was served from a cache entry
 * past its freshness and a refresh is under way; ask again with `fresh: true` to get the refreshed one.
 */
export type OverviewAnswer = { overview: AccountOverview; fetchedAt: number; revalidating: boolean };

export type RequestType = Request["type"];

export type Session =
  | { signedIn: false; backendUrl: string }
  | { signedIn: true; backendUrl: string; user: User; org: Org };

/**
 * What starting a per-user Zoom connection did: `opened`, the provider's authorize page is open in a
 * new tab; `unavailable`, the backend has no per-user OAuth (its start route answered 404), so the
 * organization's admin configures Zoom for everyone.
 */
/** "opened": the backend's begin link is open in a new tab (its URL holds a one-time ticket, so it is not passed on). */
export type ZoomConnectAnswer = { status: "opened" } | { status: "unavailable" };

export type AccountSearch = { scope: ListAccountsResponse["scope"]; accounts: AccountListItem[] };

/**
 * Why a call failed. The popup picks its wording from `kind`, never from server text:
 * - unauthorized: the backend rejected the token (the stored session is cleared);
 * - network: the backend could not be reached at all;
 * - invalid: the request was malformed (bad URL, foreign sender, unknown message);
 * - server: the backend answered with another error or an unexpected body.
 */
export type FailureKind = "unauthorized" | "network" | "invalid" | "server";
export type Failure = { kind: FailureKind; message: string; backendUrl?: string };

export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

/** Maps each request to the value its successful answer carries. */
export interface ResponseValues {
  signIn: Session;
  signOut: Session;
  getSession: Session;
  searchAccounts: AccountSearch;
  lookupAccount: AccountMatch | null;
  getOverview: OverviewAnswer;
  openSignIn: true;
  getMe: MeResponse;
  getConnections: Connection[];
  disconnect: Connection;
  startZoomConnect: ZoomConnectAnswer;
  startGongConnect: ZoomConnectAnswer;
  connectGongKey: Connection;
  getConversation: ConversationDetail;
  openTranscript: true;
  getCoaching: RepCoaching;
  listUsers: User[];
  searchConversations: SearchResponse;
  /** Kept recordings; each `url` is absolute (on the backend) and signed for a few minutes. */
  getConversationMedia: ConversationMediaList;
  listUnassigned: UnassignedConversation[];
  assignConversation: AssignedConversation;
  listFailedJobs: FailedJob[];
  replayFailedJob: FailedJob;
  listWebhookEvents: WebhookEvent[];
  replayWebhookEvent: WebhookEvent;
  listProfiles: Profile[];
  inviteUser: CreateUserResponse;
  updateUser: User;
  listUserTokens: ApiToken[];
  revokeUserToken: true;
  setProfileIntake: Profile;
  getIntakeSettings: IntakeSettings;
  setRegisteredUsersOnly: IntakeSettings;
  getSlackWebhook: SlackWebhookStatus;
  setSlackWebhook: SlackWebhookStatus;
  clearSlackWebhook: SlackWebhookStatus;
  importAccounts: ImportAccountsResponse;
  listDeletions: Deletion[];
  getDeletion: Deletion;
  createDeletion: Deletion;
  getRetention: RetentionSettings;
  setRetention: RetentionSettings;
  getEmailCaptureSettings: EmailCaptureSettings;
  setEmailCaptureSettings: EmailCaptureSettings;
  listExports: DataExport[];
  getExport: DataExport;
  createExport: DataExport;
  createAccount: Account;
  updateAccount: Account;
  deleteAccount: true;
  listContacts: Contact[];
  createContact: Contact;
  updateContact: Contact;
  deleteContact: true;
  connectZoomAccount: Connection;
  addEmailThread: AddEmailThreadResponse;
  getEmailThreads: EmailThreadsResponse["threads"];
  shouldCaptureEmail: EmailCaptureResponse;
  getAttribution: AttributionReport;
  checkGmailThread: GmailThreadCheck | null;
  addGmailThread: AddEmailThreadResponse & { summary: string };
  getEmailMessage: EmailMessageResponse;
  openEmailMessage: true;
  /** null: the active tab is no Gmail thread. */
  checkActiveGmailThread: GmailThreadCheck | null;
}

export type ResponseFor<T extends RequestType> = Result<ResponseValues[T]>;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(kind: FailureKind, message: string, backendUrl?: string): Result<T> {
  return { ok: false, error: backendUrl === undefined ? { kind, message } : { kind, message, backendUrl } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Runtime check of an incoming message: the sender is trusted, but its payload shape is still verified. */
export function isRequest(value: unknown): value is Request {
  if (!isObject(value)) return false;
  switch (value.type) {
    case "signIn":
      return (
        typeof value.token === "string" && (value.backendUrl === undefined || typeof value.backendUrl === "string")
      );
    case "signOut":
    case "getSession":
      return true;
    case "searchAccounts":
      return typeof value.q === "string";
    case "lookupAccount":
      return (
        Array.isArray(value.candidates) &&
        value.candidates.length <= MAX_LOOKUP_CANDIDATES &&
        value.candidates.every(isLookupQuery)
      );
    case "getOverview":
      return (
        typeof value.accountId === "string" &&
        value.accountId.length > 0 &&
        typeof value.period === "string" &&
        PERIODS.includes(value.period as Period) &&
        (value.fresh === undefined || typeof value.fresh === "boolean")
      );
    case "openSignIn":
    case "getMe":
    case "getConnections":
    case "startZoomConnect":
    case "startGongConnect":
      return true;
    case "connectGongKey":
      return (
        typeof value.accessKey === "string" &&
        value.accessKey.length > 0 &&
        value.accessKey.length <= 200 &&
        typeof value.accessKeySecret === "string" &&
        value.accessKeySecret.length > 0 &&
        value.accessKeySecret.length <= 500
      );
    case "disconnect":
      return typeof value.id === "string" && value.id.length > 0 && value.id.length <= 64;
    case "getConversation":
      return isId(value.id) && (value.cursor === undefined || isMs(value.cursor));
    case "openTranscript":
      return isId(value.conversationId) && (value.t === null || isMs(value.t));
    case "getCoaching":
      return isId(value.userId) && typeof value.period === "string" && PERIODS.includes(value.period as Period);
    case "listUsers":
    case "listUnassigned":
    case "listFailedJobs":
    case "listWebhookEvents":
    case "checkGmailThread":
      return true;
    case "getAttribution":
      return typeof value.period === "string" && PERIODS.includes(value.period as Period);
    case "addGmailThread":
      return typeof value.auto === "boolean";
    case "searchConversations":
      return isConversationSearch(value);
    case "getConversationMedia":
      return isId(value.id);
    case "assignConversation":
      return isId(value.conversationId) && isId(value.accountId);
    case "replayFailedJob":
    case "replayWebhookEvent":
      return isId(value.id);
    case "listProfiles":
      return true;
    case "inviteUser":
      return (
        isBounded(value.email, 320) && isBounded(value.name, 200) && (value.role === "admin" || value.role === "member")
      );
    case "updateUser":
      return (
        isId(value.id) &&
        (value.role === undefined || value.role === "admin" || value.role === "member") &&
        (value.profileId === undefined || value.profileId === null || isId(value.profileId)) &&
        (value.role !== undefined || value.profileId !== undefined)
      );
    case "listUserTokens":
      return isId(value.userId);
    case "revokeUserToken":
      return isId(value.userId) && isId(value.tokenId);
    case "setProfileIntake":
      return isId(value.id) && typeof value.transcriptIntake === "boolean";
    case "getIntakeSettings":
    case "getSlackWebhook":
    case "clearSlackWebhook":
      return true;
    case "setRegisteredUsersOnly":
      return typeof value.registeredUsersOnly === "boolean";
    case "importAccounts":
      // The backend's own limit (200,000 characters); it reports per-row errors itself.
      return isBounded(value.csv, 200_000) && typeof value.commit === "boolean";
    case "listDeletions":
    case "getRetention":
    case "getEmailCaptureSettings":
    case "listExports":
      return true;
    case "getDeletion":
    case "getExport":
      return isId(value.id);
    case "createDeletion":
      return isDeletionRequest(value.deletion);
    case "setRetention":
      return isRetention(value.retention);
    case "setEmailCaptureSettings":
      return typeof value.autoCapture === "boolean";
    case "createExport":
      return value.accountId === null || isId(value.accountId);
    case "createAccount":
      return isAccountInput(value.account);
    case "updateAccount":
      return isId(value.id) && isAccountInput(value.account);
    case "deleteAccount":
      return isId(value.id);
    case "listContacts":
      return isId(value.accountId);
    case "createContact":
      return isContactInput(value.contact);
    case "updateContact":
      return isId(value.id) && isContactInput(value.contact);
    case "deleteContact":
      return isId(value.id);
    case "connectZoomAccount":
      return (
        (value.provider === "zoom" || value.provider === "zoom_contact_center") &&
        isBounded(value.accountId, 100) &&
        isBounded(value.clientId, 200) &&
        isBounded(value.clientSecret, 500)
      );
    case "setSlackWebhook":
      // The backend says what is wrong with the URL; here only its size is bounded.
      return typeof value.webhookUrl === "string" && value.webhookUrl.length > 0 && value.webhookUrl.length <= 2048;
    case "addEmailThread":
      return isEmailThreadUpload(value.thread);
    case "getEmailThreads":
      return isStringList(value.threadIds, MAX_THREAD_IDS, 200);
    case "shouldCaptureEmail":
      return isStringList(value.emails, MAX_LOOKUP_CANDIDATES * 10, 320);
    case "getEmailMessage":
    case "openEmailMessage":
      return (
        isId(value.conversationId) &&
        isBounded(value.messageId, 200) &&
        (value.quote === null || (typeof value.quote === "string" && value.quote.length <= 2000))
      );
    case "checkActiveGmailThread":
      return true;
    default:
      return false;
  }
}

export const SOURCE_KINDS: readonly SourceKind[] = ["meeting", "call", "chat", "email"];

const SEARCH_FIELDS = ["type", "q", "accountId", "source", "from", "to", "cursor"];

/** The shape GET /search accepts; the backend checks it again and answers 400 with a reason. */
function isConversationSearch(value: Record<string, unknown>): boolean {
  if (Object.keys(value).some((key) => !SEARCH_FIELDS.includes(key))) return false;
  const optionalText = (field: unknown, max: number) =>
    field === undefined || (typeof field === "string" && field.length > 0 && field.length <= max);
  return (
    typeof value.q === "string" &&
    value.q.trim().length > 0 &&
    value.q.length <= 500 &&
    (value.accountId === undefined || isId(value.accountId)) &&
    (value.source === undefined || SOURCE_KINDS.includes(value.source as SourceKind)) &&
    optionalText(value.from, 40) &&
    optionalText(value.to, 40) &&
    (value.cursor === undefined || (typeof value.cursor === "string" && /^[0-9]{1,6}$/.test(value.cursor)))
  );
}

const DELETION_FIELDS = ["scope", "userId", "accountId", "connectionId", "from", "to"];

/** POST /deletions' shape; the backend checks it again (a target id goes with its scope, from < to). */
function isDeletionRequest(value: unknown): boolean {
  if (!isObject(value) || Object.keys(value).some((key) => !DELETION_FIELDS.includes(key))) return false;
  const optionalId = (field: unknown) => field === undefined || isId(field);
  const optionalDate = (field: unknown) => field === undefined || isBounded(field, 40);
  return (
    ["all", "user", "account", "connection"].includes(value.scope as string) &&
    optionalId(value.userId) &&
    optionalId(value.accountId) &&
    optionalId(value.connectionId) &&
    optionalDate(value.from) &&
    optionalDate(value.to)
  );
}

/** Retention periods: whole days (1 to 36,500) or null for "keep". */
function isRetention(value: unknown): boolean {
  const days = (field: unknown) =>
    field === null || (typeof field === "number" && Number.isInteger(field) && field >= 1 && field <= 36_500);
  return isObject(value) && days(value.transcriptRetentionDays) && days(value.archiveRetentionDays);
}

/** null or a string of at most `max` characters (the backend says what is wrong with its content). */
function isOptionalText(value: unknown, max: number): boolean {
  return value === null || (typeof value === "string" && value.length <= max);
}

const LEAD_SOURCE_FIELDS = ["utmSource", "utmMedium", "utmCampaign", "crmLeadSource"];

/**
 * The shape of an account's fields: types, and sizes generous enough that an over-long value still
 * reaches the API, which answers 400 naming the field (the screen shows it there).
 */
function isAccountInput(value: unknown): boolean {
  if (!isObject(value)) return false;
  const lead = value.leadSource;
  return (
    isBounded(value.name, 1000) &&
    Array.isArray(value.domains) &&
    value.domains.length <= 200 &&
    value.domains.every((d) => typeof d === "string" && d.length > 0 && d.length <= 1000) &&
    isOptionalText(value.salesforceId, 1000) &&
    isOptionalText(value.hubspotId, 1000) &&
    (lead === null ||
      (isObject(lead) &&
        Object.keys(lead).every((key) => LEAD_SOURCE_FIELDS.includes(key)) &&
        LEAD_SOURCE_FIELDS.every((key) => isOptionalText(lead[key], 1000))))
  );
}

/** The shape of a contact's fields; the API checks the e-mail and phone and answers 400 naming them. */
function isContactInput(value: unknown): boolean {
  return (
    isObject(value) &&
    isId(value.accountId) &&
    isBounded(value.name, 1000) &&
    isOptionalText(value.email, 1000) &&
    isOptionalText(value.phone, 1000) &&
    isOptionalText(value.title, 1000) &&
    (value.side === "theirs" || value.side === "ours")
  );
}

/** A non-empty string of at most `max` characters (the backend's own limits, so a bad paste fails here first). */
function isBounded(value: unknown, max: number): value is string {
  return typeof value === "string" && value.trim().length > 0 && value.length <= max;
}

function isId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 64;
}

/** A non-negative whole number (a cursor, or milliseconds into a recording). */
function isMs(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Threads one "which are in" question may name (the API's limit). */
export const MAX_THREAD_IDS = 100;
/** Messages one upload may hold: the background sends them in requests the API accepts; the API keeps 500 per thread. */
export const MAX_UPLOAD_MESSAGES = 500;

function isStringList(value: unknown, max: number, maxLength: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= max &&
    value.every((v) => typeof v === "string" && v.length > 0 && v.length <= maxLength)
  );
}

/** The shape of an upload (types only: the API validates every field and answers 400 naming it). */
function isEmailThreadUpload(value: unknown): value is EmailThreadUpload {
  if (!isObject(value) || typeof value.threadId !== "string" || value.threadId.length === 0) return false;
  if (value.subject !== undefined && typeof value.subject !== "string") return false;
  if (value.participants !== undefined && !Array.isArray(value.participants)) return false;
  return (
    Array.isArray(value.messages) &&
    value.messages.length > 0 &&
    value.messages.length <= MAX_UPLOAD_MESSAGES &&
    value.messages.every((m) => isObject(m) && typeof m.messageId === "string" && typeof m.body === "string")
  );
}

export const PERIODS: readonly Period[] = ["7d", "30d", "90d", "365d", "all"];
/** A Gmail thread can list many addresses; the sidebar asks about at most this many. */
export const MAX_LOOKUP_CANDIDATES = 10;

const LOOKUP_FIELDS = ["crm", "crmId", "domain", "email", "name"] as const;

function isLookupQuery(value: unknown): value is LookupQuery {
  if (!isObject(value)) return false;
  if (Object.keys(value).some((key) => !(LOOKUP_FIELDS as readonly string[]).includes(key))) return false;
  for (const key of LOOKUP_FIELDS) {
    const field = value[key];
    if (field !== undefined && (typeof field !== "string" || field.length === 0 || field.length > 2048)) return false;
  }
  if (value.crm !== undefined && value.crm !== "salesforce" && value.crm !== "hubspot") return false;
  if ((value.crm === undefined) !== (value.crmId === undefined)) return false;
  return LOOKUP_FIELDS.some((key) => value[key] !== undefined);
}
