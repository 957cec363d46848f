import { browser } from "wxt/browser";
import {
  fail,
  isRequest,
  ok,
  type Request,
  type RequestType,
  type ResponseFor,
  type Result,
} from "../shared/messages.ts";
import { checkActiveGmailThread } from "./handlers/active-gmail-thread.ts";
import { importAccounts } from "./handlers/admin-account-import.ts";
import {
  createAccount,
  createContact,
  deleteAccount,
  deleteContact,
  listContacts,
  updateAccount,
  updateContact,
} from "./handlers/admin-accounts.ts";
import {
  assignConversation,
  listFailedJobs,
  listUnassigned,
  listWebhookEvents,
  replayFailedJob,
  replayWebhookEvent,
} from "./handlers/admin-console.ts";
import { createDeletion, getDeletion, listDeletions } from "./handlers/admin-deletions.ts";
import { createExport, getExport, listExports } from "./handlers/admin-exports.ts";
import {
  clearSlackWebhook,
  getIntakeSettings,
  getSlackWebhook,
  setRegisteredUsersOnly,
  setSlackWebhook,
} from "./handlers/admin-org.ts";
import {
  getEmailCaptureSettings,
  getRetention,
  setEmailCaptureSettings,
  setRetention,
} from "./handlers/admin-retention.ts";
import {
  inviteUser,
  listProfiles,
  listUserTokens,
  revokeUserToken,
  setProfileIntake,
  updateUser,
} from "./handlers/admin-users.ts";
import { connectGongKey, connectZoomAccount, disconnect, getConnections } from "./handlers/connections.ts";
import { getEmailMessage, openEmailMessage } from "./handlers/email-message.ts";
import { addEmailThread, getEmailThreads, shouldCaptureEmail } from "./handlers/email-threads.ts";
import { getAttribution } from "./handlers/get-attribution.ts";
import { getCoaching } from "./handlers/get-coaching.ts";
import { getConversation } from "./handlers/get-conversation.ts";
import { getConversationMedia } from "./handlers/get-conversation-media.ts";
import { getMe } from "./handlers/get-me.ts";
import { getOverview } from "./handlers/get-overview.ts";
import { getSession } from "./handlers/get-session.ts";
import { addGmailThread, checkGmailThread } from "./handlers/gmail-thread.ts";
import { listUsers } from "./handlers/list-users.ts";
import { lookupAccount } from "./handlers/lookup-account.ts";
import { openSignIn } from "./handlers/open-sign-in.ts";
import { openTranscript } from "./handlers/open-transcript.ts";
import { searchAccounts } from "./handlers/search-accounts.ts";
import { searchConversations } from "./handlers/search-conversations.ts";
import { signIn } from "./handlers/sign-in.ts";
import { signOut } from "./handlers/sign-out.ts";
import { startGongConnect, startZoomConnect } from "./handlers/start-zoom-connect.ts";

/** The sender fields the router looks at; a subset of runtime.MessageSender. */
export type Sender = { id?: string; url?: string; tab?: { id?: number }; frameId?: number };

/**
 * What a content script (the sidebar on a Salesforce, HubSpot or Gmail page) may ask: find the
 * page's account, read its overview, open the extension's sign-in and transcript pages. Nothing that
 * signs in or out, changes the backend URL, reads the session or connections, or disconnects: a
 * compromised host page that reaches the content script gets no further than the sidebar shows.
 */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<RequestType> = new Set<RequestType>([
  "lookupAccount",
  "getOverview",
  "openSignIn",
  "openTranscript",
  // Gmail: the background reads the open thread from the sender's tab itself, says whether it is in
  // and adds it. Uploading a thread the caller composed (addEmailThread) stays with extension pages.
  "checkGmailThread",
  "addGmailThread",
  // An e-mail source's "Open e-mail" (opens email.html; the page itself asks getEmailMessage).
  "openEmailMessage",
]);

/** The extension's own pages (popup, options, overview, transcript) have its chrome-extension:// origin. */
function fromExtensionPage(sender: Sender): boolean {
  return sender.url?.startsWith(browser.runtime.getURL("/")) ?? false;
}

/**
 * Answers one message. Only this extension's own pages and scripts may talk to the background:
 * anything else (another extension, a web page via externally_connectable) is refused before any work.
 */
export async function handleMessage(message: unknown, sender: Sender): Promise<Result<unknown>> {
  if (sender.id !== browser.runtime.id) return fail("invalid", "Messages from other extensions are not accepted");
  if (!isRequest(message)) return fail("invalid", "Unknown message");
  if (!fromExtensionPage(sender) && !CONTENT_SCRIPT_MESSAGES.has(message.type))
    return fail("invalid", "This message is not accepted from a web page's content script");
  try {
    return await route(message, sender);
  } catch (error) {
    // Storage failures and bugs still get an answer, so the popup never waits forever.
    return fail("server", error instanceof Error ? error.message : String(error));
  }
}

async function route(message: Request, sender: Sender): Promise<ResponseFor<Request["type"]>> {
  switch (message.type) {
    case "signIn":
      return signIn(message);
    case "signOut":
      return ok(await signOut());
    case "getSession":
      return ok(await getSession());
    case "searchAccounts":
      return searchAccounts(message);
    case "lookupAccount":
      return lookupAccount(message);
    case "getOverview":
      return getOverview(message);
    case "openSignIn":
      return openSignIn();
    case "getMe":
      return getMe();
    case "getConnections":
      return getConnections();
    case "disconnect":
      return disconnect(message);
    case "startZoomConnect":
      return startZoomConnect();
    case "startGongConnect":
      return startGongConnect();
    case "connectGongKey":
      return connectGongKey(message);
    case "getConversation":
      return getConversation(message);
    case "openTranscript":
      return openTranscript(message);
    case "getCoaching":
      return getCoaching(message);
    case "listUsers":
      return listUsers();
    case "searchConversations":
      return searchConversations(message);
    case "getConversationMedia":
      return getConversationMedia(message);
    case "listUnassigned":
      return listUnassigned();
    case "assignConversation":
      return assignConversation(message);
    case "listFailedJobs":
      return listFailedJobs();
    case "replayFailedJob":
      return replayFailedJob(message);
    case "listWebhookEvents":
      return listWebhookEvents();
    case "replayWebhookEvent":
      return replayWebhookEvent(message);
    case "listProfiles":
      return listProfiles();
    case "inviteUser":
      return inviteUser(message);
    case "updateUser":
      return updateUser(message);
    case "listUserTokens":
      return listUserTokens(message);
    case "revokeUserToken":
      return revokeUserToken(message);
    case "setProfileIntake":
      return setProfileIntake(message);
    case "getIntakeSettings":
      return getIntakeSettings();
    case "setRegisteredUsersOnly":
      return setRegisteredUsersOnly(message);
    case "getSlackWebhook":
      return getSlackWebhook();
    case "setSlackWebhook":
      return setSlackWebhook(message);
    case "clearSlackWebhook":
      return clearSlackWebhook();
    case "importAccounts":
      return importAccounts(message);
    case "listDeletions":
      return listDeletions();
    case "getDeletion":
      return getDeletion(message);
    case "createDeletion":
      return createDeletion(message);
    case "getRetention":
      return getRetention();
    case "setRetention":
      return setRetention(message);
    case "getEmailCaptureSettings":
      return getEmailCaptureSettings();
    case "setEmailCaptureSettings":
      return setEmailCaptureSettings(message);
    case "listExports":
      return listExports();
    case "getExport":
      return getExport(message);
    case "createExport":
      return createExport(message);
    case "createAccount":
      return createAccount(message);
    case "updateAccount":
      return updateAccount(message);
    case "deleteAccount":
      return deleteAccount(message);
    case "listContacts":
      return listContacts(message);
    case "createContact":
      return createContact(message);
    case "updateContact":
      return updateContact(message);
    case "deleteContact":
      return deleteContact(message);
    case "connectZoomAccount":
      return connectZoomAccount(message);
    case "addEmailThread":
      return addEmailThread(message);
    case "getEmailThreads":
      return getEmailThreads(message);
    case "shouldCaptureEmail":
      return shouldCaptureEmail(message);
    case "getAttribution":
      return getAttribution(message);
    case "checkGmailThread":
      return checkGmailThread(sender);
    case "addGmailThread":
      return addGmailThread(message, sender);
    case "getEmailMessage":
      return getEmailMessage(message);
    case "openEmailMessage":
      return openEmailMessage(message);
    case "checkActiveGmailThread":
      return checkActiveGmailThread();
  }
}
