/**
 * "Did you mean" for mistyped ids: the closest candidates by edit distance (Levenshtein), in the
 * spirit of git's `help.autocorrect` suggestions. Bounded by the candidate list; no allocation per cell
 * beyond two rows.
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Candidates within a distance of a third of the input's length (at least 2), or that contain
 * the input as a substring (`refused` → `tcp-refused`); closest first, at most `limit`.
 */
export function suggest(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  const threshold = Math.max(2, Math.floor(needle.length / 3));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(needle, candidate) }))
    .filter(({ candidate, distance }) => distance <= threshold || (needle.length >= 3 && candidate.includes(needle)))
    .sort((x, y) => x.distance - y.distance || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}
