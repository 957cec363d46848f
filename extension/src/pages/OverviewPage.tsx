import { useEffect } from "preact/hooks";
import { AccountViewBody } from "../ui/AccountOverview.tsx";
import type { OverviewPageStore } from "./overview-store.ts";

/** One account's overview as a full page: the same view as the sidebar, in a page column. */
export function OverviewPage({ store }: { store: OverviewPageStore }) {
  const view = store.view.value;
  const name = view.kind === "ready" ? view.account.name : null;
  useEffect(() => {
    document.title = name ? `${name} · Sightline` : "Account overview · Sightline";
  }, [name]);
  return (
    <main class="page-column overview-page">
      <h1 class="brand-title">Sightline account overview</h1>
      <AccountViewBody
        view={view}
        period={store.period.value}
        compact={false}
        actions={{
          setPeriod: (period) => void store.setPeriod(period),
          openTranscript: (...source) => void store.openTranscript(...source),
          openSignIn: () => void store.openSignIn(),
          retry: () => void store.load(),
        }}
      />
    </main>
  );
}
