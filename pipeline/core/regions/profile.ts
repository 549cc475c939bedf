// What kind of agency wrote a report, at which level, and whether it reports on itself or on a
// whole area (全市各级行政机关).
import type { AgencyProfile } from '../types.ts';
import { findChain } from './names.ts';

export type AgencyKind = '人民政府' | '人民政府办公室' | '部门' | '乡镇街道' | '开发区管委会' | '国务院部门' | 'other';
export type AgencyLevel = 'national' | 'province' | 'prefecture' | 'county' | 'township' | 'other';

export interface AgencyAttributes {
  kind: AgencyKind;
  level: AgencyLevel;
  scope: NonNullable<AgencyProfile['scope']>;
}

/** The government's general office: 人民政府办公室/办公厅, 政府办. */
const OFFICE = /政府(办公室|办公厅|办)$/;
const GOVERNMENT = /政府$/;
/** Township-level units, named alone or before 人民政府. */
const TOWNSHIP_UNIT = /(镇|乡|街道|街道办事处|街道办|苏木)(人民政府)?$/;
/** Committees of development zones and similar non-standard units. */
const ZONE = /(开发区|新区|综合实验区|实验区|试验区|高新区|经开区|示范区|园区|管理区)(党工委)?(管理委员会|管委会)?(办公室)?$/;
/** The central government and its ministries: 国家发展和改革委员会, 教育部. */
const NATIONAL = /^(国务院|国家|中华人民共和国|中国)|^[^省市县区州盟旗镇乡]{1,8}部$/;
/** Endings of a department's name (教育局, 卫生健康委员会, 公安局, 财政厅). */
const DEPARTMENT = /(局|委员会|委|厅|办公室|办|中心|院|所|站|队|馆|处|署|会|司|社|部|行)$/;
/** Title text around the agency: year, the report's name. */
const TITLE_TAIL = /\d{4}年度?.*$|政府信息公开.*$/;
/** The last division suffix of a name, for names the data does not know. */
const LEVEL_SUFFIXES: [RegExp, AgencyLevel][] = [
  [/(街道|镇|乡|苏木)$/, 'township'],
  [/(省|自治区)$/, 'province'],
  [/^(北京|天津|上海|重庆)市$/, 'province'],
  [/(县|区|旗)$/, 'county'],
  [/(市|州|盟|地区)$/, 'prefecture'],
];
/** A summary of a whole area: 全市 … 各级行政机关 in the title or first paragraph. */
const AREA = '(?<![安健完齐])全(?:省|自治区|市|区|县|州|盟|旗)';
const JURISDICTION_TITLE = new RegExp(AREA);
const JURISDICTION_TEXT = new RegExp(`${AREA}[^。；\\n]{0,12}各级(?:各类)?(?:行政机关|人民政府|政府)|${AREA}[^。；\\n]{0,6}各(?:部门|单位)(?:和|及|、)`);
/** How much of the text counts as the first paragraph. */
const FIRST_PARAGRAPH = 1_000;

/** Given an agency name, title and text, returns the agency's kind, level and scope. */
export function profileAgency(agency: string | null, title: string | null, text: string): AgencyAttributes {
  const name = agencyName(agency, title);
  const kind = kindOf(name);
  return { kind, level: levelOf(name, kind), scope: scopeOf(title, text) };
}

/** Given the agency and title, returns the agency's name without spaces (from the title when the agency is unknown). */
function agencyName(agency: string | null, title: string | null): string {
  const name = agency ?? (title ?? '').replace(/\s+/g, '').replace(/^\d{4}年度?/, '').replace(TITLE_TAIL, '');
  return name.replace(/\s+/g, '');
}

/** Given an agency name, returns its kind. */
function kindOf(name: string): AgencyKind {
  if (!name) return 'other';
  if (OFFICE.test(name)) return '人民政府办公室';
  if (GOVERNMENT.test(name)) return TOWNSHIP_UNIT.test(name.replace(/人民政府$|政府$/, '')) ? '乡镇街道' : '人民政府';
  if (ZONE.test(name)) return '开发区管委会';
  if (TOWNSHIP_UNIT.test(name)) return '乡镇街道';
  if (NATIONAL.test(name) && !findChain(name)) return '国务院部门';
  if (DEPARTMENT.test(name)) return '部门';
  // A title that names only an area (南山区2019年…) is the area's government reporting.
  return isAreaName(name) ? '人民政府' : 'other';
}

/** Given a name, says whether it is nothing but division names (鹤岗市南山区). */
function isAreaName(name: string): boolean {
  const chain = findChain(name);
  return chain !== null && chain.tokens[0].start === 0 && chain.tokens[chain.tokens.length - 1].end === name.length;
}

/** Given an agency name and kind, returns its level: from the division data where it knows the name, else the name's suffix. */
function levelOf(name: string, kind: AgencyKind): AgencyLevel {
  if (kind === '国务院部门') return 'national';
  if (kind === '开发区管委会') return 'other';
  const chain = findChain(name);
  if (chain) {
    const last = chain.tokens[chain.tokens.length - 1];
    const levels = new Set(chain.candidates.map((r) => r.level));
    if (levels.size === 1 && last.via !== 'zone') return [...levels][0];
    return suffixLevel(last.text);
  }
  return suffixLevel(name.replace(/(人民政府|政府).*$/, ''));
}

/** Given a division name the data does not settle, returns the level its suffix says. */
function suffixLevel(name: string): AgencyLevel {
  return LEVEL_SUFFIXES.find(([pattern]) => pattern.test(name))?.[1] ?? 'other';
}

/** Given the title and text, returns `jurisdiction` for a summary of a whole area, else `own`. */
function scopeOf(title: string | null, text: string): AgencyAttributes['scope'] {
  const heading = (title ?? '').replace(/\s+/g, '');
  const opening = text.slice(0, FIRST_PARAGRAPH).replace(/\s+/g, '');
  return JURISDICTION_TITLE.test(heading) || JURISDICTION_TEXT.test(opening) ? 'jurisdiction' : 'own';
}
