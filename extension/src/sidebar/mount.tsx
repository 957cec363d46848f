import { effect } from "@preact/signals";
import { render } from "preact";
import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { sidebarShadowMode } from "../build/flavour.ts";
import { watchHostPage } from "../host-pages/navigation.ts";
import { sendMessage } from "../ui/send-message.ts";
import { onSessionChange } from "../ui/session-change.ts";
import { Sidebar } from "./components/Sidebar.tsx";
import { createEmailThreadStore } from "./email-thread-store.ts";
import { createShadowHost } from "./shadow-host.ts";
import { COLLAPSED_KEY, type CollapsedStorage, createSidebarStore } from "./store.ts";
import { SIDEBAR_CSS } from "./styles.ts";

/** The collapsed flag in chrome.storage.local, shared by every tab. */
export const collapsedStorage: CollapsedStorage = {
  async get() {
    return (await browser.storage.local.get(COLLAPSED_KEY))[COLLAPSED_KEY] === true;
  },
  async set(collapsed) {
    await browser.storage.local.set({ [COLLAPSED_KEY]: collapsed });
  },
};

/**
 * The content script's body: watch the host page, resolve it through the background, and keep the
 * shadow-root sidebar mounted exactly while the page is a record or thread. Everything stops when
 * the extension is reloaded or updated (ctx invalidated).
 */
export function startSidebar(ctx: ContentScriptContext): void {
  const store = createSidebarStore({ send: sendMessage, collapsedStorage });
  const ui = createShadowHost(document, "sightline-sidebar", SIDEBAR_CSS, sidebarShadowMode(import.meta.env.MODE));
  // The open Gmail thread's card (the background reads the thread; Gmail only).
  const thread = createEmailThreadStore(sendMessage);
  let threadKey: string | null = null;
  render(<Sidebar store={store} thread={thread} />, ui.container);
  // On the page exactly while there is something to show (a record or a thread).
  const stopEffect = effect(() => {
    if (store.view.value === null) ui.detach();
    else ui.attach();
  });

  // Signing in (popup or options page) or out elsewhere: look the page up again.
  const stopSessionWatch = onSessionChange(() => {
    void store.retry();
    if (threadKey) void thread.open();
  });
  // Collapsing the sidebar in one tab collapses it in every tab.
  const onStorage = (changes: Record<string, unknown>, area: string) => {
    if (area === "local" && COLLAPSED_KEY in changes)
      void collapsedStorage.get().then((c) => (store.collapsed.value = c));
  };
  browser.storage.onChanged.addListener(onStorage);

  const watcher = watchHostPage({
    onChange: (page) => {
      void store.setPage(page);
      // A thread opened or finished rendering (participants, subject): ask about it again.
      const key = page?.host === "gmail" ? JSON.stringify(page.thread) : null;
      if (key !== threadKey) {
        threadKey = key;
        if (key) void thread.open();
        else thread.view.value = null;
      }
    },
  });
  ctx.onInvalidated(() => {
    watcher.stop();
    stopEffect();
    render(null, ui.container);
    ui.detach();
    browser.storage.onChanged.removeListener(onStorage);
    stopSessionWatch();
  });
}
