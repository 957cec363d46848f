import { render } from "preact";
import { App } from "../../src/options/components/App.tsx";
import { createOptionsStore } from "../../src/options/store.ts";
import { OptionsStoreContext } from "../../src/options/store-context.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);

const root = document.getElementById("app");
if (!root) throw new Error("options.html has no #app element");

render(
  <OptionsStoreContext.Provider value={createOptionsStore()}>
    <App />
  </OptionsStoreContext.Provider>,
  root,
);
