import { handleMessage } from "../src/background/router.ts";
import { restrictSessionStorage } from "../src/background/session-store.ts";

// Thin entrypoint: every decision lives in src/background so units can drive it with fakeBrowser.
export default defineBackground(() => {
  // The token lives in storage.session: trusted contexts only, never a content script.
  void restrictSessionStorage();
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // sendResponse + `return true` keeps the channel open for the async answer in every Chrome version.
    void handleMessage(message, sender).then(sendResponse);
    return true;
  });
});
