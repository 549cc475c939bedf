// The analyst views on the fixture warehouse (test/fixtures/warehouse.ts): every figure below is
// worked out by hand from the fixture numbers, not by the views' own SQL.
import { describe, expect, it } from 'vitest';
import { queryRows } from '../pipeline/5-load/index.ts';
import { dependenciesOf, inDependencyOrder, readViewFiles } from '../pipeline/5-load/views.ts';
import { useFixtureWarehouse } from './fixtures/warehouse.ts';

const wh = useFixtureWarehouse('read');

const rows = (sql: string) => queryRows(wh.conn, sql);
/** Given a view and a report's fixture key, returns its one row. */
async function reportRow(view: string, key: string): Promise<Record<string, unknown>> {
  const found = await rows(`SELECT v.* FROM ${view} v JOIN fact_report r USING (report_id) WHERE r.source = '${key}.txt'`);
  expect(found).toHaveLength(1);
  return found[0];
}
/** Given a row and expected values, checks each (ratios to 9 places, NULLs exactly). */
function expectValues(row: Record<string, unknown>, expected: Record<string, number | string | boolean | null>): void {
  for (const [column, value] of Object.entries(expected)) {
    if (typeof value === 'number') expect(row[column], column).toBeCloseTo(value, 9);
    else expect(row[column], column).toBe(value);
  }
}

describe('view files', () => {
  it('apply in dependency order, and file-name order is one too (load/warehouse.ts applySchema relies on it)', async () => {
    const files = await readViewFiles();
    const names = files.map((f) => f.name);
    const ordered = inDependencyOrder(files).map((f) => f.name);
    for (const file of files) {
      for (const dep of dependenciesOf(file, names)) {
        expect(ordered.indexOf(dep), `${dep} before ${file.name}`).toBeLessThan(ordered.indexOf(file.name));
        expect(names.indexOf(dep), `${dep} sorts before ${file.name}`).toBeLessThan(names.indexOf(file.name));
      }
    }
    expect(dependenciesOf(files.find((f) => f.name === 'v_summary_by_year')!, names)).toEqual(['v_statistics_rollup']);
  });

  it('each file defines the view it is named after and says what it answers and its grain', async () => {
    for (const file of await readViewFiles()) {
      expect(file.sql).toMatch(new RegExp(`^-- ${file.name}: `));
      expect(file.sql).toMatch(/-- Grain: /);
      expect(file.sql).toContain(`CREATE OR REPLACE VIEW ${file.name} AS`);
    }
  });

  it('a dependency cycle is refused', () => {
    const a = { name: 'v_a', sql: 'CREATE VIEW v_a AS SELECT * FROM v_b' };
    const b = { name: 'v_b', sql: 'CREATE VIEW v_b AS SELECT * FROM v_a' };
    expect(() => inDependencyOrder([a, b])).toThrow(/cycle: v_a → v_b → v_a/);
  });
});

describe('v_report', () => {
  it('keeps the latest copy of an agency-year current and flags the jurisdiction summary', async () => {
    const all = await rows('SELECT source, is_current, is_jurisdiction, in_aggregates FROM v_report ORDER BY source');
    expect(all.map((r) => r.source)).toEqual([
      'A2020.txt', 'A2021.txt', 'A2021draft.txt', 'B2020.txt', 'B2021.txt', 'C2021.txt', 'D2021.txt', 'D2022.txt', 'E2021.txt', 'J2021.txt',
    ]);
    const flags = Object.fromEntries(all.map((r) => [r.source, [r.is_current, r.is_jurisdiction, r.in_aggregates]]));
    expect(flags['A2021draft.txt']).toEqual([false, false, false]);
    expect(flags['A2021.txt']).toEqual([true, false, true]);
    expect(flags['J2021.txt']).toEqual([true, true, false]);
  });

  it('rolls a county up to its prefecture and province, and a prefecture department to itself', async () => {
    expectValues(await reportRow('v_report', 'C2021'), {
      region_code: '320508', region_name: '姑苏区', prefecture_code: '320500', prefecture_name: '苏州市', province_code: '320000', province_name: '江苏省',
    });
    expectValues(await reportRow('v_report', 'E2021'), { region_code: '320100', agency_level: 'prefecture', prefecture_code: '320100', province_code: '320000' });
  });
});

describe('v_report_applications', () => {
  it('A 2021: received, processed, outcomes (其他 as the sum of its three rows), shares and 实质公开率', async () => {
    expectValues(await reportRow('v_report_applications', 'A2021'), {
      received: 24, carried_in: 1, processed: 24, carried_out: 1,
      granted: 15, partial: 3, denied: 1, denied_state_secret: 1, denied_process_info: 0,
      unavailable: 3, unavailable_not_held: 3, rejected: 1, rejected_petition: 1,
      other: 1, other_no_correction: 1, other_unpaid_fee: 0, other_other: 0,
      disclosure_rate: 18 / 24, granted_share: 15 / 24, partial_share: 3 / 24, denied_share: 1 / 24,
      denied_state_secret_share: 1 / 24, denied_process_info_share: 0, unavailable_share: 3 / 24, rejected_share: 1 / 24, other_share: 1 / 24,
      missing_cells: 0,
    });
  });

  it('B 2021 prints 其他处理 as one row: other is that row, its sub-items NULL', async () => {
    expectValues(await reportRow('v_report_applications', 'B2021'), { other: 1, other_no_correction: null, processed: 10, disclosure_rate: 0.7, denied_process_info: 2 });
  });

  it('2019 template: 其他处理 is its one row', async () => {
    expectValues(await reportRow('v_report_applications', 'A2020'), {
      received: 13, processed: 13, granted: 6, partial: 2, denied: 2, denied_third_party: 1, unavailable: 2, rejected: 1, other: 0,
      disclosure_rate: 8 / 13, other_no_correction: null,
    });
  });

  it('C 2021: dashes and blanks stay NULL, ratios over them are NULL, and they are counted', async () => {
    expectValues(await reportRow('v_report_applications', 'C2021'), {
      received: 5, carried_in: null, partial: null, processed: 5, granted: 4, disclosure_rate: null, granted_share: 0.8, partial_share: null,
      missing_cells: 15,
    });
  });

  it('the jurisdiction summary is listed, flagged', async () => {
    expectValues(await reportRow('v_report_applications', 'J2021'), { received: 120, in_aggregates: false, is_jurisdiction: true });
  });
});

describe('v_report_applicant_mix', () => {
  it('shares of the received applications by applicant; a blank column is NULL, not 0', async () => {
    const mix = await rows(`
      SELECT applicant, received, received_state, share FROM v_report_applicant_mix JOIN fact_report USING (report_id)
      WHERE fact_report.source = 'C2021.txt' ORDER BY applicant_order`);
    expect(mix.map((r) => r.applicant)).toEqual(['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org']);
    expectValues(mix[0], { received: 4, share: 0.8 });
    expectValues(mix[1], { received: null, received_state: 'blank', share: null });
    expectValues(mix[2], { received: 1, share: 0.2 });
  });
});

describe('v_report_disputes', () => {
  it('A 2021: counts, correction rate over decided cases, 争议转化率', async () => {
    expectValues(await reportRow('v_report_disputes', 'A2021'), {
      review_upheld: 3, review_corrected: 2, review_total: 5, review_decided: 5, review_correction_rate: 0.4,
      suit_direct_pending: 1, suit_direct_decided: 2, suit_direct_correction_rate: 0.5,
      suit_after_review_correction_rate: 1, disputes: 9, dispute_rate: 9 / 24,
    });
  });

  it('a blank group makes its rates and the dispute total NULL; nothing decided is a NULL rate, not an error', async () => {
    expectValues(await reportRow('v_report_disputes', 'C2021'), {
      review_total: null, review_correction_rate: null, disputes: null, dispute_rate: null, suit_direct_total: 0, suit_direct_correction_rate: null, missing_cells: 5,
    });
    expectValues(await reportRow('v_report_disputes', 'E2021'), { review_upheld: 1, review_total: 0, review_correction_rate: null, disputes: 0, dispute_rate: 0 });
  });
});

describe('v_report_proactive', () => {
  it('each template has its own columns, the other template’s are NULL; shared codes share a column', async () => {
    expectValues(await reportRow('v_report_proactive', 'A2020'), {
      rules_made: 0, rules_total: 3, normative_total: 40, licensing_prev_items: 100, licensing_change: -3, licensing_decisions: 500,
      procurement_items: 2, procurement_amount: 135.5, rules_issued: null, normative_in_force: null, fees_amount: null,
    });
    expectValues(await reportRow('v_report_proactive', 'A2021'), {
      rules_in_force: 2, normative_issued: 4, normative_repealed: 1, normative_in_force: 43, licensing_decisions: 600, fees_amount: 12.5,
      rules_made: null, normative_total: null, procurement_amount: null,
    });
    expectValues(await reportRow('v_report_proactive', 'C2021'), { normative_issued: 2, normative_in_force: null, fees_amount: null, missing_cells: 2 });
  });
});

describe('summaries', () => {
  it('by year: own latest reports once, no jurisdiction summary, blanks not zeros, ratios of sums', async () => {
    const years = await rows('SELECT * FROM v_summary_by_year ORDER BY year');
    expect(years.map((r) => r.year)).toEqual([2020, 2021, 2022]);
    // 2020: A, B (2019 template).
    expectValues(years[0], {
      reports: 2, reports_2019_template: 2, received: 23, carried_in: 1, processed: 21, carried_out: 3, granted: 10, partial: 3,
      denied: 2, unavailable: 4, rejected: 2, other: 0, disclosure_rate: 13 / 21, dispute_rate: 6 / 23, review_correction_rate: 1 / 3,
      licensing_decisions: 550, normative_total: 50, procurement_amount: 155.5, rules_issued: null, missing_cells: 0,
    });
    // 2021: A (final copy), B, C, D, E; not the draft, not J. C's blank partial drops C out of the 实质公开率 only.
    expectValues(years[1], {
      reports: 5, reports_2021_template: 5, received: 43, carried_in: 4, processed: 45, carried_out: 2, granted: 31, partial: 3,
      denied: 3, unavailable: 5, rejected: 1, other: 2,
      disclosure_rate: 30 / 40, granted_share: 31 / 45, partial_share: 3 / 40,
      received_natural_person: 36, received_commercial: 4, received_research: 2, received_social_org: 1,
      received_natural_person_share: 36 / 43, received_commercial_share: 4 / 38,
      review_total: 6, review_correction_rate: 2 / 6, suit_direct_correction_rate: 1 / 2, disputes: 10, dispute_rate: 10 / 38,
      normative_issued: 12, normative_in_force: 104, fees_amount: 14, licensing_decisions: 680, rules_made: null, procurement_amount: null,
      missing_cells: 22,
    });
    expectValues(years[2], { reports: 1, received: 6, processed: 6, disclosure_rate: 5 / 6, dispute_rate: 2 / 6, review_correction_rate: 1 });
  });

  it('by province, prefecture, region and level', async () => {
    const where = "WHERE year = 2021 ORDER BY 1";
    expect(await rows(`SELECT province_code, province_name, reports, received, processed FROM v_summary_by_province_year ${where}`)).toEqual([
      { province_code: '320000', province_name: '江苏省', reports: 4, received: 41, processed: 43 },
      { province_code: '330000', province_name: '浙江省', reports: 1, received: 2, processed: 2 },
    ]);
    const prefectures = await rows(`SELECT prefecture_code, prefecture_name, reports, received, disclosure_rate FROM v_summary_by_prefecture_year ${where}`);
    expect(prefectures.map((r) => [r.prefecture_code, r.prefecture_name, r.reports, r.received])).toEqual([
      ['320100', '南京市', 3, 36], ['320500', '苏州市', 1, 5], ['330100', '杭州市', 1, 2],
    ]);
    expect(prefectures[0].disclosure_rate).toBeCloseTo(28 / 38, 9);
    expect(prefectures[1].disclosure_rate).toBeNull();
    expect(await rows(`SELECT region_code, region_name, received FROM v_summary_by_region_year ${where}`)).toEqual([
      { region_code: '320100', region_name: '南京市', received: 4 },
      { region_code: '320102', region_name: '玄武区', received: 24 },
      { region_code: '320104', region_name: '秦淮区', received: 8 },
      { region_code: '320508', region_name: '姑苏区', received: 5 },
      { region_code: '330106', region_name: '西湖区', received: 2 },
    ]);
    expect(await rows(`SELECT agency_level, reports, received FROM v_summary_by_level_year ${where}`)).toEqual([
      { agency_level: 'county', reports: 4, received: 39 },
      { agency_level: 'prefecture', reports: 1, received: 4 },
    ]);
  });

  it('by agency: each agency-year once, from its latest copy; the jurisdiction summary listed with its scope', async () => {
    const agencies = await rows('SELECT agency, year, agency_scope, received FROM v_summary_by_agency_year ORDER BY agency, year');
    expect(agencies).toHaveLength(9);
    expect(agencies.filter((r) => r.agency === '南京市玄武区人民政府')).toEqual([
      { agency: '南京市玄武区人民政府', year: 2020, agency_scope: 'own', received: 13 },
      { agency: '南京市玄武区人民政府', year: 2021, agency_scope: 'own', received: 24 },
    ]);
    expect(agencies.find((r) => r.agency === '南京市人民政府')).toEqual({ agency: '南京市人民政府', year: 2021, agency_scope: 'jurisdiction', received: 120 });
  });
});

describe('v_statistics_rank_within_region_year', () => {
  it('ranks the agencies of a province and of a prefecture; ties share a rank; blanks are not ranked', async () => {
    const ranks = (level: string, code: string, statistic: string) =>
      rows(`SELECT agency, rank, ranked FROM v_statistics_rank_within_region_year
            WHERE within_level = '${level}' AND within_code = '${code}' AND year = 2021 AND statistic = '${statistic}' ORDER BY rank, agency`);
    expect(await ranks('province', '320000', 'received')).toEqual([
      { agency: '南京市玄武区人民政府', rank: 1, ranked: 4 },
      { agency: '南京市秦淮区人民政府', rank: 2, ranked: 4 },
      { agency: '苏州市姑苏区人民政府', rank: 3, ranked: 4 },
      { agency: '南京市教育局', rank: 4, ranked: 4 },
    ]);
    // 0.75 (A), 0.75 (E), 0.7 (B); C's is NULL.
    expect(await ranks('province', '320000', 'disclosure_rate')).toEqual([
      { agency: '南京市教育局', rank: 1, ranked: 3 },
      { agency: '南京市玄武区人民政府', rank: 1, ranked: 3 },
      { agency: '南京市秦淮区人民政府', rank: 3, ranked: 3 },
    ]);
    expect((await ranks('prefecture', '320100', 'received')).map((r) => r.agency)).toEqual(['南京市玄武区人民政府', '南京市秦淮区人民政府', '南京市教育局']);
  });
});

describe('v_year_over_year_by_agency_metric', () => {
  const yoy = (agency: string, year: number, metric: string, applicant: string | null = null) =>
    rows(`SELECT value, previous_value, change, change_ratio, previous_template FROM v_year_over_year_by_agency_metric
          WHERE agency = '${agency}' AND year = ${year} AND metric = '${metric}' AND applicant IS NOT DISTINCT FROM ${applicant ? `'${applicant}'` : 'NULL'}`);

  it('puts each printed metric beside last year’s, across templates only where the code is the same', async () => {
    const [received] = await yoy('南京市玄武区人民政府', 2021, 't3.new', 'total');
    expectValues(received, { value: 24, previous_value: 13, change: 11, change_ratio: 11 / 13, previous_template: '2019' });
    const [licensing] = await yoy('南京市玄武区人民政府', 2021, 't2.licensing.decisions');
    expectValues(licensing, { value: 600, previous_value: 500, change: 100, change_ratio: 0.2 });
    const [issued] = await yoy('南京市玄武区人民政府', 2021, 't2.rules.issued');
    expectValues(issued, { value: 0, previous_value: null, change: null });
    const [inForce] = await yoy('杭州市西湖区人民政府', 2022, 't2.normative.in_force');
    expectValues(inForce, { value: 25, previous_value: 20, change: 5 });
  });

  it('and each statistic; the first year has no previous value', async () => {
    const [rate] = await yoy('南京市玄武区人民政府', 2021, 'disclosure_rate');
    expectValues(rate, { value: 0.75, previous_value: 8 / 13, change: 0.75 - 8 / 13 });
    const [first] = await yoy('南京市玄武区人民政府', 2020, 't3.new', 'total');
    expectValues(first, { value: 13, previous_value: null, change: null, change_ratio: null });
  });
});

describe('data quality', () => {
  it('v_report_arithmetic_failures lists the reports whose identities fail, by check', async () => {
    expect(await rows('SELECT source, failures, checks, t4_group, xyear_carry, xyear_in_force FROM v_report_arithmetic_failures ORDER BY source')).toEqual([
      { source: 'B2021.txt', failures: 2, checks: 'xyear.carry', t4_group: 0, xyear_carry: 2, xyear_in_force: 0 },
      { source: 'D2022.txt', failures: 1, checks: 'xyear.in_force', t4_group: 0, xyear_carry: 0, xyear_in_force: 1 },
      { source: 'E2021.txt', failures: 1, checks: 't4.group', t4_group: 1, xyear_carry: 0, xyear_in_force: 0 },
    ]);
  });

  it('v_report_findings counts every report’s findings', async () => {
    const byReport = Object.fromEntries((await rows('SELECT source, errors, arithmetic_failures FROM v_report_findings')).map((r) => [r.source, r]));
    expect(Object.keys(byReport)).toHaveLength(10);
    expectValues(byReport['B2021.txt'], { errors: 2, arithmetic_failures: 2 });
    expectValues(byReport['A2021.txt'], { errors: 0, arithmetic_failures: 0 });
  });

  it('v_findings_by_agency adds them up per agency', async () => {
    const [b] = await rows(`SELECT * FROM v_findings_by_agency WHERE agency = '南京市秦淮区人民政府'`);
    expectValues(b, { reports: 2, reports_with_findings: 1, errors: 2, arithmetic_failures: 2, reports_failing_arithmetic: 1 });
    const [a] = await rows(`SELECT * FROM v_findings_by_agency WHERE agency = '南京市玄武区人民政府'`);
    expectValues(a, { reports: 3, arithmetic_failures: 0, reports_failing_arithmetic: 0 });
  });
});
