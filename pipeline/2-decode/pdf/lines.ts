// Glyphs → text lines → cells split at wide x gaps, the way pdftotext -layout separates columns.
import type { Char } from './read.ts';

/** One printed line: glyphs sharing a baseline band, left to right. */
export interface TextLine {
  chars: Char[];
  top: number;
  bottom: number;
  baseline: number;
  /** The line's most common font size: gaps are measured against it. */
  size: number;
}

/** A run of a line's text between wide gaps. */
export interface TextRun {
  text: string;
  x0: number;
  x1: number;
  baseline: number;
}

/**
 * Two glyphs share a line when their boxes overlap vertically by at least this share
 * of the shorter one: a superscript or a bigger digit beside a small label still joins,
 * while the second line of a wrapped label beside a vertically centred number does not.
 */
const LINE_OVERLAP = 0.5;
/** A gap of at least this many ems between glyphs starts a new cell (pdftotext's column break). */
const CELL_GAP_EM = 1;
/** A gap of at least this many ems between Latin letters or digits is a word space. */
const SPACE_GAP_EM = 0.2;
/** Glyphs printed twice at (almost) the same spot — fake bold — count once. */
const DUPLICATE_OFFSET = 1;

/** Given glyphs, returns them grouped into lines, top to bottom, each left to right. */
export function charsToLines(chars: Char[]): TextLine[] {
  const sorted = [...chars].sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  const open: { chars: Char[]; top: number; bottom: number; tallest: number }[] = [];
  for (const c of sorted) {
    const h = c.bottom - c.top;
    const line = open.find((l) => Math.min(l.bottom, c.bottom) - Math.max(l.top, c.top) >= LINE_OVERLAP * Math.min(h, l.tallest));
    if (line) {
      line.chars.push(c);
      line.top = Math.min(line.top, c.top);
      line.bottom = Math.max(line.bottom, c.bottom);
      line.tallest = Math.max(line.tallest, h);
    } else {
      open.push({ chars: [c], top: c.top, bottom: c.bottom, tallest: h });
    }
  }
  return open
    .map((l) => {
      const xs = dedupe(l.chars.sort((a, b) => a.x0 - b.x0));
      return { chars: xs, top: l.top, bottom: l.bottom, baseline: mostCommon(xs.map((c) => c.baseline)), size: mostCommon(xs.map((c) => c.size)) };
    })
    .sort((a, b) => a.top - b.top);
}

/** Given a line, returns its runs split at gaps of CELL_GAP_EM or more. */
export function lineToRuns(line: TextLine): TextRun[] {
  const runs: Char[][] = [];
  let prev: Char | null = null;
  for (const c of line.chars) {
    if (!prev || c.x0 - prev.x1 >= CELL_GAP_EM * line.size) runs.push([c]);
    else runs[runs.length - 1].push(c);
    prev = c;
  }
  return runs.map((cs) => ({ text: charsToText(cs, line.size), x0: cs[0].x0, x1: Math.max(...cs.map((c) => c.x1)), baseline: line.baseline }));
}

/** Given a line's glyphs left to right, returns its text, with spaces only between Latin words. */
export function charsToText(chars: Char[], size: number): string {
  let out = '';
  let prev: Char | null = null;
  for (const c of chars) {
    if (prev && c.x0 - prev.x1 >= SPACE_GAP_EM * size && isLatin(prev.text) && isLatin(c.text)) out += ' ';
    out += c.text;
    prev = c;
  }
  return out;
}

/**
 * Given the lines of one table cell, returns the cell's text: wrapped lines and characters
 * stacked one per line (vertical labels) join without a break, Latin words with a space.
 */
export function linesToCellText(lines: TextLine[]): string {
  let out = '';
  for (const l of lines) {
    const text = charsToText(l.chars, l.size);
    if (out && isLatin(out.at(-1)!) && isLatin(text[0])) out += ' ';
    out += text;
  }
  return out;
}

function isLatin(ch: string): boolean {
  return /[A-Za-z0-9.%]/.test(ch);
}

function dedupe(chars: Char[]): Char[] {
  return chars.filter((c, i) => {
    const p = chars[i - 1];
    return !p || p.text !== c.text || Math.abs(p.x0 - c.x0) > DUPLICATE_OFFSET || Math.abs(p.top - c.top) > DUPLICATE_OFFSET;
  });
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  let best = values[0];
  for (const v of values) {
    const k = Math.round(v * 10) / 10;
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n > (counts.get(Math.round(best * 10) / 10) ?? 0)) best = v;
  }
  return best;
}
