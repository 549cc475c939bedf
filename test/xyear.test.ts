// Cross-year findings on the fixture warehouse: B's 2020 report carries 2 applications over and its
// 2021 report takes 3 in (xyear.carry); A's pair is consistent; D's normative documents in force do
// not follow from 2021 to 2022 (xyear.in_force) while its rules do.
import { describe, expect, it } from 'vitest';
import { queryRows, reportIdOf } from '../pipeline/5-load/index.ts';
import { recomputeCrossYearFindings } from '../pipeline/5-load/cross-year.ts';
import { originOf, useFixtureWarehouse } from './fixtures/warehouse.ts';

const wh = useFixtureWarehouse('write');

const xyearFindings = () =>
  queryRows(wh.conn, `
    SELECT r.source, f.finding_no, f."check", f.severity, f.subject, f.expected, f.actual, f.stage, f.message
    FROM fact_finding f JOIN fact_report r USING (report_id)
    WHERE starts_with(f."check", 'xyear.') ORDER BY r.source, f.finding_no`);

describe('recomputeCrossYearFindings', () => {
  it('finds the carry-over mismatch per applicant column and the in-force mismatch, on the year-N report', async () => {
    const found = await xyearFindings();
    expect(found.map(({ message, ...rest }) => rest)).toEqual([
      { source: 'B2021.txt', finding_no: 0, check: 'xyear.carry', severity: 'error', subject: 't3.carried_in/natural_person', expected: '2', actual: '3', stage: 'validate' },
      { source: 'B2021.txt', finding_no: 1, check: 'xyear.carry', severity: 'error', subject: 't3.carried_in/total', expected: '2', actual: '3', stage: 'validate' },
      { source: 'D2022.txt', finding_no: 0, check: 'xyear.in_force', severity: 'error', subject: 't2.normative.in_force', expected: '23', actual: '25', stage: 'validate' },
    ]);
    expect(found[0].message).toContain('2021');
    expect(found[2].message).toMatch(/20 .*\+ 5 .*− 2 .*= 23/);
  });

  it('a consistent pair yields nothing: A 2020 → 2021, D’s rules 5 + 2 − 1 = 6', async () => {
    const found = await xyearFindings();
    expect(found.filter((f) => String(f.source).startsWith('A'))).toEqual([]);
    expect(found.filter((f) => f.subject === 't2.rules.in_force')).toEqual([]);
  });

  it('is idempotent, and numbers its findings after the report’s own', async () => {
    const before = await xyearFindings();
    await recomputeCrossYearFindings(wh.conn);
    await recomputeCrossYearFindings(wh.conn);
    expect(await xyearFindings()).toEqual(before);

    // E 2021 has a finding of its own (t4.group, no 0); give it a predecessor that carries 1 over.
    const e2021 = reportIdOf(originOf('E2021'));
    await wh.conn.run(`INSERT INTO fact_report SELECT * REPLACE ('e2020' AS report_id, 'E2020.txt' AS source, 2020 AS year) FROM fact_report WHERE report_id = '${e2021}'`);
    await wh.conn.run(`INSERT INTO fact_table3 SELECT * REPLACE ('e2020' AS report_id, 1::DOUBLE AS value, '1' AS raw)
                       FROM fact_table3 WHERE report_id = '${e2021}' AND metric = 't3.carried_out' AND applicant = 'total'`);
    await recomputeCrossYearFindings(wh.conn);
    const e = (await xyearFindings()).filter((f) => f.source === 'E2021.txt');
    expect(e.map((f) => [f.finding_no, f.subject, f.expected, f.actual])).toEqual([[1, 't3.carried_in/total', '1', '0']]);
    await wh.conn.run(`DELETE FROM fact_table3 WHERE report_id = 'e2020'`);
    await wh.conn.run(`DELETE FROM fact_report WHERE report_id = 'e2020'`);
  });

  it('drops a finding once the numbers agree', async () => {
    const b2020 = reportIdOf(originOf('B2020'));
    await wh.conn.run(`UPDATE fact_table3 SET value = 3, raw = '3' WHERE report_id = '${b2020}' AND metric = 't3.carried_out' AND applicant IN ('natural_person', 'total')`);
    await recomputeCrossYearFindings(wh.conn);
    expect((await xyearFindings()).map((f) => f.check)).toEqual(['xyear.in_force']);
  });
});
