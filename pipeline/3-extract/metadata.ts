// Report metadata: title, agency, data year, publication date, template.
import type { Line, PageMeta, Template } from '../core/types.ts';

/** A year as printed in titles: 2019年, 2019 年, 2019年度. */
const YEAR = /((?:19|20)\d{2})\s*年(?:度)?/;
/** A full date: 2020年1月29日, 2020 年 1 月 29 日, 2020-01-29. */
const DATE = /((?:19|20)\d{2})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?/g;
/** How agency names end: government, office, department, committee … */
const AGENCY_SUFFIX = /(人民政府|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|局|委|办|厅|署|院|中心|街道办事处|办事处|政府)$/;
/** A bare place name: 南山区, 工农区 (the agency is then named in the signature). */
const BARE_PLACE = /(省|市|区|县|旗|镇|乡|街道|州|盟)$/;
/** Lines at the top of a document scanned for the title. */
const TITLE_SCAN = 8;
/** Lines at the end scanned for the signature and its date. */
const SIGNATURE_SCAN = 12;

const lineText = (l: Line) => l.cells.map((c) => c.text.trim()).filter(Boolean).join(' ');

/** Given the lines before the first section and the page metadata, returns the report's title, or null. */
export function findTitle(head: Line[], meta: PageMeta): string | null {
  if (meta.title && /报告/.test(meta.title)) return clean(meta.title);
  const texts = head.slice(0, TITLE_SCAN).map(lineText).filter(Boolean);
  const t = texts.findIndex((s) => /报告/.test(s) && s.length <= 80);
  if (t < 0) return meta.title ? clean(meta.title) : null;
  // The agency is often printed on its own line above "2019 年政府信息公开工作年度报告".
  const startsWithYear = /^\s*(?:19|20)\d{2}\s*年/.test(texts[t]);
  const above = t > 0 && startsWithYear ? texts[t - 1] : '';
  const prefix = above && above.length <= 30 && !/[。，；：]/.test(above) && !/报告/.test(above) ? above : '';
  return clean(`${prefix}${texts[t]}`);
}

/** Given a title, returns the data year it names, or null. */
export function yearFromTitle(title: string | null): number | null {
  const m = title ? YEAR.exec(title) : null;
  return m ? Number(m[1]) : null;
}

/** Given the body text, returns the data year from the statistics period (统计期限自 2023 年 1 月 1 日), or null. */
export function yearFromBody(text: string): number | null {
  const m = /(?:统计期限|统计时限|统计期|数据统计)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Given a title, returns the agency it names: the text before the year, else between the year and 政府信息公开. */
export function agencyFromTitle(title: string | null): string | null {
  if (!title) return null;
  const m = YEAR.exec(title);
  if (!m) return null;
  const before = title.slice(0, m.index).replace(/关于|^[\s\p{P}]+/gu, '');
  if (before.length >= 2) return before;
  const after = title.slice(m.index + m[0].length).split(/政府信息公开|政务公开|信息公开/)[0];
  return after.length >= 2 ? after : null;
}

/** Given the document's last lines and the title's agency, returns the agency named in the signature, or null. */
export function agencyFromSignature(tail: Line[], titleAgency: string | null): string | null {
  const texts = tail.slice(-SIGNATURE_SCAN).map(lineText).map(clean).reverse();
  for (const text of texts) {
    if (text.length > 30 || /[，。；：,;]/.test(text) || !AGENCY_SUFFIX.test(text)) continue;
    if (!titleAgency || text.includes(titleAgency)) return text;
  }
  return null;
}

/** Given the title's agency and the signature's, returns the better name: a bare place name yields to the signature. */
export function chooseAgency(fromTitle: string | null, fromSignature: string | null, publisher: string | undefined): string | null {
  if (fromTitle && !BARE_PLACE.test(fromTitle)) return fromTitle;
  if (fromSignature) return fromSignature;
  if (fromTitle) return fromTitle;
  return publisher ? clean(publisher) : null;
}

/** Given the document's last lines, returns the signature date (YYYY-MM-DD) if one is printed there, after the data year. */
export function publishedFromSignature(tail: Line[], year: number | null): string | null {
  const text = tail.slice(-SIGNATURE_SCAN).map(lineText).join('\n');
  let found: string | null = null;
  for (const m of text.matchAll(DATE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || (year && y <= year)) continue;
    found = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return found;
}

/** Given a page's published date in any common form, returns YYYY-MM-DD, or null. */
export function normaliseDate(text: string | undefined): string | null {
  if (!text) return null;
  const m = new RegExp(DATE.source).exec(text);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
}

/** Template markers: the table-2 column headers of each notice. */
const TEMPLATE_MARKERS: Record<'2019' | '2021', string[]> = {
  '2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量'],
  '2021': ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额', '逾期不补正'],
};

/**
 * Given the normalised text of table 2 (or the whole report) and the data year, returns the
 * template: by the column headers, the year only when the headers say nothing.
 */
export function detectTemplate(text: string, year: number | null): Exclude<Template, 'legacy'> | null {
  const count = (t: '2019' | '2021') => TEMPLATE_MARKERS[t].filter((m) => text.includes(m)).length;
  const a = count('2019');
  const b = count('2021');
  if (a !== b) return a > b ? '2019' : '2021';
  if (year === null) return null;
  return year <= 2020 ? '2019' : '2021';
}

/** Given a name or title, returns it without whitespace, markdown, book-title marks or stray punctuation. */
function clean(text: string): string {
  return text.replace(/[\s\u3000*#《》]/g, '').replace(/^[：:、，,]+|[：:、，,。]+$/g, '');
}
