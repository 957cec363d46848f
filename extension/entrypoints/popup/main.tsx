import { render } from "preact";
import { App } from "../../src/popup/components/App.tsx";
import { createPopupStore } from "../../src/popup/store.ts";
import { StoreContext } from "../../src/popup/store-context.ts";
import { applyUiStyles } from "../../src/ui/styles.ts";
import "./style.css";

applyUiStyles(document);

const root = document.getElementById("app");
if (!root) throw new Error("popup.html has no #app element");

render(
  <StoreContext.Provider value={createPopupStore()}>
    <App />
  </StoreContext.Provider>,
  root,
);
