// The DOM: parse5's tree and the small iterative walks every later step takes over it. Every
// walk is iterative: pages nest elements thousands deep (broken editors, hostile markup),
// deeper than the call stack goes.
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';

export type Element = Dom.Element;
export type ParentNode = Dom.ParentNode;

/** Given HTML text, returns its parse5 document (parsed the way a browser would). */
export function htmlToDom(html: string): Dom.Document {
  return parse(html);
}

export function isElement(node: Dom.Node): node is Element {
  return 'tagName' in node;
}

export function childElements(node: ParentNode): Element[] {
  return node.childNodes.filter(isElement);
}

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** Given a parsed document, returns its <body> (parse5 always makes one). */
export function bodyOf(document: Dom.Document): Element {
  const html = childElements(document).find((e) => e.tagName === 'html');
  return (html && childElements(html).find((e) => e.tagName === 'body')) ?? (html as Element);
}

/** Given a node, returns every node under it in document order (pre-order), without recursion. */
export function* nodesUnder(node: ParentNode): Generator<Dom.ChildNode> {
  const stack: Dom.ChildNode[] = [...node.childNodes].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    yield next;
    if ('childNodes' in next) for (let i = next.childNodes.length - 1; i >= 0; i--) stack.push(next.childNodes[i]);
  }
}

/** Given a node and a tag name, returns the elements of that tag under it, in document order. */
export function descendants(node: ParentNode, tagName: string): Element[] {
  const out: Element[] = [];
  for (const n of nodesUnder(node)) if (isElement(n) && n.tagName === tagName) out.push(n);
  return out;
}

/**
 * Given a root, which elements to enter and a function, calls it on the root and the
 * elements under it children before parents (post-order), so a fold can read its
 * children's results; an element not entered is visited but its subtree is not.
 */
export function postOrder(root: Element, enter: (el: Element) => boolean, fn: (el: Element, inTable: boolean) => void): void {
  const stack: { el: Element; inTable: boolean; entered: boolean }[] = [{ el: root, inTable: false, entered: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (!top.entered && enter(top.el)) {
      top.entered = true;
      const inTable = top.inTable || top.el.tagName === 'table';
      for (const child of top.el.childNodes) if (isElement(child)) stack.push({ el: child, inTable, entered: false });
      continue;
    }
    stack.pop();
    fn(top.el, top.inTable);
  }
}

/** Given a root, returns the elements under it (itself included) that hold a <table> somewhere below. */
export function holdingTables(root: Element): Set<Element> {
  const out = new Set<Element>();
  postOrder(root, () => true, (el) => {
    if (el.childNodes.some((c) => isElement(c) && (c.tagName === 'table' || out.has(c)))) out.add(el);
  });
  return out;
}

/** Given a <table> and the elements holding tables, returns whether it is a data table: no table inside, two rows or more. */
export function isDataTable(el: Element, holding: Set<Element>): boolean {
  return el.tagName === 'table' && !holding.has(el) && childRows(el).length >= 2;
}

// Never text: dropped wherever they are.
export const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'canvas', 'select', 'option',
  'button', 'input', 'textarea', 'head', 'title', 'link', 'meta', 'map', 'audio', 'video',
]);

/** Given a <table>, returns its rows grouped by section (<thead>/<tbody>/<tfoot>), in document order. */
function childRows(table: Element): Element[] {
  return tableSections(table).flat();
}

export function tableSections(table: Element): Element[][] {
  const sections: Element[][] = [];
  for (const child of childElements(table)) {
    if (child.tagName === 'tr') sections.push([child]);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      sections.push(childElements(child).filter((e) => e.tagName === 'tr'));
    }
  }
  return sections;
}

