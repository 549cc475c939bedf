// Page metadata: what the page says about the report beside its body (<meta> tags, the labelled
// block CMSes print, <title>, canonical and saved-from URLs).
import type { DefaultTreeAdapterTypes as Dom } from 'parse5';
import type { Line, PageMeta, RawDoc } from '../../core/types.ts';
import { attr, descendants, nodesUnder } from './dom.ts';
import { normalizeText } from './text.ts';

// <meta name="…"> names used by Chinese government CMSes (TRS, 大汉, 拓尔思 …) and the usual standards.
const META_NAMES: Record<Exclude<keyof PageMeta, 'documentTitle'>, string[]> = {
  title: ['articletitle', 'dc.title', 'og:title', 'title'],
  published: ['pubdate', 'publishdate', 'publish_date', 'article:published_time', 'firstpublishedtime', 'dc.date', 'dcterms.issued'],
  publisher: ['contentsource', 'dc.publisher', 'publisher', 'source'],
  indexNo: ['indexno', 'index_no'],
  sourceUrl: ['url', 'og:url'],
};

/**
 * Given the document, every line of the page and the raw file,
 * returns the page metadata: <meta> tags first, then the labelled block the page prints
 * (发布时间：…, 发布机构, 索引号, label and value in one cell or in neighbouring cells).
 */
export function pageMeta(document: Dom.Document, pageLines: Line[], raw: RawDoc): PageMeta {
  const tags = metaTags(document);
  const segments = pageLines.flatMap((l) => l.cells.map((c) => c.text)).filter((t) => t.length <= 300);
  const fromTags = (key: keyof typeof META_NAMES) => META_NAMES[key].map((n) => tags.get(n)).find((v) => v && v.trim())?.trim();
  const meta: PageMeta = {};
  const title = fromTags('title') ?? labelled(segments, /(?:标\s*题|名\s*称)\s*[:：]\s*/)?.replace(/\s.*$/, '');
  if (title) meta.title = title;
  const documentTitle = titleOfPage(document);
  if (documentTitle) meta.documentTitle = documentTitle;
  const published =
    isoDate(fromTags('published')) ??
    isoDate(labelled(segments, /(?:发布|公开)(?:时间|日期)\s*[:：]?\s*/)) ??
    isoDate(labelled(segments, /(?<!成文|印发|生成)(?:时间|日期)\s*[:：]\s*/));
  if (published) meta.published = published;
  const publisher = fromTags('publisher') ?? firstWord(labelled(segments, /(?:发布机构|发文机关|发布单位)\s*[:：]?\s*/) ?? labelled(segments, /来\s*源\s*[:：]\s*/));
  if (publisher) meta.publisher = publisher;
  const indexNo = fromTags('indexNo') ?? labelled(segments, /索\s*引\s*号\s*[:：]?\s*/)?.match(/^[A-Za-z0-9][A-Za-z0-9\-_/.—–]*/)?.[0];
  if (indexNo) meta.indexNo = indexNo;
  const sourceUrl = fromTags('sourceUrl') ?? canonicalLink(document) ?? savedFrom(document) ?? (/^https?:\/\//i.test(raw.origin) ? raw.origin : undefined);
  if (sourceUrl) meta.sourceUrl = sourceUrl;
  return meta;
}

/** Given the document, returns its <meta name|property=… content=…> pairs, names lower-cased. */
function metaTags(document: Dom.Document): Map<string, string> {
  const tags = new Map<string, string>();
  for (const m of descendants(document, 'meta')) {
    const name = (attr(m, 'name') ?? attr(m, 'property'))?.toLowerCase();
    const content = attr(m, 'content');
    if (name && content !== undefined && !tags.has(name)) tags.set(name, content);
  }
  return tags;
}

/** Given text segments and a label pattern, returns the value after the first label: in the same segment, or the next one. */
function labelled(segments: string[], label: RegExp): string | undefined {
  const re = new RegExp(label.source, label.flags.replace('g', ''));
  for (let i = 0; i < segments.length; i++) {
    const m = re.exec(segments[i]);
    if (!m) continue;
    const rest = segments[i].slice(m.index + m[0].length).trim();
    const value = rest || segments[i + 1]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** A label that may follow a value in the same cell when the page prints its block without spaces (平潭县人民政府时间：…). */
const NEXT_LABEL = /(?:发布|公开|成文|生成)?(?:时间|日期)\s*[:：]|来\s*源\s*[:：]|索\s*引\s*号|文\s*号\s*[:：]/;

/** Given a labelled value, returns its first word, cut before any label printed straight after it. */
function firstWord(s: string | undefined): string | undefined {
  return s?.split(/\s+/)[0].split(NEXT_LABEL)[0] || undefined;
}

/** Given a date as pages print it (2024-01-20 15:35, 2024年1月20日, 2024/1/20), returns YYYY-MM-DD, or undefined. */
export function isoDate(s: string | undefined): string | undefined {
  const m = s && /(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Given the document, returns its <title> without the site and column names CMSes append. */
function titleOfPage(document: Dom.Document): string | undefined {
  const title = descendants(document, 'title')[0];
  const text = title && normalizeText(title.childNodes.map((n) => (n as Dom.TextNode).value ?? '').join(''));
  if (!text) return undefined;
  const parts = text.split(/\s*(?:_|\||｜|--| - )\s*/).filter(Boolean);
  return parts.find((p) => /报告/.test(p)) ?? parts[0];
}

function canonicalLink(document: Dom.Document): string | undefined {
  const link = descendants(document, 'link').find((l) => (attr(l, 'rel') ?? '').toLowerCase() === 'canonical');
  return (link && attr(link, 'href')) || undefined;
}

/** Given the document, returns the URL a browser's "save page" comment records (<!-- saved from url=(0042)http… -->). */
function savedFrom(document: Dom.Document): string | undefined {
  for (const node of nodesUnder(document)) {
    const url = node.nodeName === '#comment' && /saved from url=\(\d+\)(\S+)/i.exec((node as Dom.CommentNode).data)?.[1];
    if (url) return url;
  }
  return undefined;
}
