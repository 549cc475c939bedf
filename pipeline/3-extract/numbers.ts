// Cell values: a number, a blank, a dash-like mark, or unreadable — never a guess.
import type { Value } from '../core/types.ts';

export type MoneyUnit = '万元' | '元' | '亿元';

/** Marks that print "nothing here" without being a number: —, -, /, 无. Not zero. */
const DASH = /^(?:[-—–－‐―─/／\\]+|无|空|—+)$/;
/** A printed number: optional sign, digits with thousands separators, decimals, an optional unit or counter. */
const NUMBER = /^([-+－﹢﹣]?)\s*(\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．](\d+))?\s*(万元|亿元|元|件|个|条|项|次|人|家|份)?$/;

/** Printable ASCII without spaces: text folding leaves as it is (most cells: 0, 12, 3.5, -). */
const FOLDED_ALREADY = /^[!-~]*$/;

/** Given a cell's text, returns it folded for parsing: full-width digits and signs to ASCII, spaces gone. */
export function foldCellText(raw: string): string {
  if (FOLDED_ALREADY.test(raw)) return raw;
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[−–]/g, '-');
}

// Cell texts repeat report after report (0, 1, and the labels a row scan tests for a value first), so
// a thread keeps what each short text parses to: at 10k synthetic reports, 66 label texts a report
// were folded and matched again. Bounded by count and by text length, then cleared.
const PARSED_MAX = 50_000;
const PARSED_MAX_LENGTH = 40;
const parsed = new Map<string, Readonly<ParsedValue>>();

type ParsedValue = Value & { unit?: string };

/** Given a cell's printed text, returns its value: number (with the unit it printed), blank, dash or unreadable. */
export function parseValue(raw: string): Readonly<ParsedValue> {
  if (raw.length > PARSED_MAX_LENGTH) return readValue(raw);
  let value = parsed.get(raw);
  if (value === undefined) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(raw, (value = Object.freeze(readValue(raw))));
  }
  return value;
}

/** Given a cell's printed text, returns its value, read afresh (see parseValue). */
function readValue(raw: string): ParsedValue {
  const text = foldCellText(raw);
  if (text === '') return { state: 'blank', value: null, raw };
  if (DASH.test(text)) return { state: 'dash', value: null, raw };
  const m = NUMBER.exec(text);
  if (!m) return { state: 'unreadable', value: null, raw };
  const sign = m[1] === '-' || m[1] === '－' || m[1] === '﹣' ? -1 : 1;
  const digits = m[2].replace(/[,，]/g, '') + (m[3] ? `.${m[3]}` : '');
  const value = sign * Number(digits);
  if (!Number.isFinite(value)) return { state: 'unreadable', value: null, raw };
  return m[4] ? { state: 'number', value, raw, unit: m[4] } : { state: 'number', value, raw };
}

/** Given a cell's text, returns whether it reads as a table value (a number or a dash), not a label. */
export function isValueText(raw: string): boolean {
  const state = parseValue(raw).state;
  return state === 'number' || state === 'dash';
}

/** Given a header text, returns the money unit it declares (单位：万元, （元）…), or null. */
export function declaredMoneyUnit(header: string): MoneyUnit | null {
  const text = header.normalize('NFKC').replace(/\s+/g, '');
  const m = /单位[:：]?(万元|亿元|元)/.exec(text) ?? /[(（](万元|亿元|元)[,，)）]/.exec(text) ?? /金额(万元|亿元|元)/.exec(text);
  return (m?.[1] as MoneyUnit | undefined) ?? null;
}

/** Given a printed number and the unit printed for it, returns it in 万元; null when no money unit says what it counts (zero is zero in any unit). */
export function numberInWanYuan<V extends Value>(v: V, unit: string | null | undefined): V | null {
  if (unit === '万元' || unit === '元' || unit === '亿元') return { ...v, value: toWanYuan(v.value!, unit) };
  return v.value === 0 ? v : null;
}

/** Given a number computed in doubles, returns it rounded to 6 decimals: a sum or a conversion as printed, without binary noise. */
export const toMillionths = (n: number) => Math.round(n * 1e6) / 1e6;

/** Given an amount and the unit it is in, returns it in 万元. */
export function toWanYuan(value: number, unit: MoneyUnit): number {
  const factor = unit === '万元' ? 1 : unit === '元' ? 1e-4 : 1e4;
  // Rounded so 251000元 is exactly 25.1, not 25.100000000000001.
  return toMillionths(value * factor);
}
