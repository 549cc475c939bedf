// Row labels: normalise the printed text and match it against the catalogue's phrases.

/** Given a printed label, returns it normalised for matching: NFKC, no spaces, quotes or punctuation. */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[“”"‘’'「」『』()（）\[\]【】、,，.。:：;；!！?？·・/／\-—–_|*#《》<>]/g, '');
}

/** Given a normalised label and a normalised key, returns where the key ends in the label, or -1. */
export function exactEnd(label: string, key: string): number {
  const at = label.lastIndexOf(key);
  return at < 0 ? -1 : at + key.length;
}

/**
 * Given a normalised label and key, returns how well the key matches some stretch of the
 * label (1 = exactly, 0 = not at all): semi-global edit distance, so junk before or after
 * the key costs nothing while a truncated or garbled key (其他法律行政止公开) still scores.
 */
export function fuzzyScore(label: string, key: string): number {
  const n = key.length;
  if (n === 0) return 0;
  let prev = new Array<number>(n + 1);
  for (let i = 0; i <= n; i++) prev[i] = i;
  let best = n;
  for (const ch of label) {
    const cur = new Array<number>(n + 1);
    cur[0] = 0;
    for (let i = 1; i <= n; i++) {
      cur[i] = Math.min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (key[i - 1] === ch ? 0 : 1));
    }
    best = Math.min(best, cur[n]);
    prev = cur;
  }
  return 1 - best / n;
}
