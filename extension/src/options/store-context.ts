import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { OptionsStore } from "./store.ts";

export const OptionsStoreContext = createContext<OptionsStore | null>(null);

export function useOptionsStore(): OptionsStore {
  const store = useContext(OptionsStoreContext);
  if (!store) throw new Error("useOptionsStore() needs an <OptionsStoreContext.Provider>");
  return store;
}
