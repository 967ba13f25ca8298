/**
 * The Levenshtein edit distance, for "did you mean" suggestions in error messages (unknown
 * environment ids, unknown hyperparameter names).
 */

/**
 * The least number of single-character insertions, deletions and substitutions that turn `a`
 * into `b` (Levenshtein 1966), in O(|a| |b|) time and O(|b|) memory. Case-sensitive.
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
