// The six sections, found by their headings, loosely and in order.
import type { Line, Section } from '../core/types.ts';
import { isValueText } from './numbers.ts';

/** What each section's heading says, in order; headings vary (一、工作情况概述; 五、…存在的主要问题及改进情况). */
const SECTION_HEADINGS: { no: number; pattern: RegExp }[] = [
  { no: 1, pattern: /总体情况|概述|概况|基本情况|工作情况/ },
  { no: 2, pattern: /主动公开/ },
  { no: 3, pattern: /收到和处理|依申请/ },
  { no: 4, pattern: /行政复议|行政诉讼/ },
  { no: 5, pattern: /存在的?主要问题|问题及改进|问题和改进|改进情况|改进措施/ },
  { no: 6, pattern: /其他需要报告|其他事项/ },
];
/** A top-level heading starts with a Chinese numeral and 、 (markdown hashes are already stripped). */
const TOP_LEVEL = /^[一二三四五六七八九十]{1,2}\s*[、.．]/;
/** Headings are short; a long line that happens to start with 一、 is prose. */
const MAX_HEADING = 40;
/** A heading's number on a line of its own (二、), its words on the next: as crawler dumps print it. */
const NUMBER_ALONE = /^[一二三四五六七八九十]{1,2}\s*[、.．]$/;

export interface SectionSpans {
  /** Line index where each found section starts (its heading), by section number. */
  starts: Map<number, number>;
  /** How many lines a heading takes, where it is more than one (number and words split), by section number. */
  heights: Map<number, number>;
}

/** Given a line, returns its text when it can be a heading: one short text cell and no values. */
function headingText(line: Line): string | null {
  const texts = line.cells.map((c) => c.text.trim()).filter(Boolean);
  if (texts.length !== 1 || isValueText(texts[0])) return null;
  const text = texts[0].replace(/\s+/g, '');
  return text.length <= MAX_HEADING && TOP_LEVEL.test(text) ? text : null;
}

/** Given a line and the next, returns the heading they print and how many lines it takes: one, or two when the number stands alone. */
function headingAt(line: Line, next: Line | undefined): { text: string; height: number } | null {
  const text = headingText(line);
  if (!text || !NUMBER_ALONE.test(text) || !next) return text ? { text, height: 1 } : null;
  const words = next.cells.length === 1 && !isValueText(next.cells[0].text) ? next.cells[0].text.replace(/\s+/g, '') : '';
  return words && text.length + words.length <= MAX_HEADING ? { text: text + words, height: 2 } : { text, height: 1 };
}

/** Given a document's lines, returns where each of the six sections starts, found in order. */
export function findSections(lines: Line[]): SectionSpans {
  const starts = new Map<number, number>();
  const heights = new Map<number, number>();
  let from = 0;
  for (const { no, pattern } of SECTION_HEADINGS) {
    for (let i = from; i < lines.length; i++) {
      const heading = headingAt(lines[i], lines[i + 1]);
      if (heading && pattern.test(heading.text)) {
        starts.set(no, i);
        if (heading.height > 1) heights.set(no, heading.height);
        from = i + heading.height;
        break;
      }
    }
  }
  return { starts, heights };
}

/** Given the section starts, returns the line range [from, to) of section `no`, or null when it was not found. */
export function sectionRange(spans: SectionSpans, no: number, lineCount: number): [number, number] | null {
  const start = spans.starts.get(no);
  if (start === undefined) return null;
  const later = [...spans.starts.entries()].filter(([n, i]) => n > no && i > start).map(([, i]) => i);
  return [start + (spans.heights.get(no) ?? 1), later.length ? Math.min(...later) : lineCount];
}

/** Given lines and the section starts, returns each found section's title and text (cells tab-joined, lines newline-joined). */
export function sectionsText(lines: Line[], spans: SectionSpans): Section[] {
  const out: Section[] = [];
  for (const no of [...spans.starts.keys()].sort()) {
    const [from, to] = sectionRange(spans, no, lines.length)!;
    const start = spans.starts.get(no)!;
    out.push({
      no,
      title: lines.slice(start, from).flatMap((l) => l.cells.map((c) => c.text.trim())).filter(Boolean).join(''),
      text: lines.slice(from, to).map((l) => l.cells.map((c) => c.text.trim()).join('\t').trim()).join('\n'),
    });
  }
  return out;
}
