import { handleMessage } from "../src/background/router.ts";

// Thin entrypoint: every decision lives in src/background so units can drive it with fakeBrowser.
export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // sendResponse + `return true` keeps the channel open for the async answer in every Chrome version.
    void handleMessage(message, sender).then(sendResponse);
    return true;
  });
});
