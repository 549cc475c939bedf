// Finding the report in a portal page: navigation, footers, share bars and hidden blocks left
// out, then the element that holds nearly all the remaining text and every data table.
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import { attr, childElements, isDataTable, isElement, NEVER_TEXT, postOrder, type Element } from './dom.ts';

// Elements that are page furniture by tag or by a class/id word (in CMS templates' own vocabulary,
// pinyin included: xglj 相关链接, yqlj 友情链接, dqwz 当前位置, fenxiang 分享, ewm 二维码).
const FURNITURE_TAGS = new Set(['nav', 'header', 'footer', 'aside', 'form']);
const FURNITURE_WORDS = new Set([
  'nav', 'navi', 'navbar', 'navigation', 'menu', 'submenu', 'breadcrumb', 'breadcrumbs', 'crumb', 'crumbs', 'bread',
  'position', 'location', 'dqwz', 'weizhi', 'share', 'bdshare', 'fenxiang', 'footer', 'foot', 'header', 'hd',
  'related', 'relate', 'xglj', 'links', 'yqlj', 'friendlink', 'copyright', 'sidebar', 'aside', 'search', 'login',
  'toolbar', 'tools', 'print', 'qrcode', 'ewm', 'erweima', 'gotop', 'backtop', 'banner',
]);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary']);
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col']);
// Furniture this large, or holding a data table, is the report after all (a page wrapped in <form>).
const FURNITURE_MAX_TEXT = 1500;

interface Weight {
  /** Visible characters outside links. */
  text: number;
  /** Data tables (leaf tables of two or more rows) inside. */
  tables: number;
}

/** Given a page body and the elements holding tables, returns the elements to leave out: never-text tags, page furniture, hidden elements. */
export function boilerplateElements(body: Element, holding: Set<Element>): Set<Element> {
  const dropped = new Set<Element>();
  const weights = new Map<Element, Weight>();
  postOrder(body, (e) => !NEVER_TEXT.has(e.tagName), (el, inTable) => weights.set(el, weigh(el, inTable, weights, dropped, holding)));
  return dropped;
}

/**
 * Given an element whose children are weighed, returns its weight counting only what is
 * not dropped, adding it to `dropped` when it is never-text, hidden or small furniture.
 */
function weigh(el: Element, inTable: boolean, weights: Map<Element, Weight>, dropped: Set<Element>, holding: Set<Element>): Weight {
  if (NEVER_TEXT.has(el.tagName)) {
    dropped.add(el);
    return { text: 0, tables: 0 };
  }
  const w = sumChildren(el, weights, () => true);
  if (isDataTable(el, holding)) w.tables += 1;
  if (w.tables === 0 && w.text < FURNITURE_MAX_TEXT && (isHidden(el) || (!inTable && isFurniture(el)))) {
    dropped.add(el);
    return { text: 0, tables: 0 };
  }
  return w;
}

/** Given an element and its children's weights, returns the sum over the children it keeps plus its own text outside links. */
function sumChildren(el: Element, weights: Map<Element, Weight>, keep: (child: Element) => boolean): Weight {
  const w: Weight = { text: 0, tables: 0 };
  for (const node of el.childNodes) {
    if (isElement(node)) {
      if (!keep(node)) continue;
      const child = weights.get(node)!;
      w.text += child.text;
      w.tables += child.tables;
    } else if (node.nodeName === '#text') {
      w.text += (node as Dom.TextNode).value.replace(/[\s\u200b]/g, '').length;
    }
  }
  if (el.tagName === 'a') w.text = 0;
  return w;
}

function isFurniture(el: Element): boolean {
  if (FURNITURE_TAGS.has(el.tagName)) return true;
  if (FURNITURE_ROLES.has((attr(el, 'role') ?? '').toLowerCase())) return true;
  const words = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  return words.some((w) => FURNITURE_WORDS.has(w));
}

function isHidden(el: Element): boolean {
  if (el.attrs.some((a) => a.name === 'hidden')) return true;
  return /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attr(el, 'style') ?? '');
}

/**
 * Given a page body, the elements left out and those holding tables, returns the element holding the report:
 * walks down while one child holds nearly all the remaining text and every data table,
 * stopping above table internals (a layout table's cells are walked, not chosen).
 */
export function reportRoot(body: Element, dropped: Set<Element>, holding: Set<Element>): Element {
  const kept = keptWeights(body, dropped, holding);
  let node = body;
  for (;;) {
    const here = kept.get(node);
    const candidates = childElements(node).filter((c) => !dropped.has(c) && !TABLE_PARTS.has(c.tagName));
    const best = candidates.sort((a, b) => (kept.get(b)?.text ?? 0) - (kept.get(a)?.text ?? 0))[0];
    const there = best && kept.get(best);
    if (!here || !there || there.text === 0 || there.text < 0.8 * here.text || there.tables < here.tables) return node;
    node = best;
  }
}

/** Given a root and the elements left out, returns every kept element's weight. */
function keptWeights(root: Element, dropped: Set<Element>, holding: Set<Element>): Map<Element, Weight> {
  const weights = new Map<Element, Weight>();
  postOrder(root, (e) => !dropped.has(e), (el) => {
    if (dropped.has(el)) return;
    const w = sumChildren(el, weights, (child) => !dropped.has(child));
    if (isDataTable(el, holding)) w.tables += 1;
    weights.set(el, w);
  });
  return weights;
}
