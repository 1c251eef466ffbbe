/** Edit distance (Levenshtein), case-insensitive: enough to suggest what a user probably meant. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Up to `max` candidates closest to `wanted`: names that contain it (or that it contains) first,
 * then by edit distance, keeping only plausible ones (distance at most about a third of the length).
 */
export function nearMatches(wanted: string, candidates: Iterable<string>, max = 5): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(2, Math.ceil(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const n = name.toLowerCase();
    const d = distance(w, n);
    const contains = w.length >= 2 && (n.includes(w) || w.includes(n.replace(/[/:-]/g, '')) || n.replace(/[/:-]/g, '').includes(w.replace(/[/:-]/g, '')));
    if (contains) scored.push({ name, score: d - 100 });
    else if (d <= limit) scored.push({ name, score: d });
  }
  return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name)).slice(0, max).map((s) => s.name);
}
