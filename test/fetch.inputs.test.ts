// Turning command-line arguments and sources files into sources.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs, readSourcesFile } from '../pipeline/1-fetch/index.ts';
import { parseCsv } from '../pipeline/1-fetch/sources.ts';

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);
const enabled = (location: string) => ({ location, enabled: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nianbao-inputs-'));
  await mkdir(at('reports', 'sub', 'deeper'), { recursive: true });
  await mkdir(at('reports', '.cache'));
  for (const file of ['b.pdf', 'a.html', 'sub/c.txt', 'sub/deeper/d.docx', '.hidden.pdf', '.cache/e.pdf', 'x.fetch.json']) {
    await writeFile(at('reports', file), 'x');
  }
  // A text report is a document, not a list, even though it ends in .txt.
  await writeFile(at('report.txt'), '2023年政府信息公开工作年度报告\n一、总体情况\n');
  await writeFile(at('urls.txt'), `https://example.gov.cn/a.pdf\nreports/a.html\n`);
  await writeFile(at('nested.list'), `# nightly extras\n\nhttps://example.gov.cn/b.pdf\n${pathToFileURL(at('reports', 'b.pdf')).href}\nurls.txt\nnested.list\n`);
  await writeFile(
    at('sources.csv'),
    '\uFEFFurl,agency,year,region,enabled\r\n' +
      'https://example.gov.cn/2023.pdf,"北京市人民政府办公厅",2023,110000,1\r\n' +
      'reports/a.html,,,,\r\n' +
      '"https://example.gov.cn/old,one.pdf",某某局,2019,,false\r\n' +
      '\r\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('expandInputs', () => {
  it('walks folders recursively in sorted order, skipping dotfiles and sidecars', async () => {
    expect(await expandInputs([at('reports')])).toEqual(
      ['a.html', 'b.pdf', 'sub/c.txt', 'sub/deeper/d.docx'].map((f) => enabled(at('reports', f))),
    );
  });

  it('keeps URLs, resolves relative paths and file URLs, and keeps missing paths for the fetch to report', async () => {
    const out = await expandInputs(['https://example.gov.cn/x.pdf', pathToFileURL(at('reports', 'b.pdf')).href, at('nowhere.pdf')]);
    expect(out).toEqual([enabled('https://example.gov.cn/x.pdf'), enabled(at('reports', 'b.pdf')), enabled(at('nowhere.pdf'))]);
  });

  it('reads list files, relative to themselves, once per location, without looping on a self-reference', async () => {
    expect(await expandInputs([at('nested.list')])).toEqual([
      enabled('https://example.gov.cn/b.pdf'),
      enabled(at('reports', 'b.pdf')),
      enabled('https://example.gov.cn/a.pdf'),
      enabled(at('reports', 'a.html')),
    ]);
  });

  it('takes a .txt of prose as a document', async () => {
    expect(await expandInputs([at('report.txt')])).toEqual([enabled(at('report.txt'))]);
  });

  it('reads sources.csv with its hints and disabled rows, and drops duplicates across inputs', async () => {
    const out = await expandInputs([at('sources.csv'), at('reports', 'a.html')]);
    expect(out).toEqual([
      { location: 'https://example.gov.cn/2023.pdf', hints: { agency: '北京市人民政府办公厅', year: 2023, regionCode: '110000' }, enabled: true },
      enabled(at('reports', 'a.html')),
      { location: 'https://example.gov.cn/old,one.pdf', hints: { agency: '某某局', year: 2019 }, enabled: false },
    ]);
  });
});

describe('readSourcesFile', () => {
  it('accepts a path column instead of url', async () => {
    await writeFile(at('paths.csv'), 'path,year\nreports/b.pdf,2022\n');
    expect(await readSourcesFile(at('paths.csv'))).toEqual([{ location: at('reports', 'b.pdf'), hints: { year: 2022 }, enabled: true }]);
  });

  it('reads the kind column: channel rows keep their agency and region hints; report is the default', async () => {
    await writeFile(at('channels.csv'), 'url,kind,agency,region\nhttps://example.gov.cn/ndbg/index.htm,channel,示例县人民政府,110101\nhttps://example.gov.cn/a.pdf,,,\n');
    expect(await readSourcesFile(at('channels.csv'))).toEqual([
      { location: 'https://example.gov.cn/ndbg/index.htm', kind: 'channel', hints: { agency: '示例县人民政府', regionCode: '110101' }, enabled: true },
      { location: 'https://example.gov.cn/a.pdf', enabled: true },
    ]);
    await writeFile(at('badkind.csv'), 'url,kind\nhttps://example.gov.cn/a.pdf,listing\n');
    await expect(readSourcesFile(at('badkind.csv'))).rejects.toThrow(/row 2: kind must be report or channel/);
    await writeFile(at('channelyear.csv'), 'url,kind,year\nhttps://example.gov.cn/ndbg/,channel,2023\n');
    await expect(readSourcesFile(at('channelyear.csv'))).rejects.toThrow(/row 2: a channel takes no year/);
    await writeFile(at('channelpath.csv'), 'path,kind\nsaved/index.htm,channel\n');
    await expect(readSourcesFile(at('channelpath.csv'))).rejects.toThrow(/row 2: a channel is a web page/);
  });

  it('refuses a file without a location column, or with a bad value, naming the row', async () => {
    await writeFile(at('nourl.csv'), 'agency,year\nx,2022\n');
    await expect(readSourcesFile(at('nourl.csv'))).rejects.toThrow(/"url" or "path"/);
    await writeFile(at('badyear.csv'), 'url,year\nhttps://example.gov.cn/a.pdf,二〇二二\n');
    await expect(readSourcesFile(at('badyear.csv'))).rejects.toThrow(/row 2: year/);
    await writeFile(at('badflag.csv'), 'url,enabled\nhttps://example.gov.cn/a.pdf,yes\n');
    await expect(readSourcesFile(at('badflag.csv'))).rejects.toThrow(/row 2: enabled/);
  });
});

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, embedded newlines and both line endings', () => {
    expect(parseCsv('a,"b ""c"", d"\r\n"multi\nline",\n\nlast')).toEqual([['a', 'b "c", d'], ['multi\nline', ''], ['last']]);
  });
});
