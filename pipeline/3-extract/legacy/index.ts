// A pre-2019 report's figures: its 政府信息公开情况统计表 when it prints one, and the headline
// figures its sentences state. The table's value wins where both give one; a difference is a finding.
import type { Finding, Line, ReportCell } from '../../core/types.ts';
import { dropsRepeatedLines, legacyTableToCells, linesToHeaders, linesToLegacyTable, type LegacyTable } from './table.ts';
import { matchLegacyRows } from './match.ts';
import { linesToSentences, sentencesToCells } from './sentences.ts';

/** Given a legacy report's lines, returns its figures (table cells, then sentence figures the table lacks) and findings. */
export function readLegacy(lines: Line[]): { cells: ReportCell[]; findings: Finding[] } {
  const best = bestTable(linesToHeaders(lines).map((header) => linesToLegacyTable(lines, header)));
  const table = best?.table;
  const fromTable = best ? legacyTableToCells(best.table, best.match, dropsRepeatedLines(lines, best.table)) : { cells: [], findings: [] };
  const prose = lines.filter((l, i) => !l.grid && !(table && i >= table.header.line && i < table.end));
  const fromText = sentencesToCells(linesToSentences(prose));
  const findings = [...fromTable.findings, ...fromText.findings];
  const cells = [...fromTable.cells];
  const inTable = new Map(fromTable.cells.map((c) => [c.metric, c]));
  for (const stated of fromText.cells) {
    const printed = inTable.get(stated.metric);
    if (!printed) cells.push(stated);
    else if (printed.state === 'number' && printed.value !== stated.value) {
      findings.push({
        check: 'legacy.text_vs_table', severity: 'warning', subject: stated.metric, stage: 'extract', page: printed.page,
        expected: String(printed.value), actual: String(stated.value),
        message: `the table prints ${printed.value} for ${stated.metric}, the text states ${stated.value} (${stated.legacy!.evidence}); the table's value is kept`,
      });
    }
  }
  if (cells.length === 0) {
    findings.push({ check: 'legacy.no_statistics', severity: 'info', subject: 'report', stage: 'extract', message: 'a pre-2019 report with neither a statistics table nor figures stated in sentences' });
  }
  return { cells, findings };
}

/** The statistics table and its rows matched to the catalogue. */
interface BestTable {
  table: LegacyTable;
  match: ReturnType<typeof matchLegacyRows>;
}

/**
 * Given the tables under every header found, returns the statistics table, with its rows matched
 * to the catalogue (so they are not matched again): the one with most rows of the catalogue (then
 * most columns), or null when none has any.
 */
function bestTable(tables: LegacyTable[]): BestTable | null {
  let best: BestTable | null = null;
  let bestScore = 0;
  for (const table of tables) {
    const match = matchLegacyRows(table.rows);
    const score = match.matched.length * 10 + table.header.columns.length;
    if (score > bestScore && score >= 10) [best, bestScore] = [{ table, match }, score];
  }
  return best;
}
