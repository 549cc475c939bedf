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

/** Given a row and an entry, returns how well the row's label names the entry (0 = not at all). */
export function labelScore(row: Row, entry: Entry): number {
  const own = normaliseLabel(row.ownLabel);
  const all = normaliseLabel(row.label);
  let best = 0;
  for (const raw of entry.keys) {
    const key = normaliseLabel(raw);
    const ownEnd = exactEnd(own, key);
    // A key on the row's own line beats one in carried-forward text; a later, longer key beats an earlier, shorter one.
    if (ownEnd >= 0) best = Math.max(best, 2 + (0.5 * ownEnd) / own.length + 0.01 * key.length);
    const allEnd = exactEnd(all, key);
    if (allEnd >= 0) best = Math.max(best, 1 + (0.5 * allEnd) / all.length + 0.01 * key.length);
    if (best === 0 && key.length >= FUZZY_MIN_KEY) {
      const fuzzy = Math.max(fuzzyScore(own, key), fuzzyScore(all.slice(-FUZZY_WINDOW), key));
      if (fuzzy >= FUZZY_MIN) best = Math.max(best, 0.9 * fuzzy);
    }
  }
  return best;
}

/**
 * Given rows and the catalogue entries in printed order, returns for each row the index of
 * its entry or null: the order-preserving assignment with the best total label score.
 */
export function alignRows(rows: Row[], entries: Entry[]): (number | null)[] {
  const n = rows.length;
  const m = entries.length;
  const score = rows.map((r) => entries.map((e) => labelScore(r, e)));
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
