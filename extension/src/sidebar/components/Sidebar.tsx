import { AccountViewBody } from "../../ui/AccountOverview.tsx";
import { Button } from "../../ui/Button.tsx";
import type { EmailThreadStore } from "../email-thread-store.ts";
import type { SidebarStore } from "../store.ts";
import { ThreadCard } from "./ThreadCard.tsx";

/** The sidebar, fixed to the right edge inside a shadow root: its chrome (title bar, collapse) around the account view. */
export function Sidebar({ store, thread }: { store: SidebarStore; thread?: EmailThreadStore }) {
  const view = store.view.value;
  if (!view) return null;
  if (store.collapsed.value) {
    return (
      <Button
        class="tab"
        aria-label="Expand Sightline sidebar"
        aria-expanded="false"
        onClick={() => void store.setCollapsed(false)}
      >
        Sightline
      </Button>
    );
  }
  return (
    <aside class="panel" aria-label="Sightline account insights">
      <div class="bar">
        <span class="brand">Sightline</span>
        <Button
          class="icon"
          aria-label="Collapse Sightline sidebar"
          aria-expanded="true"
          onClick={() => void store.setCollapsed(true)}
        >
          ›
        </Button>
      </div>
      <div class="body">
        {thread && <ThreadCard store={thread} openSignIn={() => void store.openSignIn()} />}
        <AccountViewBody
          view={view}
          period={store.period.value}
          compact
          actions={{
            setPeriod: (period) => void store.setPeriod(period),
            openTranscript: (...source) => void store.openTranscript(...source),
            openSignIn: () => void store.openSignIn(),
            retry: () => void store.retry(),
          }}
        />
      </div>
    </aside>
  );
}
