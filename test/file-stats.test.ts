// A rerun does not read a local file whose stat (size, times, inode) is as when its loaded report
// was read; a file rewritten, even at the same size with its modification time set back, is read.
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../pipeline/core/log.ts';
import { ingest } from '../pipeline/run/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'nianbao-file-stats-'));
const inputs = join(dir, 'in');
const warehouse = join(dir, 'wh.duckdb');
const log = createLogger({ level: 'silent' });
/** A modification time well before now: a file modified just now has a stat that may not vouch for its bytes yet. */
const LONG_AGO = new Date('2025-01-01T00:00:00Z');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a small text file (not a report: it still gets its row) dated long ago. */
function writeInput(name: string, text: string): string {
  const path = join(inputs, name);
  writeFileSync(path, text);
  utimesSync(path, LONG_AGO, LONG_AGO);
  return path;
}

const run = (force = false) => ingest({ inputs: [inputs], warehouse, log, rawDir: join(dir, 'raw'), force });

describe('rerun by stat', () => {
  it('reads only the files whose stat moved, and all of them when forced', async () => {
    mkdirSync(inputs, { recursive: true });
    writeInput('a.txt', '某某测试文件 甲\n');
    writeInput('b.txt', '某某测试文件 乙\n');
    // Dated ahead of the clock, as a file modified during the run may be: its stat never vouches for its bytes.
    const fresh = writeInput('c.txt', '某某测试文件 丙\n');
    utimesSync(fresh, LONG_AGO, new Date(Date.now() + 3_600_000));
    expect(await run()).toMatchObject({ filesFetched: 3, filesExtracted: 3 });

    expect(await run()).toMatchObject({ filesFetched: 1, filesUnchanged: 3, filesExtracted: 0 });

    const before = statSync(join(inputs, 'b.txt'));
    writeInput('b.txt', '某某测试文件 丁\n');
    expect(statSync(join(inputs, 'b.txt')).mtimeMs).toBe(before.mtimeMs);
    expect(await run()).toMatchObject({ filesFetched: 2, filesUnchanged: 2, filesExtracted: 1 });

    expect(await run(true)).toMatchObject({ filesFetched: 3, filesExtracted: 3 });
  });
});
