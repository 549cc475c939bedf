// A fetched web page as fetch needs it: its text decoded, its DOM, and every link in it with
// the words a reader sees for it. Decoding here is deliberately small (fetch may not use the
// decode stage): UTF-8 when the bytes are valid UTF-8, else the charset the server or the page
// declares, else GB18030, the superset of GBK that Chinese portals mostly use.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { parse, parseFragment } from 'parse5';
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import type { RawDoc } from '../../core/types.ts';

/** A link as a reader sees it: where it goes (absolute, without fragment) and its words (text, else title). */
export interface PageLink {
  url: string;
  text: string;
  title: string;
}

/** A parsed page: the links in its markup and in its scripts, and its scripts' text. */
export interface Page {
  /** The URL relative links resolve against: `<base href>` when the page has one, else its own. */
  base: string;
  links: PageLink[];
  scripts: string[];
}

/** How far into the bytes a `<meta charset>` is looked for (the HTML standard's prescan reads 1024). */
const META_PRESCAN_BYTES = 1024;
/** Scripts that write links carry them as markup strings (Hanweb's `<script type="text/xml">` records, document.write). */
const MARKUP_IN_SCRIPT = /<a\s[^>]*href/i;

/** Given a fetched page and the URL it came from (after redirects), returns its links and scripts. */
export function readPage(raw: RawDoc, pageUrl: string): Page {
  const document = parse(pageText(raw));
  const elements = [...elementsUnder(document)];
  const baseHref = elements.filter((el) => el.tagName === 'base').map((el) => attr(el, 'href')).find((href) => href !== undefined);
  const base = (baseHref !== undefined && absoluteUrl(baseHref, pageUrl)) || pageUrl;
  const scripts = elements.filter((el) => el.tagName === 'script').map(textOf);
  const links = [...linksIn(elements, base)];
  for (const script of scripts) {
    if (MARKUP_IN_SCRIPT.test(script)) links.push(...linksIn(elementsUnder(parseFragment(unescapeScriptMarkup(script))), base));
  }
  return { base, links, scripts };
}

/** Given a page's bytes, returns its text in the encoding it is really in. */
function pageText(raw: RawDoc): string {
  const bytes = Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength);
  if (isUtf8(bytes)) return bytes.toString('utf8').replace(/^\uFEFF/, '');
  const declared = [raw.declaredCharset, metaCharset(bytes)].find((c) => c && !/^utf-?8$/i.test(c) && iconv.encodingExists(c));
  return iconv.decode(bytes, declared ?? 'gb18030');
}

/** Given a page's bytes, returns the charset its `<meta>` declares near the top, lower-cased. */
function metaCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, META_PRESCAN_BYTES).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1].toLowerCase();
}

/** Given a script's text, returns the markup strings in it unescaped enough to parse (CDATA wrappers, \" and \/ escapes). */
function unescapeScriptMarkup(script: string): string {
  return script.replace(/<!\[CDATA\[|\]\]>/g, '').replace(/\\(["'/])/g, '$1');
}

/** Given elements and the base URL, yields each http(s) link: `<a href>`, and the `src` of frames and embeds (PDF viewers). */
function* linksIn(elements: Iterable<Dom.Element>, base: string): Generator<PageLink> {
  for (const el of elements) {
    const target = el.tagName === 'a' ? attr(el, 'href') : el.tagName === 'iframe' || el.tagName === 'embed' ? attr(el, 'src') : undefined;
    if (target === undefined) continue;
    const url = absoluteUrl(target, base);
    if (url) yield { url, text: squeeze(textOf(el)), title: squeeze(attr(el, 'title') ?? '') };
  }
}

/** Given an href as written and the base URL, returns the absolute http(s) URL without its fragment, or undefined (javascript:, mailto:, malformed). */
function absoluteUrl(href: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}

/** Given text, returns it with all whitespace (ideographic spaces included) removed: titles wrap and pad freely. */
function squeeze(text: string): string {
  return text.replace(/[\s\u3000]+/g, '');
}

/** Given a node, yields every element under it, in document order, without recursion: pages nest deeper than the call stack goes. */
function* elementsUnder(node: Dom.ParentNode): Generator<Dom.Element> {
  const stack: Dom.ChildNode[] = [...node.childNodes].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    if (!('tagName' in next)) continue;
    yield next;
    const children = (next.tagName === 'template' ? (next as Dom.Template).content : next).childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Given an element, returns its text (for a script, its source), without recursion. */
function textOf(el: Dom.Element): string {
  let text = '';
  const stack: Dom.ChildNode[] = [...el.childNodes].reverse();
  while (stack.length) {
    const next = stack.pop()!;
    if (next.nodeName === '#text') text += (next as Dom.TextNode).value;
    else if ('tagName' in next) for (let i = next.childNodes.length - 1; i >= 0; i--) stack.push(next.childNodes[i]);
  }
  return text;
}

function attr(el: Dom.Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}
