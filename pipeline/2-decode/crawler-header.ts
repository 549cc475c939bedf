// The header web crawlers write above a saved page's text (`标题: …`, `发布时间: …`, `发布机构: …`,
// `原始链接: …`, half- or full-width colons, often closed by `正文:`): the page's metadata, not the
// report's text, so it is read into PageMeta and kept out of the lines.
import type { PageMeta } from '../core/types.ts';
import { isoDate } from './html/meta.ts';

/** Each label a crawler header prints, with the PageMeta field it fills (null: recognised, not used). */
const HEADER_LABELS: Record<string, Exclude<keyof PageMeta, 'documentTitle'> | null> = {
  标题: 'title',
  发布时间: 'published',
  发布日期: 'published',
  公开日期: 'published',
  发布机构: 'publisher',
  发布单位: 'publisher',
  索引号: 'indexNo',
  原始链接: 'sourceUrl',
  链接: 'sourceUrl',
  文号: null,
  发文字号: null,
  成文日期: null,
  来源: null,
  信息来源: null,
  栏目: null,
  分类: null,
  主题分类: null,
  公开方式: null,
  作者: null,
  浏览次数: null,
  点击数: null,
  本地目录: null,
};
/** `label: value` with a half- or full-width colon; the value may be empty (`发布机构：`). */
const HEADER_LINE = /^\s*([\p{Script=Han}]{2,6})\s*[:：]\s*(.*)$/u;
/** The line that closes the header; what follows it on the line is the first line of the text. */
const BODY_LABEL = /^\s*正文\s*[:：]\s*/;
/** Known labels a header must show before the lines are taken for one: a report's own first lines never hold two. */
const MIN_LABELS = 2;

export interface CrawlerHeader {
  meta: PageMeta;
  /** The text below the header (the whole text when there is none). */
  body: string[];
}

/** Given a text file's lines, returns the crawler header's metadata and the lines below it; no header: empty meta, every line. */
export function splitCrawlerHeader(lines: string[]): CrawlerHeader {
  const meta: PageMeta = {};
  let labels = 0;
  let i = 0;
  for (; i < lines.length; i++) {
    if (BODY_LABEL.test(lines[i])) break;
    if (!lines[i].trim()) continue;
    const m = HEADER_LINE.exec(lines[i]);
    if (!m || !(m[1] in HEADER_LABELS)) break;
    labels++;
    const field = HEADER_LABELS[m[1]];
    const value = m[2].trim();
    if (field && value && !meta[field]) meta[field] = field === 'published' ? (isoDate(value) ?? value) : value;
  }
  if (labels < MIN_LABELS) return { meta: {}, body: lines };
  const rest = BODY_LABEL.test(lines[i] ?? '') ? lines[i].replace(BODY_LABEL, '') : null;
  const below = lines.slice(rest === null ? i : i + 1);
  return { meta, body: rest ? [rest, ...below] : below };
}
