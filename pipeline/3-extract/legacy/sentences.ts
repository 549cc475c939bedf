// Headline figures stated in sentences (本年度共受理政府信息公开申请12件, 2018年全区主动公开政府信息
// 2069条), for reports without a statistics table. Each pattern reads one clause (the text between
// commas, colons and semicolons); a sentence or a report that gives two numbers for one code gives
// none, with a finding. Never a guess: a pattern states what the clause says, or nothing.
import type { Finding, Line, ReportCell } from '../../core/types.ts';
import { parseValue, toWanYuan, type MoneyUnit } from '../numbers.ts';

interface SentencePattern {
  code: string;
  /** Group 1 the number, group 2 its unit; a pattern without groups states zero (未收到…申请). */
  pattern: RegExp;
}

/** Where a clause ends: ，；： and a comma that is not a thousands separator (1,234). */
const CLAUSE_BREAK = /[，；;：:]|,(?!\d{3})/;
/** A clause that is nothing but the year a sentence speaks of. */
const YEAR_LEAD = /^(?:(?:19|20)\d{2}年度?|本年度?|今年|全年)$/;
/** A figure that counts from the start of disclosure, not the report year (累计, 截至…): not a year's figure. */
const RUNNING_TOTAL = /累计|历年|截至|截止|至今/;
const N = '(\\d[\\d,，]*(?:\\.\\d+)?)';
const COUNT_UNIT = '(条|件|个|宗|份|次|起)';
/** The clause names the year's figure: 2018年, 本年度, 全年, 共 before the verb. */
const THIS_YEAR = '(?:(?:19|20)\\d{2}年度?|本年度?|今年|全年|共)';

/** Words that state there was none: 未, 没有, 不存在, 无 (not 未经 as in 未经行政复议直接起诉, nor 无论, 无需). */
const NONE = '(?:未(?!经)|没有|不存在|无(?!论|需))';

const PATTERNS: SentencePattern[] = [
  { code: 'legacy.proactive.total', pattern: new RegExp(`${THIS_YEAR}[^，]{0,15}?主动公开(?:各类)?(?:政府)?信息(?:共计?|总数|总量)?(?:为|达到?)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.requests.total', pattern: new RegExp(`(?:受理|收到|接到|接收)了?[^，]{0,12}?(?:政府信息公开|信息公开|依申请公开)的?申请(?:共计?|总数)?为?${N}${COUNT_UNIT}`) },
  { code: 'legacy.requests.total', pattern: new RegExp(`(?:受理|收到|接到)了?[^，]{0,6}?依申请公开(?:(?:政府)?信息)?(?:申请)?(?:共计?)?为?${N}${COUNT_UNIT}`) },
  { code: 'legacy.requests.total', pattern: /(?:未|没有|尚未)(?:收到|受理|接到)(?:任何|过)?(?:有关)?(?:政府信息公开|信息公开|依申请公开)的?申请/ },
  { code: 'legacy.replies.total', pattern: new RegExp(`(?:共|已)(?:答复|办结)(?:申请)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.replies.granted', pattern: new RegExp(`(?<!不|部分)(?:同意|予以)公开的?(?:答复)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.replies.partial', pattern: new RegExp(`部分公开的?(?:答复)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.replies.denied', pattern: new RegExp(`(?:不予|不同意)公开的?(?:答复)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.review.total', pattern: new RegExp(`行政复议(?:申请|案件)?(?:共)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.review.total', pattern: new RegExp(`${NONE}[^，]{0,30}?行政复议`) },
  { code: 'legacy.suit.total', pattern: new RegExp(`行政诉讼(?:案件)?(?:共)?${N}${COUNT_UNIT}`) },
  { code: 'legacy.suit.total', pattern: new RegExp(`${NONE}[^，]{0,30}?行政诉讼`) },
  { code: 'legacy.fees.total', pattern: new RegExp(`收取[^，]{0,10}?费用?(?:共计?)?${N}(万元|元)`) },
  { code: 'legacy.fees.total', pattern: /(?:未|没有|不)收取(?:任何)?[^，]{0,6}?费用/ },
];

/** A bare number or percentage on a line of its own: a crawler broke the sentence around it. */
const FRAGMENT = /^[\d.,，%％]+$/;
/** A heading line (二、… or （一）…): a sentence never continues it. */
const HEADING_LINE = /^(?:[一二三四五六七八九十]{1,2}[、.．]|[(（][一二三四五六七八九十]{1,2}[)）])/;

/** Given prose lines, returns their text as sentences: lines joined (without a break around a number a crawler put on its own line, unless after a heading), split at 。！？ and paragraph ends. */
export function linesToSentences(lines: Line[]): string[] {
  const texts = lines.map((l) => l.cells.map((c) => c.text.trim()).join('')).filter(Boolean);
  let joined = '';
  texts.forEach((t, i) => {
    const continues = i > 0 && !HEADING_LINE.test(texts[i - 1]) && (FRAGMENT.test(t) || FRAGMENT.test(texts[i - 1]));
    joined += continues ? t : `\n${t}`;
  });
  return joined.split(/[。！？!?\n]/).map((s) => s.trim()).filter(Boolean);
}

/** One figure a clause states. */
interface Stated {
  code: string;
  value: number;
  raw: string;
  unit: string | null;
}

/** Given a sentence, returns the figures its clauses state. */
function sentenceToFigures(sentence: string): Stated[] {
  const out: Stated[] = [];
  const clauses = sentence.replace(/[\s\u00a0\u3000]+/g, '').split(CLAUSE_BREAK);
  // A sentence that opens with its year (2018年，我县主动公开信息100条) dates every clause after it.
  const lead = YEAR_LEAD.test(clauses[0]) ? clauses[0] : '';
  for (const own of clauses) {
    if (RUNNING_TOTAL.test(own)) continue;
    const clause = own === lead ? own : lead + own;
    for (const { code, pattern } of PATTERNS) {
      const m = pattern.exec(clause);
      if (!m) continue;
      if (m[1] === undefined) {
        out.push({ code, value: 0, raw: m[0], unit: null });
        continue;
      }
      const parsed = parseValue(m[1]);
      if (parsed.state !== 'number') continue;
      const unit = m[2] ?? null;
      const value = code === 'legacy.fees.total' ? toWanYuan(parsed.value!, unit as MoneyUnit) : parsed.value!;
      out.push({ code, value, raw: m[1], unit });
    }
  }
  return out;
}

/** Given prose sentences, returns one cell per code stated with one value, and a finding for each code stated with two. */
export function sentencesToCells(sentences: string[]): { cells: ReportCell[]; findings: Finding[] } {
  const byCode = new Map<string, { stated: Stated; sentence: string }[]>();
  for (const sentence of sentences) {
    for (const stated of sentenceToFigures(sentence)) {
      if (!byCode.has(stated.code)) byCode.set(stated.code, []);
      byCode.get(stated.code)!.push({ stated, sentence });
    }
  }
  const cells: ReportCell[] = [];
  const findings: Finding[] = [];
  for (const [code, found] of byCode) {
    const values = [...new Set(found.map((f) => f.stated.value))];
    if (values.length > 1) {
      findings.push({
        check: 'legacy.sentence_ambiguous', severity: 'info', subject: code, stage: 'extract', actual: values.join(' / '),
        message: `the text states ${values.join(' and ')} for ${code} (${[...new Set(found.map((f) => f.sentence))].join(' · ').slice(0, 300)}); neither is taken`,
      });
      continue;
    }
    const { stated, sentence } = found[0];
    cells.push({ metric: code, applicant: null, state: 'number', value: stated.value, raw: stated.raw, legacy: { unit: stated.unit, foundBy: 'sentence', evidence: sentence } });
  }
  return { cells, findings };
}
