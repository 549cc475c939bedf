// Report metadata: agency, data year, publication date, template. The agency and the year are
// read from every place a report names them (each reading a candidate that says where it came
// from), then one ranking picks each; a place that disagrees with the winner becomes a
// `meta.conflict` finding, an agency or year named nowhere a `meta.missing` one.
import type { DecodedDoc, Finding, Line, Template } from '../core/types.ts';

/**
 * Where a report names its agency or year, strongest first: the order the ranking follows.
 * Hints are the operator's word; the printed title and the page's own metadata name the report
 * on purpose; a document's own title (HTML <title>, PDF document-info Title) is often a template
 * leftover, a publisher (发布机构) a short form, file and folder names whatever someone typed.
 */
const PLACES = ['hint', 'printed_title', 'page_title', 'signature', 'body', 'document_title', 'publisher', 'file_name', 'folder'] as const;
export type Place = (typeof PLACES)[number];

/** The places that are the report's or its page's own words: overruling one of them is a warning, any other an info. */
const OWN_WORDS: ReadonlySet<Place> = new Set<Place>(['printed_title', 'page_title', 'signature', 'body']);

const PLACE_NAMES: Record<Place, string> = {
  hint: 'the sources.csv hint',
  printed_title: 'the printed title',
  page_title: "the page's title",
  signature: 'the signature',
  body: 'the body text',
  document_title: "the document's own title",
  publisher: 'the publisher',
  file_name: 'the file name',
  folder: 'a folder name',
};

/** One reading of the agency or the year, with where it came from. */
export interface Candidate {
  field: 'agency' | 'year';
  value: string | number;
  place: Place;
  /** The text it was read from, as found there. */
  from: string;
}

/** A year as printed in titles: 2019年, 2019 年, 2019年度. */
const YEAR = /((?:19|20)\d{2})\s*年(?:度)?/;
/** A full date: 2020年1月29日, 2020 年 1 月 29 日, 2020-01-29. */
const DATE = /((?:19|20)\d{2})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?/g;
/** A year in a file or folder name (sanming2023.txt, 2021/): four digits not inside a hex hash, from the first year of the 条例 on. */
const NAME_YEAR = /(?<![\dA-Fa-f])(20[0-4]\d)(?![\dA-Fa-f])/g;
const FIRST_REPORT_YEAR = 2008;
/** How agency names end: government, office, department, committee … */
const AGENCY_SUFFIX = /(人民政府|政府办公室|办公室|办公厅|委员会|管委会|管理委员会|局|委|办|厅|署|院|中心|街道办事处|办事处|政府)$/;
/** A bare place name: 南山区, 工农区 (the agency is then named in the signature). */
const BARE_PLACE = /(省|市|区|县|旗|镇|乡|街道|州|盟)$/;
/** How the names of other public bodies end (支队, 海关, 供销合作社, 气象台 …). */
const BODY_SUFFIX = /(处|所|站|队|海关|会|社|馆|台|部|集团|公司|场)$/;
/** Where a title stops naming the agency and starts naming the report. */
const DISCLOSURE = /政府信息公开|政务公开|信息公开/;
/** A title, file name or folder that names a report (a site's name in a title tag names only the site). */
const NAMES_REPORT = /报告|年报/;
/** The label a crawler or CMS puts before a title (标题：…, 名称：…). */
const TITLE_LABEL = /^\s*(?:标\s*题|名\s*称)\s*[:：]\s*/;
/** How a title line ends: naming the report, perhaps with a bracketed note (（全文）, （2019年）). */
const TITLE_END = /报告(?:[（(][^）)]{0,8}[）)])?$/;
/** Lines at the top of a document scanned for the title. */
const TITLE_SCAN = 8;
/** A title printed over several lines: at most this many lines above the line that names the report. */
const TITLE_LINES_ABOVE = 2;
/** A title line, or a fragment of one, is short. */
const TITLE_MAX = 80;
const FRAGMENT_MAX = 30;
/** Lines at the end scanned for the signature and its date. */
const SIGNATURE_SCAN = 12;
/** Characters at the start of the body searched for the report naming itself. */
const BODY_SCAN = 3000;
/**
 * The report naming itself in its opening lines, 现公布三明市人民政府2023年政府信息公开工作年度报告: the
 * year and the report's name (SELF_NAMED_TAIL), after a run of 2 to 40 Chinese characters
 * (NAME_BEFORE). The tail is found first and the run read back from it: one regex over both,
 * tried at every character of the body, backtracked through 40 characters at each.
 */
const SELF_NAMED_TAIL = /((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)(?:工作)?(?:年度)?报告/g;
const NAME_BEFORE = /\p{Script=Han}{2,40}$/u;
/** UTF-16 units that hold 40 characters, supplementary-plane ones included. */
const NAME_BEFORE_UNITS = 80;
/** The words that open such a sentence, before the name: 现公布, 现将编制的. Without them the run may be anything. */
const LEAD_IN = /^.*(?:公布|发布|印发|现将|编制(?:的|了)?)/;
/** Not an agency's name but a stand-in for it: 我局, 本机关, 全市, 各县. */
const STAND_IN = /[我本该]|^(?:全|各)/;

const lineText = (l: Line) => l.cells.map((c) => c.text.trim()).filter(Boolean).join(' ');

/** Given a candidate, returns it on one line: `agency 三明市人民政府 ← body: 现公布三明市人民政府2023年…`. */
export function formatCandidate(c: Candidate): string {
  const from = c.from.length > 40 ? `${c.from.slice(0, 40)}…` : c.from;
  return `${c.field} ${c.value} ← ${c.place}: ${from}`;
}

/** Given a text, says whether it reads as the name of a public body: Chinese, short, ending as such names end, no report words. */
function isAgencyName(text: string): boolean {
  return (
    /^[\p{Script=Han}（）()·]{2,40}$/u.test(text) &&
    (AGENCY_SUFFIX.test(text) || BARE_PLACE.test(text) || BODY_SUFFIX.test(text)) &&
    !/报告|信息公开|标题|年度|网站|门户/.test(text)
  );
}

/** Given a title-like text (printed, a page's or document's title, a file name), returns the agency and the year it names. */
export function readTitle(text: string): { agency: string | null; year: number | null } {
  const title = withArabicYear(clean(text.replace(TITLE_LABEL, '')));
  const m = YEAR.exec(title);
  // The agency comes before the year (三明市2023年…), else after it (2019年上海市人民政府办公厅政府信息公开…).
  const before = (m ? title.slice(0, m.index) : title).split(DISCLOSURE)[0];
  const after = m ? title.slice(m.index + m[0].length).split(DISCLOSURE)[0] : '';
  const agency = [before, after].map(trimName).find(isAgencyName) ?? null;
  return { agency, year: m ? Number(m[1]) : null };
}

/** Given a text before or after a title's year, returns it without 关于 and stray punctuation. */
function trimName(text: string): string {
  return text.replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, '').replace(/^关于|关于$/g, '');
}

const CHINESE_DIGITS = '〇一二三四五六七八九';

/** Given a title, returns it with a year in full-width digits or Chinese numerals (２０２３年, 二〇二三年) in ASCII digits. */
function withArabicYear(title: string): string {
  return title
    .replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/([〇零一二三四五六七八九]{4})(?=\s*年)/g, (y) => [...y].map((d) => (d === '零' ? '0' : String(CHINESE_DIGITS.indexOf(d)))).join(''));
}

/** Given a line's text, says whether it can be a piece of a title printed over several lines: short, no sentence, document number or date. */
function isTitleFragment(text: string): boolean {
  return text.length <= FRAGMENT_MAX && !/[。，；：:,;〔〕[\]【】<>]|报告/.test(text) && !isDateLine(text);
}

/** A line that is only a date (2020年1月17日): printed under a title, it is the publication date, not the data year. */
const DATE_LINE = new RegExp(`^${DATE.source}$`);
const isDateLine = (text: string) => DATE_LINE.test(text.replace(/\s/g, ''));

/**
 * Given the lines before the first section, returns the printed title, or null: the line that ends
 * by naming a report, with the fragments printed above it (up to two) while the agency or the year
 * is still missing, and the line below when it supplies one of them (the agency under the title).
 */
function findPrintedTitle(head: Line[]): string | null {
  const printed = head.slice(0, TITLE_SCAN).map(lineText).filter(Boolean);
  const texts = printed.map((t) => clean(t.replace(TITLE_LABEL, '')));
  const t = texts.findIndex((s, i) => s.length <= TITLE_MAX && TITLE_END.test(s) && !/[。；，]/.test(printed[i]));
  if (t < 0) return null;
  const complete = ({ agency, year }: ReturnType<typeof readTitle>) => agency !== null && year !== null;
  let title = texts[t];
  for (let i = t - 1; i >= Math.max(0, t - TITLE_LINES_ABOVE) && !complete(readTitle(title)) && isTitleFragment(texts[i]); i--) title = texts[i] + title;
  const alone = readTitle(title);
  const below = texts[t + 1];
  if (!complete(alone) && below && isTitleFragment(below)) {
    const withBelow = readTitle(title + below);
    if ((withBelow.agency && !alone.agency) || (withBelow.year && !alone.year)) title += below;
  }
  return title;
}

/** Given the body text, returns the data year from the statistics period (统计期限自 2023 年 1 月 1 日), or null. */
function yearFromBody(text: string): number | null {
  const m = /(?:统计期限|统计时限|统计期|数据统计)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Given the body text, returns the agency and year of the first sentence naming the report (现公布三明市人民政府2023年政府信息公开…), or null. */
function selfNamed(text: string): { agency: string; year: number; from: string } | null {
  const flat = text.slice(0, BODY_SCAN).replace(/\s+/g, '');
  // A run never reaches back into the tail of an earlier sentence that had a name before it.
  let from = 0;
  for (const tail of flat.matchAll(SELF_NAMED_TAIL)) {
    const name = NAME_BEFORE.exec(flat.slice(Math.max(from, tail.index - NAME_BEFORE_UNITS), tail.index))?.[0];
    if (!name) continue;
    from = tail.index + tail[0].length;
    const agency = name.replace(LEAD_IN, '');
    if (agency !== name && isAgencyName(agency) && !STAND_IN.test(agency)) return { agency, year: Number(tail[1]), from: name + tail[0] };
  }
  return null;
}

/** Given the document's last lines and the title's agency, returns the agency named in the signature, or null. */
function agencyFromSignature(tail: Line[], titleAgency: string | null): string | null {
  const texts = tail.slice(-SIGNATURE_SCAN).map(lineText).map(clean).reverse();
  for (const text of texts) {
    if (text.length > 30 || /[，。；：,;]/.test(text) || !AGENCY_SUFFIX.test(text)) continue;
    if (!titleAgency || text.includes(titleAgency)) return text;
  }
  return null;
}

/** Given a file name or a path, returns the one year its names hold (sanming2023.txt, 2021/), or null when none or several. */
function yearInName(name: string): number | null {
  const years = new Set([...name.matchAll(NAME_YEAR)].map((m) => Number(m[1])).filter((y) => y >= FIRST_REPORT_YEAR));
  return years.size === 1 ? [...years][0] : null;
}

/** Given a path or URL, returns its folder names, nearest first, decoded. */
function folderNames(origin: string): string[] {
  const path = origin.replace(/^[a-z]+:\/\/[^/]*/i, '');
  return path.split(/[\\/]/).slice(0, -1).map(decodeName).filter(Boolean).reverse();
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Given a decoded document, its printed title and its text, returns every reading of the agency
 * and the year, from every place that names them, in the order of PLACES.
 */
function metadataCandidates(doc: DecodedDoc, printedTitle: string | null, text: string): Candidate[] {
  const out: Candidate[] = [];
  const add = (field: Candidate['field'], value: string | number | null | undefined, place: Place, from: string) => {
    if (value !== null && value !== undefined && value !== '') out.push({ field, value, place, from });
  };
  const addTitle = (place: Place, text: string | null | undefined, read?: ReturnType<typeof readTitle>) => {
    if (!text || !NAMES_REPORT.test(text)) return;
    const named = read ?? readTitle(text);
    add('agency', named.agency, place, text);
    add('year', named.year, place, text);
  };
  const { hints, meta } = doc;
  if (hints?.agency) add('agency', hints.agency, 'hint', hints.agency);
  if (hints?.year) add('year', hints.year, 'hint', String(hints.year));
  addTitle('printed_title', printedTitle);
  addTitle('page_title', meta.title);
  const titled = out.find((c) => c.field === 'agency' && c.place !== 'hint')?.value as string | undefined;
  const signature = agencyFromSignature(doc.lines, titled ?? null);
  add('agency', signature, 'signature', signature ?? '');
  const period = yearFromBody(text);
  add('year', period, 'body', `统计期限 ${period}`);
  const named = selfNamed(text);
  add('agency', named?.agency, 'body', named?.from ?? '');
  add('year', named?.year, 'body', named?.from ?? '');
  addTitle('document_title', meta.documentTitle);
  const publisher = meta.publisher && clean(meta.publisher);
  if (publisher && isAgencyName(publisher)) add('agency', publisher, 'publisher', meta.publisher!);
  const fileName = decodeName(doc.source).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const fileTitle = readTitle(fileName);
  addTitle('file_name', fileName, fileTitle);
  if (!fileTitle.year) add('year', yearInName(fileName), 'file_name', doc.source);
  for (const folder of doc.origin ? folderNames(doc.origin) : []) {
    add('agency', isAgencyName(folder) ? folder : readTitle(folder).agency, 'folder', folder);
    add('year', /^20\d{2}年?度?$/.test(folder) ? yearInName(folder) : null, 'folder', folder);
  }
  return out;
}

/**
 * Given the candidates for one field, returns the winner, or null: the strongest place; but an
 * agency's bare place name (三明市) or short form (市统计局) yields to a weaker candidate in the
 * report's own words that names the same agency in full (三明市人民政府, 莆田市统计局) — not to a
 * publisher or a file name, which often name the office that uploaded it. A hint is never overruled.
 */
export function rankCandidates(candidates: Candidate[]): Candidate | null {
  const sorted = [...candidates].sort((a, b) => PLACES.indexOf(a.place) - PLACES.indexOf(b.place));
  const top = sorted[0];
  if (!top || top.field !== 'agency' || top.place === 'hint') return top ?? null;
  return sorted.find((c) => OWN_WORDS.has(c.place) && namesInFull(String(c.value), String(top.value))) ?? top;
}

/** Given two agency names, says whether `long` names in full the agency `short` names: 鹤岗市南山区人民政府 for 南山区, 莆田市统计局 for 市统计局. */
function namesInFull(long: string, short: string): boolean {
  return long !== short && long.includes(short) && (long.endsWith(short) || BARE_PLACE.test(short));
}

/** Given two candidates of one field, says whether they agree: the same year; agency names one of which abbreviates the other (民宗局 in 民族与宗教事务局). */
function agree(a: Candidate, b: Candidate): boolean {
  if (a.field === 'year') return a.value === b.value;
  const [x, y] = [String(a.value), String(b.value)];
  return isAbbreviation(x, y) || isAbbreviation(y, x);
}

/** Given two names, says whether the characters of `short` appear in `long` in order. */
function isAbbreviation(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** Given one field's candidates and their winner, returns the `meta.conflict` finding naming the places that disagree with it, or null. */
function conflictOf(candidates: Candidate[], winner: Candidate): Finding | null {
  const differ = candidates.filter((c) => !agree(c, winner));
  if (differ.length === 0) return null;
  const losers = [...new Set(differ.map((c) => `${c.value} (${PLACE_NAMES[c.place]})`))];
  const outranked = differ.every((c) => PLACES.indexOf(c.place) > PLACES.indexOf(winner.place));
  const why =
    winner.place === 'hint'
      ? 'hints given in sources.csv win'
      : outranked
        ? `${PLACE_NAMES[winner.place]} ranks above ${[...new Set(differ.map((c) => PLACE_NAMES[c.place]))].join(', ')}`
        : `${PLACE_NAMES[winner.place]} names the agency in full`;
  return {
    check: 'meta.conflict',
    severity: winner.place !== 'hint' && differ.some((c) => OWN_WORDS.has(c.place)) ? 'warning' : 'info',
    subject: winner.field,
    expected: String(winner.value),
    actual: [...new Set(differ.map((c) => String(c.value)))].join('; '),
    message: `${winner.field} ${winner.value} from ${PLACE_NAMES[winner.place]} wins over ${losers.join(', ')}: ${why}`,
    stage: 'extract',
  };
}

/** What the places a report names itself in settle: its title, agency and year, and the findings about them. */
export interface ReportNames {
  title: string | null;
  agency: string | null;
  year: number | null;
  /** `meta.conflict` findings, one per field whose places disagree. */
  conflicts: Finding[];
}

/** Given a decoded document, the lines before its first section and its text, returns its title, agency and year, ranked from every place that names them. */
export function readNames(doc: DecodedDoc, head: Line[], text: string): ReportNames {
  const printed = findPrintedTitle(head);
  const candidates = metadataCandidates(doc, printed, text);
  const conflicts: Finding[] = [];
  const pick = (field: Candidate['field']) => {
    const mine = candidates.filter((c) => c.field === field);
    const winner = rankCandidates(mine);
    const conflict = winner && conflictOf(mine, winner);
    if (conflict) conflicts.push(conflict);
    return winner?.value ?? null;
  };
  const agency = pick('agency') as string | null;
  const year = pick('year') as number | null;
  const title = printed ?? cleanOrNull(doc.meta.title) ?? cleanOrNull(doc.meta.documentTitle);
  return { title, agency, year, conflicts };
}

/** Given the fields nobody named, returns the `meta.missing` findings for the agency and the year. */
export function missingOf(names: ReportNames): Finding[] {
  const missing: Finding[] = [];
  const where = 'the sources.csv hints, the printed title, the page and document titles, the signature, the body, the publisher, the file and folder names';
  if (names.agency === null) missing.push({ check: 'meta.missing', severity: 'warning', subject: 'agency', message: `no agency named in ${where}`, stage: 'extract' });
  if (names.year === null) missing.push({ check: 'meta.missing', severity: 'warning', subject: 'year', message: `no data year named in ${where}`, stage: 'extract' });
  return missing;
}

const cleanOrNull = (text: string | undefined) => (text ? clean(text.replace(TITLE_LABEL, '')) || null : null);

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
