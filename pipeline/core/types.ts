// The plain data that flows fetch → decode → extract → validate → load.
// Every stage takes and returns these shapes; nothing here does I/O.

/** Hints a sources file or the command line can attach to a source. */
export interface SourceHints {
  agency?: string;
  year?: number;
  regionCode?: string;
}

/** A raw report file as fetched or found on disk, before any decoding. */
export interface RawDoc {
  /** The file's own name as given or fetched (basename of the path, last URL segment). */
  source: string;
  /** Where it came from: a path or a URL. */
  origin: string;
  bytes: Uint8Array;
  sha256: string;
  /** charset named by an HTTP Content-Type header, when fetched. */
  declaredCharset?: string;
  hints?: SourceHints;
}

/** `ole`: an Office 97–2003 file that is not a Word document (a spreadsheet, a presentation). */
export type Format = 'pdf' | 'html' | 'docx' | 'doc' | 'ole' | 'text' | 'zip' | 'empty' | 'binary';

/** One cell of a line: its text and, where the format has them, its page and position. */
export interface Cell {
  text: string;
  page?: number;
  /** left and right edge, in the format's own units (PDF points, character columns). */
  x0?: number;
  x1?: number;
  /** baseline or row position, in the format's own units. */
  y?: number;
  /** Grid column index, for grid sources (after rowspan/colspan expansion). */
  col?: number;
}

/**
 * One row of a document: a paragraph (one cell) or a table row (several cells).
 * `grid` says the cells are true table cells (HTML, DOCX, ruled PDF), so an empty
 * cell is a printed blank; in text dumps an empty cell may be mere padding.
 */
export interface Line {
  cells: Cell[];
  grid: boolean;
  page?: number;
  /** Which table of the document the row belongs to, for grid sources. */
  table?: number;
  /**
   * The cells are runs: the text printed one cell per line and dropped every line equal to the
   * one before it, so one cell may stand for several equal cells side by side.
   */
  runs?: boolean;
}

/** Metadata a page prints around the report (CMS metadata blocks, crawler headers, PDF info). */
export interface PageMeta {
  /** The title the page's metadata gives the report: <meta> tags, a CMS's labelled 标题 block, a crawler's `标题:` header. */
  title?: string;
  /** The title the file gives itself: HTML <title>, PDF document-info Title; often a template leftover, so only a hint. */
  documentTitle?: string;
  published?: string;
  publisher?: string;
  indexNo?: string;
  sourceUrl?: string;
}

/** A decoded document: its text as lines of cells, whatever format it came in. */
export interface DecodedDoc {
  source: string;
  /** Where the raw file came from (path or URL), for the names its folders give; absent for documents built in memory. */
  origin?: string;
  sha256: string;
  bytes: number;
  format: Format;
  /** The encoding the bytes were decoded from (utf-8, gb18030, big5, utf-16le …); empty for binary formats. */
  encoding: string;
  lines: Line[];
  meta: PageMeta;
  findings: Finding[];
  hints?: SourceHints;
}

export type Severity = 'error' | 'warning' | 'info';

/** A data-quality finding about one file. Never a silent repair. */
export interface Finding {
  check: string;
  severity: Severity;
  subject: string;
  expected?: string;
  actual?: string;
  message: string;
  /** The pipeline stage that raised it: decode, extract, validate, load, fetch. */
  stage?: string;
  page?: number;
}

export type CellState = 'number' | 'blank' | 'dash' | 'unreadable';

/** One table value: the number (money in 万元), its state and the raw text as printed. */
export interface Value {
  state: CellState;
  value: number | null;
  raw: string;
  /** Filled from an identity rather than read: a `cell.inferred` finding names the identity. */
  inferred?: boolean;
  page?: number;
  x?: number;
  y?: number;
}

export type Template = '2019' | '2021' | 'legacy';

export type Applicant =
  | 'natural_person'
  | 'commercial'
  | 'research'
  | 'social_org'
  | 'legal_service'
  | 'other_org'
  | 'total';

/** Where a pre-2019 figure was read (legacy cells only). */
export interface LegacySource {
  /** The unit as printed (条, 件, 元, 万元), null when none is printed. */
  unit: string | null;
  foundBy: 'table' | 'sentence';
  /** The row label as printed, or the whole sentence. */
  evidence: string;
}

/** One extracted table value, keyed by the stable metric code (and applicant, table 3). */
export interface ReportCell extends Value {
  metric: string;
  applicant: Applicant | null;
  /** Set on `legacy.*` cells: how the figure was found. */
  legacy?: LegacySource;
}

export interface Section {
  /** 1–6: 总体情况, 主动公开, 依申请, 复议诉讼, 问题改进, 其他事项. */
  no: number;
  title: string;
  text: string;
}

/** What the agency is and where it sits, as far as the report lets us resolve it. */
export interface AgencyProfile {
  /** 人民政府, 办公室, 部门, 乡镇街道, 开发区管委会 … (see pipeline/regions). */
  kind: string | null;
  /** province, prefecture, county, township, national, other. */
  level: string | null;
  /** `own`: the agency's own report; `jurisdiction`: a summary for a whole area (全市/全区). */
  scope: 'own' | 'jurisdiction' | null;
  /** How the region was resolved (credit_code, parent_in_text, unique_name, hint …) and how sure. */
  regionMethod: string | null;
  regionConfidence: number | null;
}

export type ReportStatus = 'loaded' | 'partial' | 'not_report' | 'failed';

/** What extraction makes of one document. */
export interface Report {
  source: string;
  sha256: string;
  bytes: number;
  format: Format;
  encoding: string;
  agency: string | null;
  regionCode: string | null;
  year: number | null;
  template: Template | null;
  published: string | null;
  title: string | null;
  status: ReportStatus;
  profile: AgencyProfile;
  sections: Section[];
  cells: ReportCell[];
  findings: Finding[];
  hints?: SourceHints;
}
