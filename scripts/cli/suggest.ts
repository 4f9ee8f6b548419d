// "Did you mean" for enumerated option values (profiles, invariants, actors, formats...). commander suggests only
// for option and command names and does not export its helper, so this is the same idea in a few lines: the
// optimal-string-alignment distance, and the candidates within a third of the word's length (at least 1, at most 3).

function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidates to `word` (case-insensitive), nearest first; empty when none is close. */
export function similar(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 3)));
  const scored = candidates
    .map((c) => ({ c, d: c.toLowerCase().startsWith(w) && w.length >= 3 ? 0.5 : distance(w, c.toLowerCase()) }))
    .filter((s) => s.d <= limit)
    .sort((x, y) => x.d - y.d);
  return scored.map((s) => s.c);
}

/** ` (did you mean X?)` or ` (did you mean X or Y?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const near = similar(word, candidates).slice(0, 2);
  return near.length === 0 ? '' : ` (did you mean ${near.join(' or ')}?)`;
}
