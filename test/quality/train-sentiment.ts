// Trains the built-in analyzer's sentiment model on ../shared/data and writes the shipped weights
// (worker/src/analysis/builtin/sentiment-weights.json). Deterministic: running it again on the same
// data writes the same bytes (test/quality/sentiment-weights.test.ts checks it).
//   pnpm train:sentiment
import { writeFileSync } from "node:fs";
import { hasSharedData, SHARED_DATA_DIR } from "../support/shared-data.ts";
import { trainShippedWeights, WEIGHTS_FILE } from "./sentiment-training.ts";

if (!hasSharedData) {
  process.stderr.write(`No reference data at ${SHARED_DATA_DIR}: cannot train.\n`);
  process.exit(1);
}
const text = trainShippedWeights();
writeFileSync(WEIGHTS_FILE, text);
process.stdout.write(`wrote ${WEIGHTS_FILE} (${text.length} bytes)\n`);
