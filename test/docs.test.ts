// docs/warehouse.md: every ```sql example runs against the fixture warehouse (a ```sql copies
// example against the copies warehouse, whose report is held by three files), and every view and
// table is documented with one.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../pipeline/5-load/index.ts';
import { VIEWS_DIR } from '../pipeline/5-load/views.ts';
import { useFixtureWarehouse } from './fixtures/warehouse.ts';
import { buildCopiesWarehouse } from './fixtures/copies.ts';

const DOC = readFileSync(fileURLToPath(new URL('../docs/warehouse.md', import.meta.url)), 'utf8');
const EXAMPLES = [...DOC.matchAll(/```sql( copies)?\n([\s\S]*?)```/g)].map((m) => ({ sql: m[2].trim(), copies: m[1] !== undefined }));
const TABLES_DIR = fileURLToPath(new URL('../sql/tables/', import.meta.url));
const names = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.sql')).map((n) => n.slice(0, -4));

const wh = useFixtureWarehouse('read');
const copies = useFixtureWarehouse('read', buildCopiesWarehouse);

describe('docs/warehouse.md', () => {
  it.each(EXAMPLES.map((e, i) => [i + 1, e]))('example %i runs and returns rows', async (_, { sql, copies: onCopies }) => {
    expect((await queryRows((onCopies ? copies : wh).conn, sql)).length).toBeGreaterThan(0);
  });

  it('gives every view an example query and every table its grain', () => {
    for (const view of names(VIEWS_DIR)) expect(EXAMPLES.some((e) => new RegExp(`\\b${view}\\b`).test(e.sql)), view).toBe(true);
    for (const table of names(TABLES_DIR)) expect(DOC, table).toContain(`| \`${table}\` |`);
  });
});
