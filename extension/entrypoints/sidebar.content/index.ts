import { SIDEBAR_MATCHES } from "../../src/sidebar/matches.ts";
import { startSidebar } from "../../src/sidebar/mount.tsx";

// Thin entrypoint: the sidebar's logic lives in src/sidebar so units can drive it.
export default defineContentScript({
  matches: SIDEBAR_MATCHES,
  runAt: "document_idle",
  allFrames: false,
  main(ctx) {
    startSidebar(ctx);
  },
});
