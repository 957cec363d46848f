import { useEffect } from "preact/hooks";
import { Sidebar } from "../sidebar/components/Sidebar.tsx";
import type { OverviewPageStore } from "./overview-store.ts";

/** The sidebar's rendering as a full page (styles in entrypoints/overview make the panel static). */
export function OverviewPage({ store }: { store: OverviewPageStore }) {
  const error = store.loadError.value;
  const view = store.sidebar.view.value;
  const name = view?.kind === "ready" ? view.account.name : null;
  useEffect(() => {
    document.title = name ? `${name} · Sightline` : "Account overview · Sightline";
  }, [name]);
  if (error) {
    return (
      <main class="panel page-error">
        <p role="alert">{error}</p>
        <button type="button" onClick={() => void store.load()}>
          Try again
        </button>
      </main>
    );
  }
  return <Sidebar store={store.sidebar} />;
}
