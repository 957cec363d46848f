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
          editDistance(queryWord, word),
          editDistance(queryWord, word.slice(0, queryWord.length)),
        );
        if (distance <= allowed) score = 0.5 - distance * 0.1;
      }
    }
    if (score > best) best = score;
  }
  return best;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1] as number;
}
