import { nameWords } from "@sightline/shared";

/**
 * Candidate generation for account search (`rankAccounts` still decides the order). Every account
 * keeps a set of short strings ("grams") in `account_search_grams`; a query becomes a plan of gram
 * conditions that every account `rankAccounts` could score above 0 satisfies, so reading only the
 * accounts that satisfy it gives the same answer as ranking the whole organization.
 *
 * An account's grams, per word (name words and domain labels, the words rankAccounts compares):
 * - the trigrams of the word behind two start marks: "##a", "#ac", "acm", "cme" for "acme";
 * - its first two letters unordered behind "!" ("!ac"): a swap of the first two letters keeps it;
 * a trigram repeated within a word is numbered by occurrence ("aba:2"); and the trigrams of the whole name joined with single spaces (" co", "e c"), for the substring
 * fallback ("me cor" in "acme corp").
 *
 * Why the plan admits every match of a query word w of n letters (typos allowed: k = 1 from 4
 * letters, 2 from 8, as in rankAccounts):
 * - equal or prefix: the word has every gram of "##" + w;
 * - substring (n >= 3): the word has every trigram inside w (the n - 2 without a start mark);
 * - within k edits of the word or of its first n letters: one edit (substitution, insertion,
 *   deletion or adjacent swap) changes at most 4 of the n start-marked trigrams of w, so at least
 *   n - 4k of them survive; where that bound is 0 (n = 4 or 8), the only way to change all of them
 *   touches the first letter so that either the unordered first pair survives or one more gram does
 *   (search-grams.test.ts checks this exhaustively on small alphabets and randomly against rankAccounts).
 * So: n <= 2 needs all of "##" + w's grams; n = 3 its one inner trigram; n >= 4 at least
 * max(1, n - 4k) of its grams and pair gram together (which the two exact cases satisfy as well).
 */

const START = "##";
/**
 * D1 binds at most 100 values per statement; the plan's SQL binds its grams and five more values.
 * A longer query is ranked over the whole organization.
 */
const MAX_BOUND_VALUES = 100;

/**
 * The start-marked trigrams of a word, a repeated one numbered by occurrence ("aba", "aba:2"), so
 * that counting shared grams counts shared occurrences, as the bound above needs; and its pair gram.
 */
function wordGrams(word: string, into: Set<string>): void {
  const marked = START + word;
  const seen = new Map<string, number>();
  for (let i = 0; i + 3 <= marked.length; i++) {
    const gram = marked.slice(i, i + 3);
    const count = (seen.get(gram) ?? 0) + 1;
    seen.set(gram, count);
    into.add(count === 1 ? gram : `${gram}:${count}`);
  }
  if (word.length >= 2) into.add(pairGram(word));
}

const pairGram = (word: string) => {
  const a = word[0] as string;
  const b = word[1] as string;
  return a < b ? `!${a}${b}` : `!${b}${a}`;
};

function trigrams(text: string, into: Set<string>): void {
  for (let i = 0; i + 3 <= text.length; i++) into.add(text.slice(i, i + 3));
}

/** The words rankAccounts compares a query with: the name's words and each domain's labels without the TLD. */
export function searchWords(name: string, domains: readonly string[]): string[] {
  return [...nameWords(name), ...domains.flatMap((d) => d.split(".").slice(0, -1))];
}

/** Every gram an account is indexed under (a set: each appears once). */
export function accountSearchGrams(name: string, domains: readonly string[]): string[] {
  const grams = new Set<string>();
  for (const word of searchWords(name, domains)) if (word) wordGrams(word, grams);
  trigrams(nameWords(name).join(" "), grams);
  return [...grams];
}

/** An account is a candidate when it has at least `min` of `grams`. */
export interface GramCondition {
  grams: string[];
  min: number;
}

export interface SearchPlan {
  /** Every condition must hold (one per query word)... */
  allOf: GramCondition[];
  /** ...or this one (the query's words joined, as a substring of the joined name). */
  orSubstring: GramCondition | null;
  /** ...or a domain starts with the query as typed. */
  domainPrefix: string;
}

export function typoAllowance(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** The plan of a query, or null when no gram condition can narrow it (e.g. one or two letters). */
export function planAccountSearch(query: string): SearchPlan | null {
  const words = nameWords(query);
  if (words.length === 0) return null;
  const joined = words.join(" ");
  // A query word that matches nothing still finds names containing the joined query (rankAccounts'
  // 0.6 fallback): with fewer than 3 letters no trigram can say which names those are.
  if (joined.length < 3) return null;
  const allOf = words.map((word): GramCondition => {
    if (word.length <= 2) {
      const grams = new Set<string>();
      const marked = START + word;
      for (let i = 0; i + 3 <= marked.length; i++) grams.add(marked.slice(i, i + 3));
      return { grams: [...grams], min: grams.size };
    }
    if (word.length === 3) return { grams: [word], min: 1 };
    const grams = new Set<string>();
    wordGrams(word, grams);
    return { grams: [...grams], min: Math.max(1, word.length - 4 * typoAllowance(word.length)) };
  });
  // The substring fallback can only rescue a query with a word of one or two letters: a longer word
  // inside a substring of the joined name lies inside one name word, which rankAccounts matches.
  const substring = new Set<string>();
  const needsSubstring = words.some((w) => w.length <= 2);
  if (needsSubstring) trigrams(joined, substring);
  const plan: SearchPlan = {
    allOf,
    orSubstring: needsSubstring ? { grams: [...substring], min: substring.size } : null,
    domainPrefix: query.trim().toLowerCase(),
  };
  const bound = allOf.reduce((n, c) => n + c.grams.length, 0) + substring.size + 5;
  return bound > MAX_BOUND_VALUES ? null : plan;
}

/** The plan evaluated in memory (what the SQL of searchAccounts does), for tests. */
export function planAdmits(plan: SearchPlan, accountGrams: ReadonlySet<string>, domains: readonly string[]): boolean {
  const holds = (c: GramCondition) => c.grams.filter((g) => accountGrams.has(g)).length >= c.min;
  if (plan.allOf.every(holds)) return true;
  if (plan.orSubstring && holds(plan.orSubstring)) return true;
  return domains.some((d) => d.startsWith(plan.domainPrefix));
}
