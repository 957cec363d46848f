/**
 * The trained sentiment weights as one compact string: the non-zero hash buckets (as gaps) and their
 * quantized per-class weights, all as zig-zag varints, in base64. About 5 bytes per kept bucket, so
 * the shipped file stays far below 1 MB and holds no words (features are hashed).
 */

export interface SentimentWeights {
  hashBits: number;
  /** A stored integer n means the weight n * quantum. */
  quantum: number;
  /** Kept buckets, ascending. */
  buckets: number[];
  /** Quantized weights, one per class (`CLASSES` order) per kept bucket. */
  values: number[];
}

/** The shipped file's shape. */
export interface EncodedSentimentWeights {
  format: "sightline-sentiment-1";
  hashBits: number;
  quantum: number;
  classes: readonly string[];
  /** What the weights were trained on (licenses: docs/quality.md). */
  trainedOn: string;
  data: string;
}

function pushVarint(out: number[], n: number) {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  while (z >= 0x80) {
    out.push((z & 0x7f) | 0x80);
    z = Math.floor(z / 128);
  }
  out.push(z);
}

export function encodeWeights(
  w: SentimentWeights,
  classes: readonly string[],
  trainedOn: string,
): EncodedSentimentWeights {
  // The decoder keeps one signed 16-bit integer per weight.
  const outOfRange = w.values.find((v) => v < -32768 || v > 32767);
  if (outOfRange !== undefined) throw new Error(`quantized weight ${outOfRange} does not fit 16 bits`);
  const bytes: number[] = [];
  let last = -1;
  for (let i = 0; i < w.buckets.length; i++) {
    const bucket = w.buckets[i] as number;
    pushVarint(bytes, bucket - last - 1);
    last = bucket;
    for (let k = 0; k < classes.length; k++) pushVarint(bytes, w.values[i * classes.length + k] as number);
  }
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return {
    format: "sightline-sentiment-1",
    hashBits: w.hashBits,
    quantum: w.quantum,
    classes,
    trainedOn,
    data: btoa(binary),
  };
}

/**
 * A dense table (bucket * classes + class) of quantized weights, for constant-time lookups; a
 * weight is table value x quantum. Two bytes per entry (1.5 MB per isolate at 18 hash bits): since
 * 1.4.1 the steps are fine enough (1/256) that rounding changes almost no decision, and such
 * weights exceed a signed byte.
 */
export function decodeWeights(encoded: EncodedSentimentWeights): Int16Array {
  const k = encoded.classes.length;
  const table = new Int16Array((1 << encoded.hashBits) * k);
  const binary = atob(encoded.data);
  let pos = 0;
  const read = () => {
    let z = 0;
    let mult = 1;
    for (;;) {
      const b = binary.charCodeAt(pos++);
      z += (b & 0x7f) * mult;
      if (b < 0x80) break;
      mult *= 128;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  };
  let bucket = -1;
  while (pos < binary.length) {
    bucket += read() + 1;
    for (let c = 0; c < k; c++) table[bucket * k + c] = read();
  }
  return table;
}
