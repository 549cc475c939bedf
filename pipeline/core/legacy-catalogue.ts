// The catalogue of pre-2019 figures (政府信息公开情况统计表 rows and their sentences): stable
// `legacy.*` codes, the printed labels that recognise them, their blocks and units. Rows are
// matched by label, never by position: provinces add, drop, rename and reorder rows
// (see ../shared/docs/report-format.md, "Reports before 2019").

/** A block of the statistics table: a total row and the rows printed under it (其中：…). */
export type LegacyBlock =
  | 'proactive' | 'normative_issued' | 'requests' | 'closed' | 'replies' | 'denied_reasons'
  | 'review' | 'suit' | 'complaints' | 'appeals' | 'suits_complaints' | 'fees';

export interface LegacyRow {
  code: string;
  block: LegacyBlock;
  /** The block's total row: every other row of the block is one of its parts (其中). */
  head: boolean;
  zh: string;
  en: string;
  /** Phrases that recognise the row, written normalised (no spaces or punctuation, see 3-extract/labels.ts); the longest found wins. */
  keys: string[];
  unit: 'count' | 'wan_yuan';
}

/** Rows in the order provinces most often print them; the order is evidence only for a repeated label (see table.ts). */
export const LEGACY_ROWS: LegacyRow[] = [
  { code: 'legacy.proactive.total', block: 'proactive', head: true, zh: '主动公开政府信息数', en: 'information proactively disclosed', keys: ['主动公开政府信息数', '主动公开信息数', '主动公开文件数', '主动公开政府信息总数', '主动公开信息总数'], unit: 'count' },
  { code: 'legacy.proactive.normative', block: 'proactive', head: false, zh: '其中：主动公开规范性文件数', en: 'of which normative documents', keys: ['主动公开规范性文件数', '规范性文件数'], unit: 'count' },
  { code: 'legacy.proactive.website', block: 'proactive', head: false, zh: '政府网站公开数', en: 'of which on the government website', keys: ['政府网站公开数', '通过政府网站公开政府信息数', '政府网站'], unit: 'count' },
  { code: 'legacy.proactive.gazette', block: 'proactive', head: false, zh: '政府公报公开数', en: 'of which in the government gazette', keys: ['政府公报公开数', '政府公报'], unit: 'count' },
  // Codes of the project's own (from here to 收到申请数): rows of the national template of 2014–2018 that report-format.md does not list.
  { code: 'legacy.proactive.weibo', block: 'proactive', head: false, zh: '政务微博公开政府信息数', en: 'of which on government Weibo', keys: ['政务微博公开政府信息数', '政务微博公开数'], unit: 'count' },
  { code: 'legacy.proactive.wechat', block: 'proactive', head: false, zh: '政务微信公开政府信息数', en: 'of which on government WeChat', keys: ['政务微信公开政府信息数', '政务微信公开数'], unit: 'count' },
  { code: 'legacy.proactive.other_channel', block: 'proactive', head: false, zh: '其他方式公开政府信息数', en: 'of which through other channels', keys: ['其他方式公开政府信息数', '其他方式公开数'], unit: 'count' },
  { code: 'legacy.normative_issued.total', block: 'normative_issued', head: true, zh: '制发规范性文件总数', en: 'normative documents issued', keys: ['制发规范性文件总数', '制发规范性文件数'], unit: 'count' },
  { code: 'legacy.requests.total', block: 'requests', head: true, zh: '收到申请数', en: 'requests received', keys: ['收到申请数', '受理依申请公开信息总数', '受理政府信息公开申请', '受理政府信息依申请公开总数', '依申请公开信息总数', '受理申请总数', '收到申请总数'], unit: 'count' },
  { code: 'legacy.requests.in_person', block: 'requests', head: false, zh: '当面申请数', en: 'requests in person', keys: ['当面申请数'], unit: 'count' },
  { code: 'legacy.requests.online', block: 'requests', head: false, zh: '网络申请数', en: 'requests online', keys: ['网络申请数', '网上申请数'], unit: 'count' },
  { code: 'legacy.requests.email', block: 'requests', head: false, zh: '电子邮件申请数', en: 'requests by e-mail', keys: ['电子邮件申请数'], unit: 'count' },
  { code: 'legacy.requests.mail', block: 'requests', head: false, zh: '信函申请数', en: 'requests by letter', keys: ['信函申请数'], unit: 'count' },
  { code: 'legacy.requests.fax', block: 'requests', head: false, zh: '传真申请数', en: 'requests by fax', keys: ['传真申请数'], unit: 'count' },
  { code: 'legacy.requests.mail_fax', block: 'requests', head: false, zh: '信函、传真申请数', en: 'requests by letter or fax', keys: ['信函传真申请数'], unit: 'count' },
  { code: 'legacy.requests.other', block: 'requests', head: false, zh: '其他形式申请数', en: 'requests in other forms', keys: ['其他形式申请数', '其它形式申请数'], unit: 'count' },
  { code: 'legacy.closed.total', block: 'closed', head: true, zh: '申请办结数', en: 'requests closed', keys: ['申请办结数'], unit: 'count' },
  { code: 'legacy.closed.on_time', block: 'closed', head: false, zh: '按时办结数', en: 'closed on time', keys: ['按时办结数'], unit: 'count' },
  { code: 'legacy.closed.late', block: 'closed', head: false, zh: '延期办结数', en: 'closed after an extension', keys: ['延期办结数'], unit: 'count' },
  { code: 'legacy.replies.total', block: 'replies', head: true, zh: '对申请的答复总数', en: 'replies', keys: ['申请答复数', '对申请的答复总数', '已答复数', '答复总数'], unit: 'count' },
  { code: 'legacy.replies.already_public', block: 'replies', head: false, zh: '属于已主动公开范围数', en: 'replies: already public', keys: ['属于已主动公开范围数', '已主动公开范围数'], unit: 'count' },
  { code: 'legacy.replies.granted', block: 'replies', head: false, zh: '同意公开答复数', en: 'replies: granted', keys: ['同意公开答复数'], unit: 'count' },
  { code: 'legacy.replies.partial', block: 'replies', head: false, zh: '同意部分公开答复数', en: 'replies: partly granted', keys: ['同意部分公开答复数', '部分公开答复数'], unit: 'count' },
  { code: 'legacy.replies.denied', block: 'replies', head: false, zh: '不同意公开答复数', en: 'replies: denied', keys: ['不同意公开答复数', '不予公开答复数', '否决公开答复总数', '否决公开答复数'], unit: 'count' },
  { code: 'legacy.replies.not_competent', block: 'replies', head: false, zh: '不属于本行政机关公开数', en: 'replies: not this agency\'s information', keys: ['不属于本行政机关公开数', '不属于本行政机关公开'], unit: 'count' },
  { code: 'legacy.replies.not_exist', block: 'replies', head: false, zh: '申请信息不存在数', en: 'replies: information does not exist', keys: ['申请信息不存在数'], unit: 'count' },
  { code: 'legacy.replies.amend', block: 'replies', head: false, zh: '告知作出更改补充数', en: 'replies: asked to amend', keys: ['告知作出更改补充数', '告知作出更改补充'], unit: 'count' },
  { code: 'legacy.replies.other_channel', block: 'replies', head: false, zh: '告知通过其他途径办理数', en: 'replies: referred to another channel', keys: ['告知通过其他途径办理数', '告知通过其他途径办理'], unit: 'count' },
  { code: 'legacy.replies.other', block: 'replies', head: false, zh: '其他类型答复数', en: 'replies: other', keys: ['其他类型答复数', '其它类型答复数'], unit: 'count' },
  // The reasons printed under 不同意公开答复数 (其中：涉及国家秘密 …): parts of the denials, not of the replies.
  { code: 'legacy.replies.denied.state_secret', block: 'denied_reasons', head: false, zh: '涉及国家秘密', en: 'denied: state secret', keys: ['涉及国家秘密'], unit: 'count' },
  { code: 'legacy.replies.denied.commercial_secret', block: 'denied_reasons', head: false, zh: '涉及商业秘密', en: 'denied: commercial secret', keys: ['涉及商业秘密'], unit: 'count' },
  { code: 'legacy.replies.denied.privacy', block: 'denied_reasons', head: false, zh: '涉及个人隐私', en: 'denied: privacy', keys: ['涉及个人隐私'], unit: 'count' },
  { code: 'legacy.replies.denied.security_stability', block: 'denied_reasons', head: false, zh: '危及国家安全、公共安全、经济安全和社会稳定', en: 'denied: security and stability', keys: ['危及国家安全公共安全经济安全和社会稳定', '危及国家安全'], unit: 'count' },
  { code: 'legacy.replies.denied.not_government_info', block: 'denied_reasons', head: false, zh: '不是《条例》所指政府信息', en: 'denied: not government information', keys: ['不是条例所指政府信息'], unit: 'count' },
  { code: 'legacy.replies.denied.other_law', block: 'denied_reasons', head: false, zh: '法律法规规定的其他情形', en: 'denied: other legal grounds', keys: ['法律法规规定的其他情形'], unit: 'count' },
  { code: 'legacy.review.total', block: 'review', head: true, zh: '行政复议数', en: 'administrative reviews', keys: ['行政复议数', '行政复议案件数', '申请行政复议数'], unit: 'count' },
  { code: 'legacy.review.upheld', block: 'review', head: false, zh: '维持具体行政行为数', en: 'reviews: upheld', keys: ['维持具体行政行为数', '维持具体行政行为'], unit: 'count' },
  { code: 'legacy.review.corrected', block: 'review', head: false, zh: '被依法纠错数', en: 'reviews: corrected', keys: ['被依法纠错数', '被依法纠错'], unit: 'count' },
  { code: 'legacy.review.other', block: 'review', head: false, zh: '其他情形数', en: 'reviews: other', keys: ['其他情形数', '其它情形数'], unit: 'count' },
  { code: 'legacy.suit.total', block: 'suit', head: true, zh: '行政诉讼数', en: 'lawsuits', keys: ['行政诉讼数', '行政诉讼案件数', '提起行政诉讼数'], unit: 'count' },
  { code: 'legacy.suit.upheld', block: 'suit', head: false, zh: '维持具体行政行为或者驳回原告诉讼请求数', en: 'lawsuits: upheld', keys: ['维持具体行政行为数', '维持具体行政行为', '驳回原告诉讼请求数'], unit: 'count' },
  { code: 'legacy.suit.corrected', block: 'suit', head: false, zh: '被依法纠错数', en: 'lawsuits: corrected', keys: ['被依法纠错数', '被依法纠错'], unit: 'count' },
  { code: 'legacy.suit.other', block: 'suit', head: false, zh: '其他情形数', en: 'lawsuits: other', keys: ['其他情形数', '其它情形数'], unit: 'count' },
  { code: 'legacy.complaints.total', block: 'complaints', head: true, zh: '举报投诉数', en: 'complaints', keys: ['举报投诉数'], unit: 'count' },
  // Codes of the project's own, for rows some provinces print that report-format.md does not list.
  { code: 'legacy.appeals.total', block: 'appeals', head: true, zh: '行政申诉数', en: 'administrative appeals (申诉)', keys: ['行政申诉数'], unit: 'count' },
  { code: 'legacy.suits_complaints.total', block: 'suits_complaints', head: true, zh: '接受行政诉讼、举报数', en: 'lawsuits and complaints received, as one row', keys: ['接受行政诉讼举报数', '行政诉讼举报数'], unit: 'count' },
  { code: 'legacy.fees.total', block: 'fees', head: true, zh: '依申请公开信息收取的费用', en: 'fees charged for requests', keys: ['依申请公开信息收取的费用', '收取的费用', '收取费用', '收费金额'], unit: 'wan_yuan' },
];

/** The suffix of a 累计 column's code: `legacy.requests.total.cumulative`. */
export const CUMULATIVE_SUFFIX = '.cumulative';

/**
 * Blocks whose parts are exhaustive once the catch-all row is printed: with 其他类型答复数 (…)
 * the replies by type must add up to the total. Without it, the printed parts may be a selection.
 */
export const LEGACY_CATCH_ALL: Partial<Record<LegacyBlock, string>> = {
  requests: 'legacy.requests.other',
  replies: 'legacy.replies.other',
  review: 'legacy.review.other',
  suit: 'legacy.suit.other',
};
