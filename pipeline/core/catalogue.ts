// The one catalogue of every table cell: stable metric codes, printed labels, the
// phrases that recognise a row, and units. Row matching, the metric dimension and the
// exports all read from here (see ../shared/docs/report-format.md).
import type { Applicant, Template } from './types.ts';
import { CUMULATIVE_SUFFIX, LEGACY_ROWS } from './legacy-catalogue.ts';

export const APPLICANTS: readonly Applicant[] = [
  'natural_person',
  'commercial',
  'research',
  'social_org',
  'legal_service',
  'other_org',
  'total',
];

export const APPLICANT_LABELS: Record<Applicant, { zh: string; en: string }> = {
  natural_person: { zh: '自然人', en: 'natural person' },
  commercial: { zh: '商业企业', en: 'commercial enterprise' },
  research: { zh: '科研机构', en: 'research institution' },
  social_org: { zh: '社会公益组织', en: 'public-interest organisation' },
  legal_service: { zh: '法律服务机构', en: 'legal service provider' },
  other_org: { zh: '其他', en: 'other organisation' },
  total: { zh: '总计', en: 'total' },
};

export interface T2Column {
  suffix: string;
  zh: string;
  en: string;
  unit: 'count' | 'wan_yuan' | 'signed_count';
}

export interface T2Row {
  prefix: string;
  block: string;
  zh: string;
  en: string;
  /** Normalised phrases that recognise the row label (see normaliseLabel). */
  keys: string[];
  columns: T2Column[];
}

const made: T2Column[] = [
  { suffix: 'made', zh: '本年新制作数量', en: 'made this year', unit: 'count' },
  { suffix: 'published', zh: '本年新公开数量', en: 'published this year', unit: 'count' },
  { suffix: 'total', zh: '对外公开总数量', en: 'total published', unit: 'count' },
];
const items2019: T2Column[] = [
  { suffix: 'prev_items', zh: '上一年项目数量', en: 'items last year', unit: 'count' },
  { suffix: 'change', zh: '本年增/减', en: 'change this year', unit: 'signed_count' },
  { suffix: 'decisions', zh: '处理决定数量', en: 'decisions', unit: 'count' },
];
const issued: T2Column[] = [
  { suffix: 'issued', zh: '本年制发件数', en: 'issued this year', unit: 'count' },
  { suffix: 'repealed', zh: '本年废止件数', en: 'repealed this year', unit: 'count' },
  { suffix: 'in_force', zh: '现行有效件数', en: 'in force', unit: 'count' },
];
const decisions2021: T2Column[] = [
  { suffix: 'decisions', zh: '本年处理决定数量', en: 'decisions this year', unit: 'count' },
];

export const T2_ROWS: Record<Exclude<Template, 'legacy'>, T2Row[]> = {
  '2019': [
    { prefix: 't2.rules', block: '第二十条第（一）项', zh: '规章', en: 'rules', keys: ['规章'], columns: made },
    { prefix: 't2.normative', block: '第二十条第（一）项', zh: '规范性文件', en: 'normative documents', keys: ['规范性文件'], columns: made },
    { prefix: 't2.licensing', block: '第二十条第（五）项', zh: '行政许可', en: 'administrative licensing', keys: ['行政许可'], columns: items2019 },
    { prefix: 't2.other_services', block: '第二十条第（五）项', zh: '其他对外管理服务事项', en: 'other public services', keys: ['其他对外管理服务事项', '对外管理服务'], columns: items2019 },
    { prefix: 't2.penalty', block: '第二十条第（六）项', zh: '行政处罚', en: 'administrative penalties', keys: ['行政处罚'], columns: items2019 },
    { prefix: 't2.coercion', block: '第二十条第（六）项', zh: '行政强制', en: 'administrative coercion', keys: ['行政强制'], columns: items2019 },
    {
      prefix: 't2.fees', block: '第二十条第（八）项', zh: '行政事业性收费', en: 'administrative fees', keys: ['行政事业性收费'],
      columns: items2019.slice(0, 2),
    },
    {
      prefix: 't2.procurement', block: '第二十条第（九）项', zh: '政府集中采购', en: 'government procurement', keys: ['政府集中采购'],
      columns: [
        { suffix: 'items', zh: '采购项目数量', en: 'procurement items', unit: 'count' },
        { suffix: 'amount', zh: '采购总金额', en: 'procurement amount', unit: 'wan_yuan' },
      ],
    },
  ],
  '2021': [
    { prefix: 't2.rules', block: '第二十条第（一）项', zh: '规章', en: 'rules', keys: ['规章'], columns: issued },
    { prefix: 't2.normative', block: '第二十条第（一）项', zh: '行政规范性文件', en: 'normative documents', keys: ['规范性文件'], columns: issued },
    { prefix: 't2.licensing', block: '第二十条第（五）项', zh: '行政许可', en: 'administrative licensing', keys: ['行政许可'], columns: decisions2021 },
    { prefix: 't2.penalty', block: '第二十条第（六）项', zh: '行政处罚', en: 'administrative penalties', keys: ['行政处罚'], columns: decisions2021 },
    { prefix: 't2.coercion', block: '第二十条第（六）项', zh: '行政强制', en: 'administrative coercion', keys: ['行政强制'], columns: decisions2021 },
    {
      prefix: 't2.fees', block: '第二十条第（八）项', zh: '行政事业性收费', en: 'administrative fees', keys: ['行政事业性收费'],
      columns: [{ suffix: 'amount', zh: '本年收费金额（单位：万元）', en: 'fees collected', unit: 'wan_yuan' }],
    },
  ],
};

/** Blocks of table 3 whose rows are numbered sub-items under a merged block label. */
export type T3Block = 'intake' | 'granted' | 'partial' | 'denied' | 'unavailable' | 'rejected' | 'other' | 'total' | 'carried_out';

export interface T3Row {
  /** Code without the `t3.` prefix: `new`, `denied.state_secret` … */
  row: string;
  block: T3Block;
  /** Item number inside a block (1. 2. …), when the row is a numbered sub-item. */
  item?: number;
  zh: string;
  en: string;
  keys: string[];
  /** Which templates print the row. `other` is printed by 2019 and by some 2021 reports. */
  templates: Exclude<Template, 'legacy'>[];
}

const both: Exclude<Template, 'legacy'>[] = ['2019', '2021'];

export const T3_ROWS: T3Row[] = [
  { row: 'new', block: 'intake', zh: '一、本年新收政府信息公开申请数量', en: 'new applications', keys: ['本年新收政府信息公开申请数量', '本年新收'], templates: both },
  { row: 'carried_in', block: 'intake', zh: '二、上年结转政府信息公开申请数量', en: 'carried over from last year', keys: ['上年结转政府信息公开申请数量', '上年结转'], templates: both },
  { row: 'granted', block: 'granted', zh: '（一）予以公开', en: 'granted', keys: ['予以公开'], templates: both },
  { row: 'partial', block: 'partial', zh: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', en: 'partly granted', keys: ['部分公开'], templates: both },
  { row: 'denied.state_secret', block: 'denied', item: 1, zh: '1.属于国家秘密', en: 'denied: state secret', keys: ['属于国家秘密', '国家秘密'], templates: both },
  { row: 'denied.law_prohibited', block: 'denied', item: 2, zh: '2.其他法律行政法规禁止公开', en: 'denied: prohibited by other laws', keys: ['其他法律行政法规禁止公开', '其他法律法规禁止公开', '禁止公开'], templates: both },
  { row: 'denied.security_stability', block: 'denied', item: 3, zh: '3.危及“三安全一稳定”', en: 'denied: security and stability', keys: ['危及三安全一稳定', '三安全一稳定'], templates: both },
  { row: 'denied.third_party', block: 'denied', item: 4, zh: '4.保护第三方合法权益', en: 'denied: third-party rights', keys: ['保护第三方合法权益', '第三方合法权益'], templates: both },
  { row: 'denied.internal_affairs', block: 'denied', item: 5, zh: '5.属于三类内部事务信息', en: 'denied: internal affairs', keys: ['属于三类内部事务信息', '内部事务信息'], templates: both },
  { row: 'denied.process_info', block: 'denied', item: 6, zh: '6.属于四类过程性信息', en: 'denied: process information', keys: ['属于四类过程性信息', '过程性信息'], templates: both },
  { row: 'denied.enforcement_files', block: 'denied', item: 7, zh: '7.属于行政执法案卷', en: 'denied: enforcement files', keys: ['属于行政执法案卷', '行政执法案卷'], templates: both },
  { row: 'denied.query_matter', block: 'denied', item: 8, zh: '8.属于行政查询事项', en: 'denied: query matter', keys: ['属于行政查询事项', '行政查询事项'], templates: both },
  { row: 'unavailable.not_held', block: 'unavailable', item: 1, zh: '1.本机关不掌握相关政府信息', en: 'unavailable: not held', keys: ['本机关不掌握相关政府信息', '不掌握相关政府信息'], templates: both },
  { row: 'unavailable.needs_creation', block: 'unavailable', item: 2, zh: '2.没有现成信息需要另行制作', en: 'unavailable: would need creating', keys: ['没有现成信息需要另行制作', '需要另行制作'], templates: both },
  { row: 'unavailable.unclear', block: 'unavailable', item: 3, zh: '3.补正后申请内容仍不明确', en: 'unavailable: unclear after correction', keys: ['补正后申请内容仍不明确', '仍不明确'], templates: both },
  { row: 'rejected.petition', block: 'rejected', item: 1, zh: '1.信访举报投诉类申请', en: 'not processed: petitions and complaints', keys: ['信访举报投诉类申请', '信访举报投诉'], templates: both },
  { row: 'rejected.duplicate', block: 'rejected', item: 2, zh: '2.重复申请', en: 'not processed: duplicate', keys: ['重复申请'], templates: both },
  { row: 'rejected.publication', block: 'rejected', item: 3, zh: '3.要求提供公开出版物', en: 'not processed: publications', keys: ['要求提供公开出版物', '公开出版物'], templates: both },
  { row: 'rejected.excessive', block: 'rejected', item: 4, zh: '4.无正当理由大量反复申请', en: 'not processed: excessive', keys: ['无正当理由大量反复申请', '大量反复申请'], templates: both },
  { row: 'rejected.confirmation', block: 'rejected', item: 5, zh: '5.要求行政机关确认或重新出具已获取信息', en: 'not processed: confirmation of held information', keys: ['要求行政机关确认或重新出具已获取信息', '重新出具已获取信息'], templates: both },
  { row: 'other', block: 'other', zh: '（六）其他处理', en: 'other handling', keys: ['其他处理'], templates: both },
  { row: 'other.no_correction', block: 'other', item: 1, zh: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', en: 'other: no correction in time', keys: ['申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请', '逾期不补正'], templates: ['2021'] },
  { row: 'other.unpaid_fee', block: 'other', item: 2, zh: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', en: 'other: fee not paid', keys: ['申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请', '缴纳费用'], templates: ['2021'] },
  { row: 'other.other', block: 'other', item: 3, zh: '3.其他', en: 'other: other', keys: ['3其他'], templates: ['2021'] },
  { row: 'total', block: 'total', zh: '（七）总计', en: 'total', keys: ['总计'], templates: both },
  { row: 'carried_out', block: 'carried_out', zh: '四、结转下年度继续办理', en: 'carried over to next year', keys: ['结转下年度继续办理', '结转下年度'], templates: both },
];

/** Block labels printed as merged cells beside their numbered sub-items. */
export const T3_BLOCK_HEADERS: Partial<Record<T3Block, string[]>> = {
  denied: ['不予公开'],
  unavailable: ['无法提供'],
  rejected: ['不予处理'],
  other: ['其他处理'],
};

export const T4_GROUPS = [
  { prefix: 't4.review', zh: '行政复议', en: 'administrative review' },
  { prefix: 't4.suit_direct', zh: '行政诉讼 未经复议直接起诉', en: 'lawsuit without prior review' },
  { prefix: 't4.suit_after_review', zh: '行政诉讼 复议后起诉', en: 'lawsuit after review' },
] as const;

export const T4_OUTCOMES = [
  { suffix: 'upheld', zh: '结果维持', en: 'upheld' },
  { suffix: 'corrected', zh: '结果纠正', en: 'corrected' },
  { suffix: 'other', zh: '其他结果', en: 'other result' },
  { suffix: 'pending', zh: '尚未审结', en: 'pending' },
  { suffix: 'total', zh: '总计', en: 'total' },
] as const;

/** The rows table 3 prints under a template (the 2021 其他处理 may be one row or three). */
export function t3RowsFor(template: Exclude<Template, 'legacy'>): readonly T3Row[] {
  return T3_ROWS_BY_TEMPLATE[template];
}

// One array per template, so that what is computed per entries array (match.ts) is computed once.
const T3_ROWS_BY_TEMPLATE: Record<Exclude<Template, 'legacy'>, readonly T3Row[]> = {
  '2019': T3_ROWS.filter((r) => r.templates.includes('2019')),
  '2021': T3_ROWS.filter((r) => r.templates.includes('2021')),
};

/** One entry of the metric dimension. */
export interface MetricDef {
  code: string;
  table: 't2' | 't3' | 't4' | 'legacy';
  block: string;
  zh: string;
  en: string;
  unit: 'count' | 'wan_yuan' | 'signed_count';
  templates: string;
}

/** Every metric code of every template, the pre-2019 codes (and their 累计 columns) included, for the metric dimension. */
export function allMetrics(): MetricDef[] {
  const out = new Map<string, MetricDef>();
  for (const template of ['2019', '2021'] as const) {
    for (const row of T2_ROWS[template]) {
      for (const col of row.columns) {
        const code = `${row.prefix}.${col.suffix}`;
        const prev = out.get(code);
        if (prev) prev.templates = `${prev.templates},${template}`;
        else out.set(code, { code, table: 't2', block: row.block, zh: `${row.zh} ${col.zh}`, en: `${row.en}: ${col.en}`, unit: col.unit, templates: template });
      }
    }
  }
  for (const row of T3_ROWS) {
    out.set(`t3.${row.row}`, { code: `t3.${row.row}`, table: 't3', block: row.block, zh: row.zh, en: row.en, unit: 'count', templates: row.templates.join(',') });
  }
  for (const g of T4_GROUPS) {
    for (const o of T4_OUTCOMES) {
      const code = `${g.prefix}.${o.suffix}`;
      out.set(code, { code, table: 't4', block: g.prefix, zh: `${g.zh} ${o.zh}`, en: `${g.en}: ${o.en}`, unit: 'count', templates: '2019,2021' });
    }
  }
  for (const row of LEGACY_ROWS) {
    out.set(row.code, { code: row.code, table: 'legacy', block: row.block, zh: row.zh, en: row.en, unit: row.unit, templates: 'legacy' });
    const cumulative = row.code + CUMULATIVE_SUFFIX;
    out.set(cumulative, { code: cumulative, table: 'legacy', block: row.block, zh: `${row.zh}（历年累计）`, en: `${row.en}, cumulative`, unit: row.unit, templates: 'legacy' });
  }
  return [...out.values()];
}
