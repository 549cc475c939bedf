// The identities a pre-2019 statistics table has: a part (其中) never exceeds its total, and the
// parts add up to the total where the catch-all row (其他类型答复数 …) makes them exhaustive.
// Checked per column (the year's, the 累计), over printed numbers only: a cell the reader could not
// read is never held against the report.
import { CUMULATIVE_SUFFIX, LEGACY_CATCH_ALL, LEGACY_ROWS, type LegacyBlock, type LegacyRow } from '../core/legacy-catalogue.ts';
import type { Finding, Report, ReportCell } from '../core/types.ts';
import { toMillionths } from '../3-extract/numbers.ts';

// Each block's head row (its total) and the rows under it, from the catalogue.
const BLOCKS = new Map<LegacyBlock, { head: LegacyRow | undefined; parts: LegacyRow[] }>(
  [...new Set(LEGACY_ROWS.map((r) => r.block))].map((block) => {
    const rows = LEGACY_ROWS.filter((r) => r.block === block);
    return [block, { head: rows.find((r) => r.head), parts: rows.filter((r) => !r.head) }];
  }),
);

/** Given a report, returns the findings of the legacy identities that fail. */
export function legacyFindings(report: Report): Finding[] {
  const byMetric = new Map(report.cells.filter((c) => c.legacy).map((c) => [c.metric, c]));
  if (byMetric.size === 0) return [];
  const out: Finding[] = [];
  for (const suffix of ['', CUMULATIVE_SUFFIX]) {
    for (const block of BLOCKS.keys()) out.push(...blockFindings(block, suffix, byMetric));
  }
  return out;
}

/** Given a block, a column suffix and the report's legacy cells, returns the part-over-total and sum findings of that block. */
function blockFindings(block: LegacyBlock, suffix: string, byMetric: Map<string, ReportCell>): Finding[] {
  const { head, parts: partRows } = BLOCKS.get(block)!;
  const total = head && byMetric.get(head.code + suffix);
  if (!head || total?.state !== 'number') return [];
  const parts = partRows.map((r) => byMetric.get(r.code + suffix)).filter((c): c is ReportCell => c !== undefined);
  const out: Finding[] = [];
  for (const part of parts) {
    if (part.state !== 'number' || part.value! <= total.value!) continue;
    out.push({
      check: 'legacy.part_exceeds_total', severity: 'error', subject: part.metric, expected: `<= ${total.value}`, actual: String(part.value), stage: 'validate', page: part.page,
      message: `${part.legacy!.evidence} prints ${part.value}, more than its total ${total.legacy!.evidence} ${total.value}`,
    });
  }
  const catchAll = LEGACY_CATCH_ALL[block];
  if (catchAll && byMetric.has(catchAll + suffix) && parts.every((p) => p.state === 'number')) {
    const sum = toMillionths(parts.reduce((s, p) => s + p.value!, 0));
    if (sum !== total.value) {
      out.push({
        check: 'legacy.parts_sum', severity: 'error', subject: head.code + suffix, expected: String(sum), actual: String(total.value), stage: 'validate', page: total.page,
        message: `the ${parts.length} rows under ${total.legacy!.evidence} add up to ${sum}, but it prints ${total.value}`,
      });
    }
  }
  return out;
}
