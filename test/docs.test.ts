// docs/warehouse.md: every ```sql example runs against the fixture warehouse, and every view and
// table is documented with one.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../pipeline/5-load/index.ts';
import { VIEWS_DIR } from '../pipeline/5-load/views.ts';
import { useFixtureWarehouse } from './fixtures/warehouse.ts';

const DOC = readFileSync(fileURLToPath(new URL('../docs/warehouse.md', import.meta.url)), 'utf8');
const EXAMPLES = [...DOC.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
const TABLES_DIR = fileURLToPath(new URL('../sql/tables/', import.meta.url));
const names = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.sql')).map((n) => n.slice(0, -4));

const wh = useFixtureWarehouse('read');

describe('docs/warehouse.md', () => {
  it.each(EXAMPLES.map((sql, i) => [i + 1, sql]))('example %i runs and returns rows', async (_, sql) => {
    expect((await queryRows(wh.conn, sql)).length).toBeGreaterThan(0);
  });

  it('gives every view an example query and every table its grain', () => {
    for (const view of names(VIEWS_DIR)) expect(EXAMPLES.some((sql) => new RegExp(`\\b${view}\\b`).test(sql)), view).toBe(true);
    for (const table of names(TABLES_DIR)) expect(DOC, table).toContain(`| \`${table}\` |`);
  });
});
