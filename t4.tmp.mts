import { openForWriting, checkpointAndClose } from './pipeline/load/index.ts';
import { applyViews } from './pipeline/views.ts';
const wh = await openForWriting('/tmp/nb-empty/w.duckdb');
console.log(await applyViews(wh.conn));
for (const v of ['v_summary_by_year', 'v_year_over_year_by_agency_metric', 'v_statistics_rank_within_region_year', 'v_report_statistics_long', 'v_findings_by_agency', 'v_report_arithmetic_failures','v_report_findings','v_summary_by_agency_year']) {
  const r = await wh.conn.runAndReadAll(`SELECT * FROM ${v}`);
  console.log(v, r.columnNames().length, r.columnNames().slice(0, 12).join(','));
}
await checkpointAndClose(wh);
