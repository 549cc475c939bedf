// Text as a reader sees it: whitespace folded the way browsers fold it for Chinese, and a table
// cell's pieces joined.
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import { isElement, NEVER_TEXT, type Element } from './dom.ts';

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const DIGIT = /[0-9０-９]/;

/**
 * Given raw text-node content, returns it as a reader sees it: whitespace runs as one space,
 * except a source line break between two CJK characters, which is no space at all
 * (CSS segment-break rule; Word and CMS editors wrap Chinese lines anywhere).
 */
export function normalizeText(s: string): string {
  return s
    .replace(/[\s\u200b]+/g, (run, at: number, all: string) =>
      /[\r\n]/.test(run) && CJK.test(all[at - 1] ?? '') && CJK.test(all[at + run.length] ?? '') ? '' : ' ',
    )
    .trim();
}

/** Given the pieces of one cell (split by <br> or blocks), returns its text: digits and CJK joined directly, other pieces by a space. */
function joinPieces(pieces: string[]): string {
  return pieces.reduce((text, piece) => {
    if (!piece) return text;
    if (!text) return piece;
    const a = text[text.length - 1];
    const b = piece[0];
    const tight = (DIGIT.test(a) && DIGIT.test(b)) || CJK.test(a) || CJK.test(b);
    return text + (tight ? '' : ' ') + piece;
  }, '');
}

// Elements that end a line of text.
export const BLOCKS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'main',
  'blockquote', 'pre', 'address', 'center', 'figure', 'figcaption', 'hr', 'caption', 'header', 'footer', 'nav',
  'aside', 'form', 'fieldset', 'legend', 'details', 'summary', 'body', 'html', 'tr', 'td', 'th', 'table',
]);

/** Given a table cell, returns its text: pieces split by <br> and blocks, joined by `joinPieces`. */
export function cellText(cell: Element, dropped: Set<Element>): string {
  const pieces: string[] = [''];
  const BREAK = null;
  const stack: (Dom.ChildNode | typeof BREAK)[] = [...cell.childNodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node === BREAK) pieces.push('');
    else if (isElement(node)) {
      if (dropped.has(node) || NEVER_TEXT.has(node.tagName)) continue;
      const block = node.tagName === 'br' || BLOCKS.has(node.tagName);
      if (block) pieces.push(''), stack.push(BREAK);
      for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
    } else if (node.nodeName === '#text') {
      pieces[pieces.length - 1] += (node as Dom.TextNode).value;
    }
  }
  return joinPieces(pieces.map(normalizeText));
}
