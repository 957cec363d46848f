// Grid search of the sentiment decision parameters on MELD dev ONLY (never test).
//   node test/quality/tune-sentiment.ts
import {
  DEFAULT_SENTIMENT_PARAMS,
  type SentimentParams,
  scoreSentiment,
} from "../../worker/src/analysis/builtin/sentiment.ts";
import { classificationScores, loadMeld, loadUci } from "./data.ts";

const dev = loadMeld("dev");
const gold = dev.map((d) => d.label);
const evalParams = (p: SentimentParams) =>
  classificationScores(
    gold,
    dev.map((d) => scoreSentiment(d.text, p).label),
  );

const base = evalParams(DEFAULT_SENTIMENT_PARAMS);
process.stdout.write(`defaults: dev macro-F1 ${base.macroF1.toFixed(3)} acc ${base.accuracy.toFixed(3)}\n`);
let best = { f1: base.macroF1, p: DEFAULT_SENTIMENT_PARAMS };
const grid = {
  positiveAt: [0.5, 0.7, 0.9, 1.1, 1.4],
  negativeAt: [-0.4, -0.6, -0.9, -1.2],
  negationLean: [0, -0.3, -0.5, -0.8],
  exclaimShortLean: [0, 1, 2],
  exclaimQuestionLean: [0, -1, -2],
  exclaimLongLean: [-1, 0, 1],
  questionLean: [0, -0.5, -1],
};
for (const positiveAt of grid.positiveAt)
  for (const negativeAt of grid.negativeAt)
    for (const negationLean of grid.negationLean)
      for (const exclaimShortLean of grid.exclaimShortLean)
        for (const exclaimQuestionLean of grid.exclaimQuestionLean)
          for (const exclaimLongLean of grid.exclaimLongLean)
            for (const questionLean of grid.questionLean) {
              const p = {
                ...DEFAULT_SENTIMENT_PARAMS,
                positiveAt,
                negativeAt,
                negationLean,
                exclaimShortLean,
                exclaimQuestionLean,
                exclaimLongLean,
                questionLean,
              };
              const f1 = evalParams(p).macroF1;
              if (f1 > best.f1 + 1e-9) best = { f1, p };
            }
process.stdout.write(`best on dev: macro-F1 ${best.f1.toFixed(3)} ${JSON.stringify(best.p)}\n`);
const r = evalParams(best.p);
process.stdout.write(`${JSON.stringify(r.perClass.map((c) => [c.label, c.f1.toFixed(3)]))}\n`);
for (const set of ["amazon_cells", "yelp", "imdb"] as const) {
  const rows = loadUci(set);
  const acc = rows.filter((x) => scoreSentiment(x.text, best.p).score >= 0 === x.positive).length / rows.length;
  process.stdout.write(`uci ${set}: ${(acc * 100).toFixed(1)}%\n`);
}
