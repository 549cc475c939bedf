// Statistics-table rows → legacy catalogue entries, by label. Provinces reorder rows, so the match
// is by the longest catalogue phrase found in the label, not by position; position decides only
// between entries sharing a phrase (其他情形数 under 行政复议 or under 行政诉讼: the block of the
// total row printed last) and for a label printed twice (see repeatedRowEntry).
import { LEGACY_ROWS, type LegacyRow } from '../../core/legacy-catalogue.ts';
import type { Finding } from '../../core/types.ts';
import { normaliseLabel } from '../labels.ts';
import { parseValue } from '../numbers.ts';
import type { PrintedRow } from './printed-row.ts';

export interface MatchedRow {
  row: PrintedRow;
  entry: LegacyRow;
}

/** Given a normalised label, returns the catalogue entries whose longest phrase found in it is the longest of all. */
function bestEntries(label: string): LegacyRow[] {
  let best = 0;
  let found: LegacyRow[] = [];
  for (const entry of LEGACY_ROWS) {
    const len = Math.max(0, ...entry.keys.filter((k) => label.includes(k)).map((k) => k.length));
    if (len === 0 || len < best) continue;
    if (len > best) found = [];
    best = len;
    found.push(entry);
  }
  return found;
}

/** Given the printed rows, returns each row's entry, and findings for rows not in the catalogue or not placeable. */
export function matchLegacyRows(rows: PrintedRow[]): { matched: MatchedRow[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const entries: (LegacyRow | null)[] = [];
  let block: string | null = null;
  for (const row of rows) {
    const candidates = bestEntries(normaliseLabel(row.label));
    const entry = candidates.length === 1 ? candidates[0] : (candidates.find((c) => c.block === block) ?? null);
    // A group heading (一、主动公开情况 — —) has nothing to keep: only rows with a figure are worth a finding.
    if (!entry && row.values.some((c) => parseValue(c.text).state === 'number')) {
      findings.push({
        check: candidates.length ? 'legacy.row_ambiguous' : 'legacy.row_unlisted', severity: 'info', subject: row.label, stage: 'extract', page: row.page,
        actual: row.values.map((c) => c.text).join(' '),
        message: candidates.length
          ? `statistics row ${row.label} may be ${candidates.map((c) => c.code).join(' or ')}, and no total row before it says which; not stored`
          : `statistics row ${row.label} has no legacy code; not stored`,
      });
    }
    if (entry?.head) block = entry.block;
    entries.push(entry);
  }
  const matched: MatchedRow[] = [];
  const taken = new Set<string>();
  entries.forEach((entry, i) => {
    if (!entry) return;
    if (!taken.has(entry.code)) {
      taken.add(entry.code);
      matched.push({ row: rows[i], entry });
      return;
    }
    const meant = repeatedRowEntry(entries, i);
    findings.push({
      check: 'legacy.label_repeated', severity: 'warning', subject: entry.code, stage: 'extract', page: rows[i].page, actual: rows[i].label,
      message: meant
        ? `${rows[i].label} is printed twice in a row; read by its place as ${meant.zh} (${meant.code}), the next row of the catalogue, which the table does not print otherwise`
        : `${rows[i].label} is printed again for ${entry.code}; its place does not tell which row was meant, so it is not stored`,
    });
    if (meant) {
      taken.add(meant.code);
      matched.push({ row: rows[i], entry: meant });
    }
  });
  return { matched, findings };
}

/**
 * Given every row's entry and the index of a row repeating the entry of the row right before it,
 * returns the entry it stands for: the catalogue's next entry of the same block, when no row of
 * the table prints that one (a second 同意公开答复数 after the first, where 同意部分公开答复数
 * belongs). Anything else gives no reading.
 */
function repeatedRowEntry(entries: (LegacyRow | null)[], i: number): LegacyRow | null {
  const entry = entries[i]!;
  if (entries[i - 1]?.code !== entry.code) return null;
  const next = LEGACY_ROWS[LEGACY_ROWS.indexOf(entry) + 1];
  if (!next || next.block !== entry.block || next.head) return null;
  return entries.some((e) => e?.code === next.code) ? null : next;
}
