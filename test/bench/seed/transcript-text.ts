// Deterministic sales-call text for the scale seed: words drawn from a Zipf distribution (rank r
// with probability ~1/r, as words are in real speech) over a vocabulary of conversational and
// sales words and invented product names, so a common word such as "pricing" matches a few
// percent of the segments and a rare phrase a few hundred, as on a real organization's calls.

/** mulberry32: a small seeded PRNG, so every seed of a given size is the same text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Most frequent first: the order is the Zipf rank.
const COMMON = `the i you to and a that it of we is so in yeah for this on have be just they what but
  like do with know can our think are was if not at all right okay about there your get would one
  um uh going me well because really then now here see how from us time more some or by want need
  team data when will which also look out make sure an their mean good people go other week thing
  things them work any customer question call next use able back today first still these process
  pricing report dashboard renewal contract budget quarter integration support onboarding users
  account plan price cost value deal security timeline decision proposal demo trial license seats
  feature features workflow export import sync api salesforce hubspot slack zoom email meeting
  integrations integrate manager director legal procurement review approval signed discount
  renewal timeouts export issue issues problem problems bug latency slow faster performance
  migration rollout training adoption champion competitor competitors gong chorus alternative
  analytics forecast pipeline stage close closing quote order invoice payment annual monthly
  storage compliance sso audit permissions admin mobile app reporting goals metrics kpi roi`.split(/\s+/);

const SYLLABLES = ["ka", "lo", "mi", "ver", "tan", "zo", "rix", "pel", "dor", "qu", "sen", "tra", "nex", "vo", "li"];

function vocabulary(): string[] {
  const words = [...new Set(COMMON)].filter(Boolean);
  // Rare words (names, products, places): the long tail of a real vocabulary.
  const random = seededRandom(7);
  const pick = () => SYLLABLES[Math.floor(random() * SYLLABLES.length)] as string;
  while (words.length < 3000) words.push(`${pick()}${pick()}${pick()}`);
  return words;
}

const VOCAB = vocabulary();
/** Cumulative Zipf weights for sampling by binary search. */
const CUMULATIVE = (() => {
  let total = 0;
  const out = VOCAB.map((_, rank) => {
    total += 1 / (rank + 1);
    return total;
  });
  return out.map((w) => w / total);
})();

function zipfWord(random: () => number): string {
  const r = random();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((CUMULATIVE[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo] as string;
}

/** Phrases a search looks for; each goes into a small share of the segments. */
const PHRASES = ["export timeouts", "single sign on", "annual contract", "price increase"];

/** One utterance of 6-28 words; about 1 in 250 also carries one of the phrases above. */
export function segmentText(random: () => number): string {
  const length = 6 + Math.floor(random() * 23);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(zipfWord(random));
  if (random() < 0.004) {
    words.splice(Math.floor(random() * words.length), 0, PHRASES[Math.floor(random() * PHRASES.length)] as string);
  }
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
