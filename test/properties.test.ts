// Property tests: the number parser, the encoding detector, the grid builder and the text
// pipeline never throw on any input, and round-trip where a round trip exists — one report
// rendered in every text shape included.
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode } from '../pipeline/2-decode/index.ts';
import { decodeHtml } from '../pipeline/2-decode/html/index.ts';
import { detectAndDecode } from '../pipeline/2-decode/encoding.ts';
import { expandSpans } from '../pipeline/2-decode/grid.ts';
import { sniffFormat } from '../pipeline/2-decode/sniff.ts';
import { pipeCellText, textToLines } from '../pipeline/2-decode/text.ts';
import { extract } from '../pipeline/3-extract/index.ts';
import { parseValue } from '../pipeline/3-extract/numbers.ts';
import { validate } from '../pipeline/4-validate/index.ts';
import { APPLICANTS, T2_ROWS, t3RowsFor } from '../pipeline/core/catalogue.ts';
import type { Report } from '../pipeline/core/types.ts';
import { renderReport, type FixtureReport, type Layout } from './fixtures/build-report.ts';

const RUNS = { numRuns: 300 };
/** Report vocabulary, so generated text looks like what the detector really sees. */
const REPORT_CHARS = '政府信息公开工作年度报告本年新收申请数量予以部分不处理总计行政复议诉讼结果维持纠正一二三四五六七（）、，。0123456789 \n\t';

describe('parseValue', () => {
  it('never throws and always keeps the raw text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (raw) => {
      const v = parseValue(raw);
      expect(v.raw).toBe(raw);
      expect(['number', 'blank', 'dash', 'unreadable']).toContain(v.state);
      expect(v.state === 'number').toBe(v.value !== null && Number.isFinite(v.value));
    }), RUNS);
  });

  it('reads back any integer or decimal it is given, with or without thousands separators', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99 }), fc.boolean(), (n, cents, grouped) => {
      const text = `${grouped ? n.toLocaleString('en-US') : String(n)}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
      const expected = cents ? Number(`${n}.${String(cents).padStart(2, '0')}`) : n;
      const v = parseValue(text);
      expect(v.state).toBe('number');
      expect(v.value).toBeCloseTo(n < 0 && cents ? -Math.abs(expected) : expected, 6);
    }), RUNS);
  });
});

describe('encoding detection', () => {
  const reportText = fc.string({ unit: fc.constantFrom(...REPORT_CHARS), minLength: 20, maxLength: 300 });

  it('never throws on any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      const d = detectAndDecode(bytes);
      expect(typeof d.text).toBe('string');
      expect(d.replaced).toBeGreaterThanOrEqual(0);
    }), RUNS);
  });

  it('round-trips report text written in UTF-8, GBK and GB18030', () => {
    fc.assert(fc.property(reportText, fc.constantFrom('utf-8', 'gbk', 'gb18030'), (text, encoding) => {
      const d = detectAndDecode(iconv.encode(text, encoding));
      expect(d.text).toBe(text);
      expect(d.replaced).toBe(0);
    }), RUNS);
  });

  it('reads UTF-8 with a few damaged bytes as UTF-8, counting the damage', () => {
    const longText = fc.string({ unit: fc.constantFrom(...REPORT_CHARS), minLength: 400, maxLength: 1500 });
    fc.assert(fc.property(longText, fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (text, at) => {
      const bytes = Buffer.from(text, 'utf8');
      for (const i of at) bytes[i % bytes.length] = 0xff;
      const d = detectAndDecode(bytes);
      expect(d.encoding).toBe('utf-8');
      expect(d.replaced).toBeGreaterThan(0);
    }), RUNS);
  });

  it('reads report text saved as UTF-16 without a byte-order mark, in either byte order', () => {
    // Report text has digits and line ends, so a NUL in at least one character in a hundred.
    const withDigits = fc.tuple(reportText, fc.string({ unit: fc.constantFrom(...'0123456789\n'), minLength: 5, maxLength: 20 })).map(([a, b]) => a + b);
    fc.assert(fc.property(withDigits, fc.constantFrom('utf-16le', 'utf-16be'), (text, encoding) => {
      const d = detectAndDecode(iconv.encode(text, encoding));
      expect(d.encoding).toBe(encoding);
      expect(d.text).toBe(text);
    }), RUNS);
  });

  it('tells Big5 from GBK on traditional-character report text', () => {
    const traditional = '政府資訊公開年度報告本年新收申請數量處理結果總計';
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...traditional), minLength: 30, maxLength: 200 }), (text) => {
      expect(detectAndDecode(iconv.encode(text, 'big5')).encoding).toBe('big5');
    }), RUNS);
  });
});

describe('grid builder', () => {
  const spanCell = fc.record({ rowspan: fc.integer({ min: 0, max: 6 }), colspan: fc.integer({ min: 1, max: 6 }), value: fc.string({ maxLength: 3 }) });

  it('never throws, and every slot sits at a column no other slot of its row covers', () => {
    fc.assert(fc.property(fc.array(fc.array(spanCell, { maxLength: 6 }), { maxLength: 8 }), (rows) => {
      const grid = expandSpans(rows);
      expect(grid).toHaveLength(rows.length);
      for (const row of grid) {
        let end = 0;
        for (const slot of row) {
          expect(slot.col).toBeGreaterThanOrEqual(end);
          end = slot.col + slot.width;
        }
      }
    }), RUNS);
  });

  it('round-trips a table without spans', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string({ maxLength: 3 }), { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (table) => {
      const grid = expandSpans(table.map((r) => r.map((value) => ({ rowspan: 1, colspan: 1, value }))));
      expect(grid.map((r) => r.map((s) => s.value))).toEqual(table);
    }), RUNS);
  });
});

describe('text pipeline', () => {
  it('never throws from text to validated report, whatever the text', () => {
    const text = fc.string({ unit: fc.constantFrom(...REPORT_CHARS, '|', '-', '—', '年', '2019', '第二十条'), maxLength: 600 });
    fc.assert(fc.property(text, (t) => {
      const bytes = new TextEncoder().encode(t);
      expect(['text', 'empty', 'binary', 'html']).toContain(sniffFormat(bytes));
      const report = extract({ source: 'p.txt', sha256: '', bytes: bytes.length, format: 'text', encoding: 'utf-8', lines: textToLines(t), meta: {}, findings: [] });
      validate(report);
    }), { numRuns: 200 });
  });
});

describe('pipe-dump cells', () => {
  // The regex pipeCellText replaced; quadratic on long lines, so only run on short ones here.
  const PIPE_CELL = /^(.*?)\s*\|[\s|]*$/;

  it('reads a line exactly as the pipe-cell regex did', () => {
    const line = fc.string({ unit: fc.constantFrom('|', ' ', '\u3000', 'a', '数', '1', '\t'), maxLength: 30 });
    fc.assert(fc.property(line, (l) => {
      const trimmed = l.trimEnd();
      expect(pipeCellText(trimmed)).toBe(PIPE_CELL.exec(trimmed)?.[1].trim() ?? null);
    }), RUNS);
  });
});

describe('decoding hostile bytes', () => {
  // Signatures and markup in front of random bytes, so every decoder is reached, not just `binary`.
  const PREFIXES = ['', '%PDF-1.4\n', 'PK\u0003\u0004', '\ufeff', '<html><body><table><tr><td rowspan=0 colspan=99>', '<p>', '本年新收政府信息公开申请数量\t'];

  it('decode() never throws, whatever the bytes, and says why when it reads nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 3000 }), async (prefix, tail) => {
      const bytes = new Uint8Array([...Buffer.from(prefix, 'utf8'), ...tail]);
      const doc = await decode({ source: 'x', origin: 'x', bytes, sha256: '' });
      if (doc.lines.length === 0 && doc.format !== 'html' && doc.format !== 'text') expect(doc.findings.length).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });

  it('HTML decoding never throws on arbitrary markup, however deep or unbalanced', () => {
    const tag = fc.constantFrom('div', 'table', 'tr', 'td', 'th', 'tbody', 'p', 'span', 'br', 'a', 'caption', 'script', 'nav', 'b');
    const token = fc.oneof(
      tag.map((t) => `<${t}>`),
      tag.map((t) => `</${t}>`),
      fc.constantFrom('<td rowspan="0" colspan="1000">', '<td rowspan=-1 colspan=x>', '<!--', '-->', '<![CDATA[', '&#0;', '&nbsp;', '报告', '12', ' ', '\n'),
      fc.string({ maxLength: 5 }),
    );
    fc.assert(fc.property(fc.array(token, { maxLength: 300 }), fc.nat({ max: 3000 }), (tokens, depth) => {
      const html = `${'<div>'.repeat(depth)}${tokens.join('')}`;
      const doc = decodeHtml({ source: 'x', origin: 'x', bytes: new TextEncoder().encode(html), sha256: '' });
      expect(Array.isArray(doc.lines)).toBe(true);
    }), { numRuns: 200 });
  });
});

describe('one report in every text shape', () => {
  type Printed = number | string | null;
  /** Mostly zeros, as real tables are, with some counts. */
  const count = fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 40 }), weight: 2 });
  const six = fc.array(count, { minLength: 6, maxLength: 6 });
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

  /** Given the drawn numbers, returns a fictional report whose identities all hold, some zeros of table 3 printed blank (never a whole row). */
  const report = fc
    .record({
      template: fc.constantFrom('2019' as const, '2021' as const),
      t2: fc.array(count, { minLength: 24, maxLength: 24 }),
      outcomes: fc.array(six, { minLength: 26, maxLength: 26 }),
      carriedIn: six,
      carriedOut: six,
      t4: fc.array(fc.array(count, { minLength: 4, maxLength: 4 }), { minLength: 3, maxLength: 3 }),
      blanks: fc.array(fc.boolean(), { minLength: 26 * 7, maxLength: 26 * 7 }),
    })
    .map(({ template, t2, outcomes, carriedIn, carriedOut, t4, blanks }): FixtureReport => {
      const entries = t3RowsFor(template).filter((e) => !['new', 'carried_in', 'total', 'carried_out'].includes(e.row) && (template === '2019' || e.row !== 'other'));
      const rows: Record<string, number[]> = {};
      entries.forEach((e, i) => (rows[e.row] = outcomes[i]));
      const total = APPLICANTS.slice(0, 6).map((_, col) => sum(entries.map((e) => rows[e.row][col])));
      // new + carried_in = total + carried_out, carried_in never more than that.
      const carried = carriedIn.map((x, col) => Math.min(x, total[col] + carriedOut[col]));
      Object.assign(rows, { total, carried_in: carried, carried_out: carriedOut, new: total.map((x, col) => x + carriedOut[col] - carried[col]) });
      const t3: Record<string, Printed[]> = {};
      Object.entries(rows).forEach(([code, values], r) => {
        const printed: Printed[] = [...values, sum(values)];
        const blanked = printed.map((v, col) => (v === 0 && blanks[r * 7 + col] ? null : v));
        t3[code] = blanked.some((v) => v !== null) ? blanked : printed;
      });
      const t2Cells: Record<string, Printed> = {};
      let k = 0;
      for (const row of T2_ROWS[template]) for (const c of row.columns) t2Cells[`${row.prefix}.${c.suffix}`] = c.unit === 'wan_yuan' ? `${t2[k++]}万元` : t2[k++];
      return { agency: '性质县测试局', year: template === '2019' ? 2019 : 2022, template, t2: t2Cells, t3, t4: t4.flatMap((g) => [...g, sum(g)]) };
    });

  /** Given a report, returns it with every blank printed as 0: what a crawler dump, which cannot print a blank, would show. */
  const withoutBlanks = (r: FixtureReport): FixtureReport => ({ ...r, t3: Object.fromEntries(Object.entries(r.t3!).map(([k, v]) => [k, v.map((x) => x ?? 0)])) });
  const cellsOf = (r: Report) => new Map(r.cells.map((c) => [`${c.metric}/${c.applicant}`, `${c.state}:${c.value}`]));
  const readShape = (r: FixtureReport, layout: Layout) => {
    const text = renderReport(r, layout);
    const read = extract({ source: `${layout}.txt`, sha256: '', bytes: text.length, format: 'text', encoding: 'utf-8', lines: textToLines(text), meta: {}, findings: [] });
    read.findings.push(...validate(read));
    return read;
  };

  /** Given a report, returns its table-3 cells as printed: a number, or blank. */
  const t3Printed = (r: FixtureReport) => new Map(Object.entries(r.t3!).flatMap(([code, values]) => values.map((v, i) => [`t3.${code}/${APPLICANTS[i]}`, v === null ? 'blank:null' : `number:${v}`])));

  it('reads to the same cells, blanks included, in every shape that can print a blank; without blanks in tabs and crawler dumps', () => {
    fc.assert(fc.property(report, (r) => {
      const want = cellsOf(readShape(r, 'markdown'));
      for (const [key, value] of t3Printed(r)) expect(want.get(key), key).toBe(value);
      for (const layout of ['pipes', 'spaces'] as const) expect(cellsOf(readShape(r, layout)), layout).toEqual(want);
      // A tab dump cannot tell a blank first cell from padding, nor a crawler dump print one.
      const full = withoutBlanks(r);
      const wantFull = cellsOf(readShape(full, 'markdown'));
      for (const layout of ['tabs', 'cells'] as const) expect(cellsOf(readShape(full, layout)), layout).toEqual(wantFull);
    }), { numRuns: 25 });
  });

  it('reads a dump that dropped repeats to the same cells or to unreadable ones, never to another number, and blames the report for nothing', () => {
    fc.assert(fc.property(report, (r) => {
      const want = cellsOf(readShape(withoutBlanks(r), 'tabs'));
      const got = readShape(withoutBlanks(r), 'runs');
      for (const [key, value] of cellsOf(got)) if (!value.startsWith('unreadable')) expect(value, key).toBe(want.get(key));
      expect(got.findings.filter((f) => /^t[34]\./.test(f.check))).toEqual([]);
    }), { numRuns: 15 });
  });
});
