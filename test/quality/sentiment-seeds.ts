// How much MELD dev macro-F1 moves with nothing but the order of the training examples (the shuffle
// seed), for the shipped recipe and for one variant. A choice made on dev that moves it by less than
// this spread is noise (docs/quality.md, "third pass").
//   node test/quality/sentiment-seeds.ts [seeds=6]
import { CLASSES } from "../../worker/src/analysis/builtin/sentiment-features.ts";
import { predictSentiment } from "../../worker/src/analysis/builtin/sentiment-model.ts";
import { decodeWeights, encodeWeights } from "../../worker/src/analysis/builtin/sentiment-weights-codec.ts";
import { hasSharedData, SHARED_DATA_DIR } from "../support/shared-data.ts";
import { classificationScores, type Label3, loadMeld, loadUci } from "./data.ts";
import { DEFAULT_TRAINING, shippedExamples, trainSentimentModel } from "./sentiment-training.ts";

if (!hasSharedData) {
  process.stdout.write(`[skipped] no reference data at ${SHARED_DATA_DIR}\n`);
  process.exit(0);
}
const seeds = Number(process.argv[2] ?? 6);
const dev = loadMeld("dev");

/** Dev macro-F1 of the quantized model (exactly what would ship) and its UCI accuracy on `checkLine` lines. */
function measure(useLine: (i: number) => boolean, seed: number, checkLine?: (i: number) => boolean) {
  const weights = trainSentimentModel(shippedExamples(useLine), { ...DEFAULT_TRAINING, seed });
  const table = { weights: decodeWeights(encodeWeights(weights, CLASSES, "")), quantum: weights.quantum };
  const label = (text: string): Label3 => {
    const [p, u, n] = predictSentiment(text, undefined, table);
    return p >= u && p >= n ? "positive" : n >= u ? "negative" : "neutral";
  };
  const macroF1 = classificationScores(
    dev.map((d) => d.label),
    dev.map((d) => label(d.text)),
  ).macroF1;
  const uci = checkLine
    ? (["amazon_cells", "yelp", "imdb"] as const).map((set) => {
        const rows = loadUci(set).filter((_, i) => checkLine(i));
        const right = rows.filter((r) => {
          const [p, , n] = predictSentiment(r.text, undefined, table);
          return p >= n === r.positive;
        }).length;
        return `${((right / rows.length) * 100).toFixed(1)} %`;
      })
    : [];
  return { macroF1, uci };
}

const recipes = [
  { name: "shipped: UCI even lines", useLine: (i: number) => i % 2 === 0 },
  {
    name: "UCI lines 0 mod 4 only (validated on 2 mod 4)",
    useLine: (i: number) => i % 4 === 0,
    check: (i: number) => i % 4 === 2,
  },
];
process.stdout.write("| recipe | MELD dev macro-F1 per seed | min / mean / max |\n| --- | --- | --- |\n");
for (const recipe of recipes) {
  const runs = Array.from({ length: seeds }, (_, s) => measure(recipe.useLine, 20261203 + s, recipe.check));
  const f1 = runs.map((r) => r.macroF1);
  const mean = f1.reduce((a, b) => a + b, 0) / f1.length;
  const uci = recipe.check ? ` (UCI validation, first seed: ${runs[0]?.uci.join(" / ")})` : "";
  process.stdout.write(
    `| ${recipe.name}${uci} | ${f1.map((x) => x.toFixed(3)).join(", ")} | ${Math.min(...f1).toFixed(3)} / ${mean.toFixed(3)} / ${Math.max(...f1).toFixed(3)} |\n`,
  );
}
