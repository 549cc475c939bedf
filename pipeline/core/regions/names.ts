// Reading division names out of an agency name or a title: 鹤岗市南山区人民政府 → 鹤岗市 | 南山区.
import { regionIndex, type NameEntry, type RegionIndex, type RegionRow } from './data.ts';

/** One division name found in a string, with every region it may stand for. */
export interface NameToken {
  text: string;
  start: number;
  end: number;
  rows: RegionRow[];
  via: NameEntry['via'];
  /** Matched by stem with another suffix (洪泽县 for 洪泽区): a renamed or misspelled unit. */
  variant: boolean;
}

/** A run of division names, each under the one before, and the regions the last one may be. */
export interface NameChain {
  tokens: NameToken[];
  candidates: RegionRow[];
}

/** Short official names that are also ordinary words: trusted only where an agency name starts. */
const COMMON_WORD_NAMES = new Set(['东区', '西区', '城区', '郊区', '矿区', '市中区', '新区', '市区']);
/** Suffixes a county-level unit changes when it is converted (县改区, 撤县设市). */
const VARIANT_SUFFIXES = new Set(['县', '区', '市', '旗']);
/** Endings of township-level names. */
const TOWNSHIP_SUFFIX = /(镇|乡|街道|办事处|苏木)$/;
/** Text before the agency that titles carry: a year, brackets. */
const LEADING_NOISE = /^(?:\d{4}年度?|[【[（(《“"])+/;
/** How far into an agency name or title a chain may start when it does not start at once. */
const MAX_CHAIN_START = 40;

// Agency names and titles come back report after report (an agency's every year, each copy, the
// agency and its profile both), so a thread keeps the chain of each string it has read; bounded,
// then cleared. At 10k synthetic reports, reading chains was 4% of a worker's time.
const CHAINS_MAX = 20_000;
const chains = new Map<string, NameChain | null>();

/** Given a name string (agency or title), returns its first chain of division names, or null (computed once per thread for each string). */
export function findChain(raw: string): NameChain | null {
  let chain = chains.get(raw);
  if (chain === undefined) {
    if (chains.size >= CHAINS_MAX) chains.clear();
    chains.set(raw, (chain = readChain(raw)));
  }
  return chain;
}

/** Given a name string, returns its first chain of division names, or null, read afresh. */
function readChain(raw: string): NameChain | null {
  const s = raw.replace(/\s+/g, '').replace(LEADING_NOISE, '');
  const idx = regionIndex();
  const atStart = chainAt(idx, s, 0, true);
  if (atStart) return atStart;
  // Later in the string (中共…, 国家税务总局…) only distinctive names start a chain.
  for (let pos = 1; pos < Math.min(s.length, MAX_CHAIN_START); pos++) {
    const chain = chainAt(idx, s, pos, false);
    if (chain) return chain;
  }
  return null;
}

/** Given a string and a position, returns the chain of names starting there, or null. */
function chainAt(idx: RegionIndex, s: string, start: number, trustCommon: boolean): NameChain | null {
  const first = tokenAt(idx, s, start, null);
  if (!first || (!trustCommon && !distinctive(first))) return null;
  const tokens = [first];
  let candidates = first.rows;
  for (let pos = first.end; pos < s.length; ) {
    const next = tokenAt(idx, s, pos, candidates);
    if (!next) break;
    tokens.push(next);
    candidates = next.rows;
    pos = next.end;
  }
  return { tokens, candidates };
}

/** Given a token, says whether it may start a chain away from the start of the string. */
function distinctive(token: NameToken): boolean {
  return token.text.length >= 3 && !COMMON_WORD_NAMES.has(token.text) && !token.variant;
}

/**
 * Given a string, a position and the regions of the token before (null at the start), returns
 * the longest division name there whose regions lie under those, or null.
 */
function tokenAt(idx: RegionIndex, s: string, pos: number, within: RegionRow[] | null): NameToken | null {
  const fits = (rows: RegionRow[]) => (within ? rows.filter((r) => within.some((a) => isUnder(idx, r, a))) : rows);
  for (let len = Math.min(idx.maxNameLength(s.charAt(pos)), s.length - pos); len >= 2; len--) {
    const text = s.slice(pos, pos + len);
    const entries = idx.byName(text);
    if (!entries) continue;
    const rows = preferDivisions(text, fits(unique(entries.map((e) => e.row))));
    if (rows.length === 0) continue;
    const via = entries.some((e) => e.via === 'zone') ? 'zone' : entries.some((e) => e.via === 'name') ? 'name' : 'alias';
    return { text, start: pos, end: pos + len, rows, via, variant: false };
  }
  return variantAt(idx, s, pos, fits);
}

/** Given a position, returns a county or prefecture matched by its stem under another suffix (洪泽县 → 洪泽区), or null. */
function variantAt(idx: RegionIndex, s: string, pos: number, fits: (rows: RegionRow[]) => RegionRow[]): NameToken | null {
  for (let len = Math.min(idx.maxStemLength, s.length - pos - 1); len >= 2; len--) {
    const suffix = s[pos + len];
    if (!VARIANT_SUFFIXES.has(suffix)) continue;
    const stemRows = idx.byStem.get(s.slice(pos, pos + len));
    if (!stemRows) continue;
    const rows = fits(stemRows.filter((r) => r.level === 'county' || r.level === 'prefecture'));
    if (rows.length === 0) continue;
    return { text: s.slice(pos, pos + len + 1), start: pos, end: pos + len + 1, rows, via: 'name', variant: true };
  }
  return null;
}

/**
 * Given a name and the regions it may be, drops township-level units when the name reads as a
 * county (a 乡级 unit called 西工区 in 获嘉县 beside the district 西工区 of 洛阳市).
 */
function preferDivisions(name: string, rows: RegionRow[]): RegionRow[] {
  if (TOWNSHIP_SUFFIX.test(name)) return rows;
  const above = rows.filter((r) => r.level !== 'township');
  return above.length > 0 ? above : rows;
}

/** Given two regions, says whether the first lies strictly under the second. */
function isUnder(idx: RegionIndex, row: RegionRow, ancestor: RegionRow): boolean {
  for (let code = row.parentCode; code; code = idx.byCode(code)?.parentCode ?? null) {
    if (code === ancestor.code) return true;
  }
  return false;
}

/** Given a region, returns the regions above it, nearest first. */
export function ancestorsOf(idx: RegionIndex, row: RegionRow): RegionRow[] {
  const out: RegionRow[] = [];
  for (let parent = row.parentCode ? idx.byCode(row.parentCode) : undefined; parent; ) {
    out.push(parent);
    parent = parent.parentCode ? idx.byCode(parent.parentCode) : undefined;
  }
  return out;
}

/** Given rows, returns them without repeats, in order. */
function unique(rows: RegionRow[]): RegionRow[] {
  return [...new Map(rows.map((r) => [r.code, r])).values()];
}
