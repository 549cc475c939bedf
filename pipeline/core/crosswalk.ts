// The crosswalk between the reports before 2019 and the two templates since: for each headline
// figure that means nearly the same on both sides, what each template calls it, which figures
// give it, and what changed. It fills dim_series_crosswalk, which the v_series_* views read (see
// docs/warehouse.md); the codes are those of ../shared/docs/report-format.md.
import type { Template } from './types.ts';

export interface SeriesSource {
  template: Template;
  /**
   * What the figure is summed from: legacy codes (fact_legacy.metric) for `legacy`, columns of
   * v_report_statistics for the templates (each one named in v_series_by_agency_year_metric's
   * UNPIVOT too). Empty: the template prints nothing that means the same.
   */
  parts: string[];
  /** The label the template prints it under (or, with no parts, the nearest it has). */
  printedAs: string;
  /** What the template counts, set against the others; why nothing, when it has no parts. */
  note: string;
}

export interface Series {
  /** The series' name: a column of the v_series_summary_by_* views. */
  metric: string;
  zh: string;
  en: string;
  unit: 'count' | 'wan_yuan';
  sources: SeriesSource[];
}

const SAME_AS_2019 = 'The same row and count as in the 2019 template.';

/** Given the 2019 template's source, returns it and the 2021 template's, which prints the same row and count. */
const alsoIn2021 = (source: SeriesSource): SeriesSource[] => [source, { ...source, template: '2021', note: SAME_AS_2019 }];

/** The headline series from 2008 to today, in the order the summaries print them. */
export const SERIES: Series[] = [
  {
    metric: 'received', zh: '收到申请数', en: 'requests received', unit: 'count',
    sources: [
      {
        template: 'legacy', parts: ['legacy.requests.total'], printedAs: '收到申请数 · 受理政府信息公开申请数 · 受理依申请公开信息总数',
        note: 'The year\'s requests as the report counts them: some count those accepted (受理) rather than received, and some count items of information (条) rather than requests (件); printed_unit says which. There is no carry-over: a request from the year before is not told apart.',
      },
      ...alsoIn2021({
        template: '2019', parts: ['received'], printedAs: '本年新收政府信息公开申请数量 · 总计',
        note: 'New requests of the year only (t3.new, 总计 column): those carried over from the year before (上年结转) are counted on a row of their own and are not in it.',
      }),
    ],
  },
  {
    metric: 'granted', zh: '同意公开', en: 'granted', unit: 'count',
    sources: [
      {
        template: 'legacy', parts: ['legacy.replies.granted'], printedAs: '同意公开答复数',
        note: 'Replies granting the request. Many reports count replies that the information is already public (属于已主动公开范围, legacy.replies.already_public) on a row of their own, outside this one.',
      },
      ...alsoIn2021({
        template: '2019', parts: ['granted'], printedAs: '予以公开 · 总计',
        note: 'Requests handled in the year (new and carried over) that ended in full disclosure (t3.granted). The template has no row for information already public, so a reply pointing to it is not told apart.',
      }),
    ],
  },
  {
    metric: 'partial', zh: '部分公开', en: 'partly granted', unit: 'count',
    sources: [
      { template: 'legacy', parts: ['legacy.replies.partial'], printedAs: '同意部分公开答复数', note: 'Replies granting part of the request.' },
      ...alsoIn2021({
        template: '2019', parts: ['partial'], printedAs: '部分公开 · 总计',
        note: 'A request partly granted counts here and nowhere else (区分处理的，只计这一情形，不计其他情形, t3.partial); a legacy report may also count it under another reply.',
      }),
    ],
  },
  {
    metric: 'denied', zh: '不予公开', en: 'denied', unit: 'count',
    sources: [
      {
        template: 'legacy', parts: ['legacy.replies.denied'], printedAs: '不同意公开答复数 · 不予公开答复数 · 否决公开答复总数',
        note: 'One figure for every refusal. Some reports fold into it what the templates call 无法提供 (information not held or not existing, another agency\'s); others print those on rows of their own (legacy.replies.not_exist, legacy.replies.not_competent), outside this one.',
      },
      ...alsoIn2021({
        template: '2019', parts: ['denied'], printedAs: '不予公开 · 总计 (Σ 8 reasons)',
        note: 'The sum of the eight 不予公开 reasons (t3.denied.*). 无法提供 (not held, would need creating, unclear) and 不予处理 are outcomes of their own, not in it.',
      }),
    ],
  },
  {
    metric: 'review_total', zh: '行政复议数', en: 'administrative reviews', unit: 'count',
    sources: [
      {
        template: 'legacy', parts: ['legacy.review.total'], printedAs: '行政复议数',
        note: 'Reviews of the agency\'s disclosure decisions in the year, as the report counts them (filed or decided); outcomes are printed by some reports only.',
      },
      ...alsoIn2021({
        template: '2019', parts: ['review_total'], printedAs: '行政复议 · 总计',
        note: 'Reviews by outcome (t4.review.total = upheld + corrected + other + pending), those still undecided at the end of the year (尚未审结) included.',
      }),
    ],
  },
  {
    metric: 'suit_total', zh: '行政诉讼数', en: 'lawsuits', unit: 'count',
    sources: [
      { template: 'legacy', parts: ['legacy.suit.total'], printedAs: '行政诉讼数', note: 'Lawsuits over the agency\'s disclosure decisions in the year, as the report counts them.' },
      ...alsoIn2021({
        template: '2019', parts: ['suit_direct_total', 'suit_after_review_total'], printedAs: '行政诉讼 未经复议直接起诉 · 总计 + 复议后起诉 · 总计',
        note: 'Suits filed directly plus suits after a review (t4.suit_direct.total + t4.suit_after_review.total), none when either is not a printed number. A case reviewed and then taken to court counts in review_total as well.',
      }),
    ],
  },
  {
    metric: 'proactive_total', zh: '主动公开政府信息数', en: 'information published proactively', unit: 'count',
    sources: [
      {
        template: 'legacy', parts: ['legacy.proactive.total'], printedAs: '主动公开政府信息数 · 主动公开信息数 · 主动公开文件数',
        note: 'Everything the agency published of its own accord in the year (条); reports that print 文件数 count documents, those that print 信息数 count items, so two reports need not count alike.',
      },
      {
        template: '2019', parts: [], printedAs: '第二十条 rows (规章, 规范性文件 …)',
        note: 'No counterpart: table 2 counts rules, normative documents and decisions by kind, not all that was published.',
      },
      { template: '2021', parts: [], printedAs: '第二十条 rows (规章, 行政规范性文件 …)', note: SAME_AS_2019 },
    ],
  },
  {
    metric: 'request_fees', zh: '依申请公开收费', en: 'fees charged for requests', unit: 'wan_yuan',
    sources: [
      {
        template: 'legacy', parts: ['legacy.fees.total'], printedAs: '依申请公开信息收取的费用',
        note: 'Fees charged for answering requests (search, copying, postage), in 万元; a report printing 元 is converted.',
      },
      {
        template: '2019', parts: [], printedAs: '行政事业性收费 (第二十条第（八）项)',
        note: 'No counterpart: table 2\'s 行政事业性收费 counts the agency\'s fee items, not fees charged for requests; the template prints no fees for requests.',
      },
      {
        template: '2021', parts: [], printedAs: '行政事业性收费 本年收费金额 (t2.fees.amount)',
        note: 'No counterpart: t2.fees.amount is what the agency collected in 行政事业性收费, not fees for requests; t3.other.unpaid_fee counts requests dropped for a fee left unpaid, not money.',
      },
    ],
  },
];
