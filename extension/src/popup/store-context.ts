import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { PopupStore } from "./store.ts";

// The store travels through context so components can be rendered against a test store.
export const StoreContext = createContext<PopupStore | null>(null);

export function useStore(): PopupStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useStore() needs a <StoreContext.Provider>");
  return store;
}
