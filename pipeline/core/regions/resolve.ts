// Which region a report's agency belongs to: from a hint, a 统一社会信用代码 or 索引号 printed in
// the text, or the division names in the agency name and title, disambiguated by the text.
import type { Finding, SourceHints } from '../types.ts';
import { regionIndex, type RegionIndex, type RegionRow } from './data.ts';
import { ancestorsOf, findChain, type NameChain } from './names.ts';

export type RegionMethod =
  | 'hint'
  | 'credit_code'
  | 'index_no'
  | 'full_name'
  | 'parent_in_text'
  | 'unique_name'
  | 'ambiguous'
  | 'unresolved';

export interface RegionResolution {
  /** GB/T 2260 code; a township's agency gets its county's code (path names the township). */
  code: string | null;
  path: string[];
  method: RegionMethod;
  confidence: number;
  /** Codes of the regions the name may stand for, when more than one. */
  candidates: string[];
  findings: Finding[];
}

export interface RegionInput {
  agency: string | null;
  title: string | null;
  text: string;
  hints?: SourceHints;
}

/** How sure each way of resolving is. */
const CONFIDENCE = {
  hint: 1,
  creditCode: 0.95,
  fullName: 0.95,
  parentInText: 0.85,
  uniqueCounty: 0.8,
  uniqueTownship: 0.6,
  /** Added to a unique name whose parent the text also names. */
  parentSupport: 0.1,
  /** Taken off a name matched by its stem under another suffix. */
  variant: 0.2,
} as const;

/** How much naming each kind of ancestor in the text counts towards a candidate. */
const PARENT_WEIGHT: Record<RegionRow['level'], number> = { province: 1, prefecture: 3, county: 3, township: 0 };
/** Parent and name written together (鹤岗市南山区) settles it. */
const JOINED_WEIGHT = 10;
/** Text looked at for parents and codes: the head, where the agency describes itself, and the tail, where it signs. */
const TEXT_HEAD = 20_000;
const TEXT_TAIL = 3_000;
/** Candidates listed in a finding's message. */
const MAX_LISTED = 12;

/** 统一社会信用代码 (GB 32100): 18 characters from this set, the last a check character. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE = `[${CREDIT_CHARS}]{18}`;
const LABELLED_CODES: { method: 'credit_code' | 'index_no'; pattern: RegExp }[] = [
  { method: 'credit_code', pattern: new RegExp(`(?:统一)?社会信用代码[：:\\s]*(${CREDIT_CODE})(?![0-9A-Z])`, 'g') },
  // Many portals build the 索引号 from the credit code: 11230400…/2020-00012.
  { method: 'index_no', pattern: new RegExp(`索\\s*引\\s*号[：:\\s]*(${CREDIT_CODE})(?![0-9A-Z])`, 'g') },
];

/** Given a report's agency, title, text and hints, returns its region and how it was found. */
export function resolveRegion(input: RegionInput): RegionResolution {
  const idx = regionIndex();
  const findings: Finding[] = [];
  const hinted = input.hints?.regionCode;
  if (hinted) {
    const row = idx.byCode(hinted);
    if (row) return resolved(row, 'hint', CONFIDENCE.hint, findings);
    findings.push(finding('region.hint_unknown', `the sources file gives region code ${hinted}, which the division data does not know`, hinted));
  }
  const scanned = scanText(input);
  const coded = codeInText(idx, scanned, findings);
  if (coded) return resolved(coded.row, coded.method, CONFIDENCE.creditCode, findings);
  return resolveByName(idx, input, scanned, findings);
}

/** Given the input, returns the text searched for parents and codes: title, head and tail of the text. */
function scanText(input: RegionInput): string {
  const { text } = input;
  const body = text.length > TEXT_HEAD + TEXT_TAIL ? `${text.slice(0, TEXT_HEAD)}\n${text.slice(-TEXT_TAIL)}` : text;
  return `${input.title ?? ''}\n${body}`;
}

/** Given text, returns the region of the first valid credit code (labelled 统一社会信用代码 or 索引号) in it, or null. */
function codeInText(
  idx: RegionIndex,
  text: string,
  findings: Finding[],
): { row: RegionRow; method: 'credit_code' | 'index_no' } | null {
  for (const { method, pattern } of LABELLED_CODES) {
    for (const match of text.matchAll(pattern)) {
      const code = match[1];
      const row = idx.byCode(code.slice(2, 8));
      if (!creditCheckOk(code)) {
        findings.push(finding('region.credit_code_invalid', `${code} fails the GB 32100 check character; not used`, code, 'info'));
      } else if (row) {
        return { row, method };
      }
    }
  }
  return null;
}

/** Given an 18-character credit code, says whether its last character is the GB 32100 check character. */
function creditCheckOk(code: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(code[i]) * (3 ** i % 31);
  return CREDIT_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

/** Given the input, returns the region named by the agency name or title, disambiguated by the text. */
function resolveByName(idx: RegionIndex, input: RegionInput, text: string, findings: Finding[]): RegionResolution {
  const chains = [input.agency, input.title].flatMap((s) => (s ? [findChain(s)] : [])).filter((c): c is NameChain => c !== null);
  const chain = chains.find((c) => c.candidates.length === 1) ?? chains[0];
  const subject = input.agency ?? input.title ?? '';
  if (!chain) {
    findings.push(finding('region.unresolved', `no division name found in the agency name or title: ${subject || '(none)'}`, subject));
    return { code: null, path: [], method: 'unresolved', confidence: 0, candidates: [], findings };
  }
  const last = chain.tokens[chain.tokens.length - 1];
  if (last.variant) {
    const names = chain.candidates.map((r) => r.name).join('、');
    findings.push(finding('region.name_variant', `${last.text} is not in the division data; matched ${names} by its stem (renamed?)`, last.text, 'info'));
  }
  const penalty = last.variant ? CONFIDENCE.variant : 0;
  const scores = parentScores(idx, chain.candidates, text);

  if (chain.candidates.length === 1) {
    const row = chain.candidates[0];
    const hierarchical = chain.tokens.length > 1 || last.via === 'zone' || row.level === 'province' || row.level === 'prefecture';
    if (hierarchical) return resolved(row, 'full_name', CONFIDENCE.fullName - penalty, findings);
    const base = row.level === 'township' ? CONFIDENCE.uniqueTownship : CONFIDENCE.uniqueCounty;
    const support = scores[0] > 0 ? CONFIDENCE.parentSupport : 0;
    return resolved(row, 'unique_name', base + support - penalty, findings);
  }

  const best = Math.max(...scores);
  const winners = chain.candidates.filter((_, i) => scores[i] === best);
  if (best > 0 && winners.length === 1) return resolved(winners[0], 'parent_in_text', CONFIDENCE.parentInText - penalty, findings);

  const listed = chain.candidates.slice(0, MAX_LISTED).map((r) => `${r.code} ${r.path.join('')}`);
  const more = chain.candidates.length > MAX_LISTED ? ` and ${chain.candidates.length - MAX_LISTED} more` : '';
  findings.push(finding('region.ambiguous', `${last.text} may be ${listed.join('; ')}${more}; the text names no parent that tells them apart`, last.text));
  return { code: null, path: [], method: 'ambiguous', confidence: 0, candidates: chain.candidates.map(codeOf), findings };
}

/** Given candidate regions and text, returns for each how strongly the text names its parents. */
function parentScores(idx: RegionIndex, candidates: RegionRow[], text: string): number[] {
  const named = new Map<string, boolean>();
  const isNamed = (row: RegionRow) => {
    let found = named.get(row.code);
    if (found === undefined) {
      found = (idx.textNames.get(row.code) ?? [row.name]).some((n) => text.includes(n));
      named.set(row.code, found);
    }
    return found;
  };
  return candidates.map((row) => {
    let score = 0;
    for (const parent of ancestorsOf(idx, row)) {
      if (!isNamed(parent)) continue;
      score += PARENT_WEIGHT[parent.level];
      if (parent.level !== 'province' && (idx.textNames.get(parent.code) ?? []).some((n) => text.includes(n + row.name))) score += JOINED_WEIGHT;
    }
    return score;
  });
}

/** Given a region, returns the GB/T 2260 code its agency reports under: a township reports under its county. */
function codeOf(row: RegionRow): string {
  return row.level === 'township' && row.parentCode ? row.parentCode : row.code;
}

/** Given a resolved region, returns the resolution. */
function resolved(row: RegionRow, method: RegionMethod, confidence: number, findings: Finding[]): RegionResolution {
  return { code: codeOf(row), path: row.path, method, confidence: Math.round(confidence * 100) / 100, candidates: [], findings };
}

/** Given a check, message and the text at issue, returns an extract-stage finding about the region. */
function finding(check: string, message: string, actual: string, severity: Finding['severity'] = 'warning'): Finding {
  return { check, severity, subject: 'region', actual, message, stage: 'extract' };
}
