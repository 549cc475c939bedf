// Rows → catalogue entries: every row is matched by its label against the catalogue's
// phrases, and the matches are aligned in printed order (rows never swap places), so one
// stray header word cannot pull a row out of place. Rows are never matched by counting.
import { exactEnd, fuzzyScore, normaliseLabel } from './labels.ts';
import type { Row } from './rows.ts';

export interface Entry {
  keys: string[];
}

/** A fuzzy match must be at least this good to count (truncated labels such as 其他法律行政止公开 score 0.75). */
const FUZZY_MIN = 0.6;
/** Keys shorter than this match only exactly: two characters match too much by accident. */
const FUZZY_MIN_KEY = 4;
/** Fuzzy matching looks at this many characters at the end of the carried label. */
const FUZZY_WINDOW = 40;

/** Text that opens a row's label: 一、 （二） 3. — text after a row's values that opens so heads the next row, not this one's. */
const ROW_MARKER = /^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十]+\s*[)）]|\d+\s*[.．、])/;

/** A row's label, normalised once: its own line's text, that text with what follows the values, everything carried, and the end fuzzy matching reads. */
interface RowLabels {
  own: string;
  ownAndTail: string;
  all: string;
  end: string;
}

const keyCache = new WeakMap<Entry, string[]>();

/** Given a catalogue entry, returns its keys normalised (computed once per entry). */
function normalisedKeys(entry: Entry): string[] {
  let keys = keyCache.get(entry);
  if (!keys) keyCache.set(entry, (keys = entry.keys.map(normaliseLabel)));
  return keys;
}

/** Given a row, returns its labels normalised for matching. */
function rowLabels(row: Row): RowLabels {
  const all = normaliseLabel(row.label);
  const own = normaliseLabel(row.ownLabel);
  // Only a row that prints its label beside its values can have a tail: a label printed above the values is all carried.
  const wraps = own !== '' && row.tail !== '' && !ROW_MARKER.test(row.tail.trim());
  return { own, ownAndTail: wraps ? normaliseLabel(`${row.ownLabel}${row.tail}`) : own, all, end: all.slice(-FUZZY_WINDOW) };
}

/** Given a row's labels and an entry, returns how well one of the entry's keys appears exactly in the label (0 = none). */
function exactScore(row: RowLabels, entry: Entry): number {
  let best = 0;
  for (const key of normalisedKeys(entry)) {
    const ownEnd = exactEnd(row.own, key);
    // A key on the row's own line beats one completed by the text after its values (a wrapped label's
    // tail), which beats one in carried-forward text; a later, longer key beats an earlier, shorter one.
    if (ownEnd >= 0) best = Math.max(best, 2 + (0.5 * ownEnd) / row.own.length + 0.01 * key.length);
    const tailEnd = row.ownAndTail.length > row.own.length ? exactEnd(row.ownAndTail, key) : -1;
    if (tailEnd >= 0) best = Math.max(best, 1.5 + (0.25 * tailEnd) / row.ownAndTail.length + 0.005 * key.length);
    const allEnd = exactEnd(row.all, key);
    if (allEnd >= 0) best = Math.max(best, 1 + (0.5 * allEnd) / row.all.length + 0.01 * key.length);
  }
  return best;
}

/** Given a row's labels and an entry, returns how well a key matches a truncated or garbled label (0 = not enough). */
function fuzzyEntryScore(row: RowLabels, entry: Entry): number {
  let best = 0;
  for (const key of normalisedKeys(entry)) {
    if (key.length < FUZZY_MIN_KEY) continue;
    const fuzzy = Math.max(fuzzyScore(row.own, key), fuzzyScore(row.end, key));
    if (fuzzy >= FUZZY_MIN) best = Math.max(best, 0.9 * fuzzy);
  }
  return best;
}

/** Given a row and the entries, returns its score for each entry: exact matches, or fuzzy ones only when no key matches exactly. */
function rowScores(row: Row, entries: readonly Entry[]): readonly number[] {
  const labels = rowLabels(row);
  const exact = entries.map((e) => exactScore(labels, e));
  return exact.some((x) => x > 0) ? exact : entries.map((e) => fuzzyEntryScore(labels, e));
}

// Reports print the same row labels one after another, so a thread keeps the scores of the labels
// it has seen, per entries array: at 10k synthetic reports, scoring was a tenth of all extraction.
// Cleared when it holds this many labels, which bounds its memory to a few MB.
const SCORED_LABELS_MAX = 20_000;
const scoredLabels = new WeakMap<readonly Entry[], Map<string, readonly number[]>>();

/** Given a row and the entries, returns rowScores, computed once per thread for each distinct label. */
function rememberedRowScores(row: Row, entries: readonly Entry[]): readonly number[] {
  let seen = scoredLabels.get(entries);
  if (!seen) scoredLabels.set(entries, (seen = new Map()));
  const key = `${row.label}\u0000${row.ownLabel}\u0000${row.tail}`;
  let scores = seen.get(key);
  if (!scores) {
    if (seen.size >= SCORED_LABELS_MAX) seen.clear();
    seen.set(key, (scores = rowScores(row, entries)));
  }
  return scores;
}

/**
 * Given rows and the catalogue entries in printed order, returns for each row the index of
 * its entry or null: the order-preserving assignment with the best total label score.
 */
export function alignRows(rows: Row[], entries: readonly Entry[]): (number | null)[] {
  const n = rows.length;
  const m = entries.length;
  const score = rows.map((r) => rememberedRowScores(r, entries));
  // best[i][j]: best total using rows i.. and entries j..
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const take = score[i][j] > 0 ? score[i][j] + best[i + 1][j + 1] : -Infinity;
      best[i][j] = Math.max(take, best[i + 1][j], best[i][j + 1]);
    }
  }
  const out: (number | null)[] = new Array(n).fill(null);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (score[i][j] > 0 && best[i][j] === score[i][j] + best[i + 1][j + 1]) {
      out[i] = j;
      i++;
      j++;
    } else if (best[i][j] === best[i + 1][j]) i++;
    else j++;
  }
  return out;
}
