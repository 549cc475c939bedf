import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileAgency, regionRows, resolveRegion } from '../pipeline/core/regions/index.ts';
import { regionIndex } from '../pipeline/core/regions/data.ts';

// Credit codes made for these tests: 11 (机关) + region + an invented organisation code + the
// GB 32100 check character computed for them.
const CODE_HEGANG_NANSHAN = '11230404MB0123456F';
const CODE_SHENZHEN_NANSHAN = '11440305MB0123456A';

/** Given an agency and text, returns its resolution (no title, no hints). */
const resolve = (agency: string | null, text = '', title: string | null = null) => resolveRegion({ agency, title, text });

describe('regionRows', () => {
  const rows = regionRows();
  const byCode = new Map(rows.map((r) => [r.code, r]));

  it('holds every province, prefecture, county and township with GB/T 2260 codes', () => {
    expect(rows.filter((r) => r.level === 'province')).toHaveLength(31);
    expect(rows.filter((r) => r.level === 'prefecture').length).toBeGreaterThan(300);
    expect(rows.filter((r) => r.level === 'county').length).toBeGreaterThan(2800);
    expect(rows.filter((r) => r.level === 'township').length).toBeGreaterThan(38_000);
    for (const r of rows) expect(r.code).toMatch(r.level === 'township' ? /^\d{9}$/ : /^\d{6}$/);
  });

  it('is what the name index finds, townships included (which it keeps in columns)', () => {
    const idx = regionIndex();
    for (const row of rows) {
      expect(idx.byCode(row.code)).toEqual(row);
      expect(idx.byName(row.name)?.filter((e) => e.row.code === row.code && e.via === 'name').map((e) => e.row)).toEqual([row]);
    }
    // 街道 and its 街道办事处 form, each way round.
    expect(idx.byName('东华门街道办事处')?.map((e) => [e.row.code, e.via])).toEqual([['110101001', 'alias']]);
    expect(idx.byCode('110101999')).toBeUndefined();
  });

  it('gives each row its parent chain and path', () => {
    expect(byCode.get('230404')).toMatchObject({
      name: '南山区',
      level: 'county',
      parentCode: '230400',
      provinceCode: '230000',
      prefectureCode: '230400',
      path: ['黑龙江省', '鹤岗市', '南山区'],
    });
    expect(byCode.get('500110100')).toMatchObject({ level: 'township', parentCode: '500110', path: ['重庆市', '綦江区', '万东镇'] });
  });

  it('hangs municipality districts under the province and leaves out statistics-only units', () => {
    expect(byCode.get('310115')).toMatchObject({ parentCode: '310000', prefectureCode: null, path: ['上海市', '浦东新区'] });
    expect(byCode.has('310100')).toBe(false);
    expect(byCode.has('130171')).toBe(false); // 石家庄高新技术产业开发区: a statistical code, not GB/T 2260
    expect(byCode.get('441900003')?.parentCode).toBe('441900'); // 东莞市 has no counties
  });
});

describe('resolveRegion', () => {
  it('resolves an ambiguous county name by a parent named in the text', () => {
    expect(resolve('南山区人民政府', '深圳市南山区2019年…').code).toBe('440305');
    const hegang = resolve('南山区人民政府', '按照鹤岗市政府的统一部署，我区…');
    expect(hegang).toMatchObject({ code: '230404', method: 'parent_in_text', path: ['黑龙江省', '鹤岗市', '南山区'] });
  });

  it('leaves an ambiguous name ambiguous, with its candidates and a warning', () => {
    const r = resolve('南山区人民政府', '我区认真贯彻落实《条例》');
    expect(r).toMatchObject({ code: null, method: 'ambiguous', candidates: ['230404', '440305'] });
    expect(r.findings).toEqual([expect.objectContaining({ check: 'region.ambiguous', severity: 'warning', stage: 'extract' })]);
  });

  it('resolves a hierarchical name in the agency name', () => {
    expect(resolve('鹤岗市南山区人民政府')).toMatchObject({ code: '230404', method: 'full_name' });
    expect(resolve('攀枝花市东区人民政府办公室').code).toBe('510402');
    expect(resolve('淮安市洪泽区人民政府').code).toBe('320813');
    expect(resolve('北京市朝阳区人民政府').code).toBe('110105');
  });

  it('resolves a municipality unit to the municipality', () => {
    expect(resolve('上海市人民政府办公厅')).toMatchObject({ code: '310000', path: ['上海市'], method: 'full_name' });
    expect(resolve('朝阳区人民政府', '北京市朝阳区…').code).toBe('110105');
  });

  it('resolves a department to its city', () => {
    expect(resolve('鹤岗市教育局')).toMatchObject({ code: '230400', path: ['黑龙江省', '鹤岗市'] });
    expect(resolve('深圳市南山区卫生健康局').code).toBe('440305');
    expect(resolve('国家税务总局鹤岗市税务局').code).toBe('230400');
  });

  it("gives a township its county's code and names the township in the path", () => {
    expect(resolve('万东镇人民政府')).toMatchObject({ code: '500110', method: 'unique_name', path: ['重庆市', '綦江区', '万东镇'] });
    expect(resolve('霍邱县城关镇人民政府')).toMatchObject({ code: '341522', method: 'full_name' });
    expect(resolve('城关镇人民政府', '在六安市委、霍邱县委的领导下').code).toBe('341522');
    expect(resolve('城关镇人民政府', '我镇').method).toBe('ambiguous');
  });

  it('takes the region from a 统一社会信用代码 or a 索引号 built on one', () => {
    const coded = resolve('南山区人民政府', `统一社会信用代码：${CODE_HEGANG_NANSHAN}`);
    expect(coded).toMatchObject({ code: '230404', method: 'credit_code' });
    const indexed = resolve('南山区人民政府', `索引号： ${CODE_SHENZHEN_NANSHAN}/2020-00012`);
    expect(indexed).toMatchObject({ code: '440305', method: 'index_no' });
  });

  it('does not use a credit code whose check character is wrong', () => {
    const r = resolve('南山区人民政府', `统一社会信用代码：${CODE_HEGANG_NANSHAN.slice(0, 17)}G`);
    expect(r.method).toBe('ambiguous');
    expect(r.findings.map((f) => f.check)).toContain('region.credit_code_invalid');
  });

  it('prefers a known hint and reports an unknown one', () => {
    expect(resolveRegion({ agency: '南山区人民政府', title: null, text: '', hints: { regionCode: '440305' } })).toMatchObject({ code: '440305', method: 'hint' });
    const r = resolveRegion({ agency: '鹤岗市南山区人民政府', title: null, text: '', hints: { regionCode: '999999' } });
    expect(r.code).toBe('230404');
    expect(r.findings.map((f) => f.check)).toEqual(['region.hint_unknown']);
  });

  it('resolves a unique name and a development zone', () => {
    expect(resolve('工农区人民政府')).toMatchObject({ code: '230403', method: 'unique_name' });
    expect(resolve('平潭综合实验区管理委员会')).toMatchObject({ code: '350128', path: ['福建省', '福州市', '平潭县'] });
    expect(resolve('石家庄高新技术产业开发区管理委员会').code).toBe('130100');
  });

  it('matches a renamed county by its stem, with a note', () => {
    const r = resolve('洪泽县人民政府');
    expect(r.code).toBe('320813');
    expect(r.findings).toEqual([expect.objectContaining({ check: 'region.name_variant', severity: 'info' })]);
  });

  it('does not take common-word names from free text or the middle of a title', () => {
    const r = resolve(null, '东区、城区和郊区的政务公开工作', '关于城区政务公开工作的年度报告');
    expect(r).toMatchObject({ code: null, method: 'unresolved' });
    expect(r.findings[0]).toMatchObject({ check: 'region.unresolved', severity: 'warning' });
  });

  it('uses the title when there is no agency', () => {
    expect(resolve(null, '现将2019年鹤岗市南山区人民政府信息公开工作年度报告予以公布', '南山区 2019 年政府信息公开工作年度报告').code).toBe('230404');
  });

  it('stays fast once the index is built', () => {
    const text = '按照鹤岗市政府的统一部署，'.repeat(1500);
    resolve('南山区人民政府', text);
    const start = performance.now();
    for (let i = 0; i < 1000; i++) resolve('南山区人民政府', text);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('profileAgency', () => {
  const kindLevel = (agency: string | null, title: string | null = null) => {
    const p = profileAgency(agency, title, '');
    return [p.kind, p.level];
  };

  it('tells governments, offices, departments, townships, zones and ministries apart', () => {
    expect(kindLevel('洪泽区人民政府')).toEqual(['人民政府', 'county']);
    expect(kindLevel('上海市人民政府办公厅')).toEqual(['人民政府办公室', 'province']);
    expect(kindLevel('攀枝花市东区人民政府办公室')).toEqual(['人民政府办公室', 'county']);
    expect(kindLevel('鹤岗市教育局')).toEqual(['部门', 'prefecture']);
    expect(kindLevel('鹤岗市卫生健康委员会')).toEqual(['部门', 'prefecture']);
    expect(kindLevel('辛集市公安局')).toEqual(['部门', 'county']); // a county-level city
    expect(kindLevel('广东省教育厅')).toEqual(['部门', 'province']);
    expect(kindLevel('万东镇人民政府')).toEqual(['乡镇街道', 'township']);
    expect(kindLevel('东华门街道办事处')).toEqual(['乡镇街道', 'township']);
    expect(kindLevel('平潭综合实验区管理委员会')).toEqual(['开发区管委会', 'other']);
    expect(kindLevel('教育部')).toEqual(['国务院部门', 'national']);
    expect(kindLevel('国家发展和改革委员会')).toEqual(['国务院部门', 'national']);
  });

  it('reads the agency from the title when it is unknown', () => {
    expect(kindLevel(null, '南山区 2019 年政府信息公开工作年度报告')).toEqual(['人民政府', 'county']);
    expect(kindLevel(null, '2023年鹤岗市教育局政府信息公开工作年度报告')).toEqual(['部门', 'prefecture']);
  });

  it('tells a jurisdiction-wide summary from an own report', () => {
    const own = '2019年，上海市人民政府办公厅坚持…组织开展了全市政务公开业务培训';
    expect(profileAgency('上海市人民政府办公厅', '2019年上海市人民政府办公厅政府信息公开工作年度报告', own).scope).toBe('own');
    expect(profileAgency('鹤岗市人民政府办公室', '鹤岗市2023年全市政府信息公开工作年度报告', '').scope).toBe('jurisdiction');
    const summary = '本报告由鹤岗市人民政府办公室编制，反映全市各级行政机关2023年政府信息公开工作情况。';
    expect(profileAgency('鹤岗市人民政府办公室', '鹤岗市2023年政府信息公开工作年度报告', summary).scope).toBe('jurisdiction');
    expect(profileAgency('安全生产委员会', '安全区建设报告', '').scope).toBe('own');
  });
});

// The shared corpus is third-party material beside the repo, read in place and never copied.
const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const TEXT_CHARS = 3000;

const hasCorpus = existsSync(join(CORPUS, 'expected'));

describe.skipIf(!hasCorpus)('corpus region codes', () => {
  /** Given a source file name, returns the first characters of its text when the corpus has it as text, else ''. */
  const textOf = (source: string): string => {
    for (const dir of ['seeds', 'layout-text']) {
      const path = join(CORPUS, dir, source);
      if (existsSync(path)) return readFileSync(path, 'utf8').slice(0, TEXT_CHARS);
    }
    return '';
  };
  // A skipped describe's body still runs to collect its tests: without the corpus there are none.
  const answers = (hasCorpus ? readdirSync(join(CORPUS, 'expected')) : [])
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(CORPUS, 'expected', f), 'utf8')) as { source: string; agency: string; region_code: string | null });

  it.each(answers.filter((a) => a.region_code).map((a) => [a.source, a] as const))('%s', (_source, answer) => {
    const text = textOf(answer.source);
    const title = text.split('\n').find((line) => line.trim())?.replace(/^#\s*/, '') ?? null;
    expect(resolveRegion({ agency: answer.agency, title, text }).code).toBe(answer.region_code);
  });
});
if (!hasCorpus) console.log(`regions: corpus tests skipped, no ${CORPUS}/expected`);
