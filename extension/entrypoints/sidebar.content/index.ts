import { SIDEBAR_MATCHES } from "../../src/sidebar/matches.ts";
import { startSidebar } from "../../src/sidebar/mount.tsx";

// Thin entrypoint: the sidebar's logic lives in src/sidebar so units can drive it.
export default defineContentScript({
  matches: SIDEBAR_MATCHES,
  // Not document_idle: on pages still loading subresources Chrome waits 200 ms past DOMContentLoaded
  // before injecting those (see INTERNALS, sidebar timing in docs/benchmarks.md).
  runAt: "document_end",
  allFrames: false,
  main(ctx) {
    startSidebar(ctx);
  },
});
