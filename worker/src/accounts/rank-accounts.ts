import { nameWords } from "@sightline/shared";

export interface SearchCandidate {
  id: string;
  name: string;
  domains: string[];
  lastActivityAt: number | null;
}

export interface RankedAccount {
  id: string;
  /** 0..1: 1 is an exact name match; typo matches score lowest. */
  score: number;
}

/**
 * Ranks accounts for a search box: exact name, then prefixes of the name, its words or a domain,
 * then substrings, then words within a small edit distance (typos such as "acmee", "globx").
 * Every query word must match something; ties go to the most recently active account.
 */
export function rankAccounts(query: string, candidates: SearchCandidate[], limit: number): RankedAccount[] {
  const queryWords = nameWords(query);
  if (queryWords.length === 0) return [];
  const queryJoined = queryWords.join(" ");
  // Domains are matched against the query as typed: "initech.de", "umbrella-health".
  const rawQuery = query.trim().toLowerCase();
  const ranked: Array<RankedAccount & { lastActivityAt: number }> = [];
  for (const candidate of candidates) {
    const score = scoreCandidate(queryWords, queryJoined, rawQuery, candidate);
    if (score > 0) ranked.push({ id: candidate.id, score, lastActivityAt: candidate.lastActivityAt ?? 0 });
  }
  ranked.sort((a, b) => b.score - a.score || b.lastActivityAt - a.lastActivityAt);
  return ranked.slice(0, limit).map(({ id, score }) => ({ id, score }));
}

function scoreCandidate(
  queryWords: string[],
  queryJoined: string,
  rawQuery: string,
  candidate: SearchCandidate,
): number {
  const words = nameWords(candidate.name);
  const joined = words.join(" ");
  if (joined === queryJoined) return 1;
  if (joined.startsWith(queryJoined)) return 0.9;
  for (const domain of candidate.domains) {
    if (domain.startsWith(rawQuery)) return 0.85;
  }
  // Domain labels count as words: "globex.io" is found by "globex".
  const allWords = [...words, ...candidate.domains.flatMap((d) => d.split(".").slice(0, -1))];
  let total = 0;
  for (const queryWord of queryWords) {
    const best = bestWordScore(queryWord, allWords);
    if (best === 0) {
      // A multi-word query may still be a substring of the name ("me cor" in "acme corp").
      return joined.includes(queryJoined) ? 0.6 : 0;
    }
    total += best;
  }
  return total / queryWords.length;
}

function bestWordScore(queryWord: string, words: string[]): number {
  let best = 0;
  for (const word of words) {
    let score = 0;
    if (word === queryWord) score = 0.8;
    else if (word.startsWith(queryWord)) score = 0.75;
    else if (queryWord.length >= 3 && word.includes(queryWord)) score = 0.6;
    else {
      const allowed = queryWord.length >= 8 ? 2 : queryWord.length >= 4 ? 1 : 0;
      if (allowed > 0) {
        // Compare with the word and with its prefix of the query's length: typos while still typing.
        const distance = Math.min(
          editDistance(queryWord, word, allowed),
          editDistance(queryWord, word.slice(0, queryWord.length), allowed),
        );
        if (distance <= allowed) score = 0.5 - distance * 0.1;
      }
    }
    if (score > best) best = score;
  }
  return best;
}

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
 * With `max`, gives up as soon as the distance must exceed it (returns max + 1): search compares
 * every query word with every account word, so most comparisons end after a row or two.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const cols = b.length + 1;
  // Three rolling rows (two back for the swap rule), reused across calls to spare the allocator.
  if (rowBuffer.length < cols * 3) rowBuffer = new Int32Array(cols * 3 * 2);
  let prev2 = 0;
  let prev = cols;
  let cur = cols * 2;
  for (let j = 0; j < cols; j++) rowBuffer[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rowBuffer[cur] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(
        (rowBuffer[prev + j] as number) + 1,
        (rowBuffer[cur + j - 1] as number) + 1,
        (rowBuffer[prev + j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, (rowBuffer[prev2 + j - 2] as number) + 1);
      }
      rowBuffer[cur + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const oldest = prev2;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return rowBuffer[prev + cols - 1] as number;
}
let rowBuffer = new Int32Array(96);
