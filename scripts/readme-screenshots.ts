// `node scripts/readme-screenshots.ts`: copies the README's screenshots from the last e2e run
// (artifacts/e2e/, written by test/e2e/support/screenshot.ts) to docs/images/. Fails naming any that
// the run did not produce, so the README never shows a picture older than the code.
// `node scripts/readme-screenshots.ts NAME…`: only those images, after running only the e2e files
// that take them (the same check, for those).
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./lib/local-stack.ts";

/** README image (docs/images/NAME.png) <- e2e screenshot (artifacts/e2e/NAME.png). */
const SHOTS: Record<string, string> = {
  "sidebar-salesforce": "sidebar-salesforce",
  "sidebar-salesforce-dark": "sidebar-salesforce-dark",
  "sidebar-gmail": "sidebar-gmail",
  "sidebar-zcc": "sidebar-zcc",
  "popup-search": "popup-my-accounts",
  options: "options-signed-in",
  transcript: "pages-transcript",
  coaching: "coaching",
  "search-popup": "search-popup-hits",
  "transcript-find": "viewer-find",
  "gmail-add-thread": "sidebar-gmail-add-thread",
  "email-source": "email-source-message",
  "search-page": "search-page",
};

const asked = process.argv.slice(2);
const unknown = asked.filter((image) => !(image in SHOTS));
if (unknown.length > 0) {
  process.stderr.write(`No README image named: ${unknown.join(", ")} (known: ${Object.keys(SHOTS).join(", ")}).\n`);
  process.exit(1);
}
const chosen = Object.entries(SHOTS).filter(([image]) => asked.length === 0 || asked.includes(image));

const missing = chosen
  .map(([, shot]) => shot)
  .filter((shot) => !existsSync(join(REPO_ROOT, "artifacts/e2e", `${shot}.png`)));
if (missing.length > 0) {
  process.stderr.write(`No e2e screenshot for: ${missing.join(", ")}. Run the e2e layer first (pnpm test:e2e).\n`);
  process.exit(1);
}
for (const [image, shot] of chosen) {
  copyFileSync(join(REPO_ROOT, "artifacts/e2e", `${shot}.png`), join(REPO_ROOT, "docs/images", `${image}.png`));
  process.stdout.write(`docs/images/${image}.png <- artifacts/e2e/${shot}.png\n`);
}
