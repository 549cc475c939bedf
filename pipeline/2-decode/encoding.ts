// Text encodings: detect what a byte string was written in, and decode it.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export interface DecodedText {
  /** Canonical name: utf-8, utf-16le, utf-16be, gb18030, big5. */
  encoding: string;
  text: string;
  /** U+FFFD characters the decoding produced (bytes the encoding could not map). */
  replaced: number;
}

const REPLACEMENT = '\uFFFD';
/**
 * Bytes GB18030 and Big5 are compared on, from the first non-ASCII byte: plenty of report
 * prose to tell them apart, and a bound on the work (scoring all of a 50 MB file takes seconds).
 */
const SNIFF_BYTES = 64 * 1024;

/** Given an encoding label from a header or a meta tag, returns our canonical name, or null when unknown. */
export function canonicalEncoding(label: string | undefined | null): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (/^utf-?8$/.test(l)) return 'utf-8';
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|gb_2312-80|csgb2312|chinese)$/.test(l)) return 'gb18030';
  if (/^(big5|big5-hkscs|cn-big5|x-x-big5|csbig5)$/.test(l)) return 'big5';
  if (/^utf-?16(le)?$/.test(l)) return 'utf-16le';
  if (/^utf-?16be$/.test(l)) return 'utf-16be';
  return iconv.encodingExists(l) ? l : null;
}

/** Given bytes, returns the encoding a byte-order mark names, or null. */
export function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** A sample needs at least this share of NUL bytes to be taken for UTF-16: a report's digits, spaces and line ends carry one each. */
const MIN_UTF16_NUL_SHARE = 0.01;
/** And at least this share of its characters, read in one byte order, must be characters a report is written in. */
const MIN_UTF16_REPORT_SHARE = 0.95;

/** Given a code point, says whether Chinese report text uses it: ASCII, Latin-1, CJK ideographs and punctuation, full-width forms, ①, Ⅰ, ■. */
function isReportChar(c: number): boolean {
  return (
    c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) ||
    (c >= 0x2000 && c <= 0x206f) || (c >= 0x2150 && c <= 0x218f) || (c >= 0x2460 && c <= 0x24ff) || (c >= 0x25a0 && c <= 0x25ff) ||
    (c >= 0x3000 && c <= 0x303f) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xff00 && c <= 0xffef)
  );
}

/**
 * Given bytes without a byte-order mark, returns the UTF-16 byte order they read as, or null.
 * Text saved as "Unicode" without its BOM is full of NULs (every ASCII character has one), so
 * it would pass for binary; read in the right order it is almost all report characters, in the
 * wrong order almost none are.
 */
export function unmarkedUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES) & ~1);
  // Every file is asked this (sniffing, decoding); text in any 8-bit encoding has no NUL at all,
  // which the native search finds out fastest.
  if (sample.indexOf(0) < 0) return null;
  let nuls = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) nuls++;
  if (nuls < sample.length * MIN_UTF16_NUL_SHARE) return null;
  for (const order of ['utf-16le', 'utf-16be'] as const) {
    const text = new TextDecoder(order).decode(sample);
    let fit = 0;
    for (let i = 0; i < text.length; i++) if (isReportChar(text.charCodeAt(i))) fit++;
    if (fit >= text.length * MIN_UTF16_REPORT_SHARE) return order;
  }
  return null;
}

/**
 * Well-formed multi-byte sequences per broken one above which bytes are UTF-8 with damage
 * (a stray byte, a cut-and-pasted fragment) rather than another encoding: GBK or Big5 text
 * breaks UTF-8 at nearly every character, so it never comes close.
 */
const UTF8_SEQUENCES_PER_ERROR = 20;

/** Given bytes, returns whether they are UTF-8 with at most a trace of damage (see UTF8_SEQUENCES_PER_ERROR). */
function isMostlyUtf8(bytes: Uint8Array): boolean {
  if (isUtf8(bytes)) return true;
  const { valid, invalid } = utf8Sequences(bytes);
  return invalid * UTF8_SEQUENCES_PER_ERROR <= valid;
}

/** Given bytes, returns how many multi-byte UTF-8 sequences in them are well-formed and how many bytes break the encoding. */
function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length > 0;
    for (let k = 1; ok && k < length && i + k < bytes.length; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    // A character cut off by the end of the file is a truncated download, not a sign of another encoding.
    if (ok && i + length > bytes.length) break;
    if (ok) valid++, (i += length);
    else invalid++, i++;
  }
  return { valid, invalid };
}

// The most frequent characters of report prose; what tells GB18030 from Big5 when both decode.
const SIMPLIFIED_COMMON = '的政府信息公开年度报告工作情况申请数量处理行政区人民办理结果本机关规范性文件一二三四五六七总计主动依法';
const TRADITIONAL_COMMON = '的政府資訊公開年度報告工作情況申請數量處理行政區人民辦理結果本機關規範性文件一二三四五六七總計主動依法';

const SIMPLIFIED_SET = new Set(SIMPLIFIED_COMMON);
const TRADITIONAL_SET = new Set(TRADITIONAL_COMMON);

/** Given a text and a set of characters, returns how many of its characters are in the set. */
function score(text: string, alphabet: ReadonlySet<string>): number {
  let n = 0;
  for (const ch of text) if (alphabet.has(ch)) n++;
  return n;
}

/** Given bytes and the encoding they are in, returns the text with the count of replaced characters. */
export function decodeAs(bytes: Uint8Array, encoding: string): DecodedText {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
  return { encoding, text, replaced: countReplaced(text) };
}

/** Given text, returns how many U+FFFD replacement characters it holds (counted, not matched into an array). */
function countReplaced(text: string): number {
  let n = 0;
  for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}

/**
 * Given bytes (and an encoding someone declared), returns the decoded text.
 * Order: BOM; UTF-16 without a BOM (see `unmarkedUtf16`); UTF-8 (valid, or with a trace of damage);
 * else GB18030 or Big5, whichever reads as more report vocabulary with fewer unmappable bytes. A
 * declared encoding wins only when the bytes do not contradict it (see `declaredContradicted`).
 */
export function detectAndDecode(bytes: Uint8Array, declared?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.encoding);
  const utf16 = unmarkedUtf16(bytes);
  if (utf16) return decodeAs(bytes, utf16);
  const wanted = canonicalEncoding(declared);
  const asDeclared = wanted ? decodeAsDeclared(bytes, wanted) : null;
  if (asDeclared) return asDeclared;
  if (isMostlyUtf8(bytes)) return decodeAs(bytes, 'utf-8');
  const firstHigh = Math.max(bytes.findIndex((b) => b >= 0x80), 0);
  const sample = bytes.subarray(firstHigh, firstHigh + SNIFF_BYTES);
  const chinese = chineseReading(sample);
  // A sample that is the whole file is not decoded twice.
  return sample.length === bytes.length ? chinese : decodeAs(bytes, chinese.encoding);
}

/** Given a sample of non-UTF-8 bytes, returns it read in gb18030 or big5: whichever reads as more report vocabulary with fewer unmappable bytes. */
function chineseReading(sample: Uint8Array): DecodedText {
  const gb = decodeAs(sample, 'gb18030');
  const big5 = decodeAs(sample, 'big5');
  const gbScore = score(gb.text, SIMPLIFIED_SET) - 4 * gb.replaced;
  const big5Score = score(big5.text, TRADITIONAL_SET) - 4 * big5.replaced;
  return big5Score > gbScore ? big5 : gb;
}

/** Given bytes and a declared encoding, returns them read in it, or null when the bytes plainly contradict it. */
export function decodeAsDeclared(bytes: Uint8Array, encoding: string): DecodedText | null {
  if (encoding === 'utf-8') return isMostlyUtf8(bytes) ? decodeAs(bytes, encoding) : null;
  if (encoding === 'gb18030' || encoding === 'big5') {
    // Multi-byte text that is valid UTF-8 is almost never GBK/Big5 by chance.
    const hasHighBytes = bytes.some((b) => b >= 0x80);
    if (hasHighBytes && isUtf8(bytes)) return null;
    const read = decodeAs(bytes, encoding);
    const contradicted = read.replaced > 0 && encoding !== 'gb18030' && decodeAs(bytes, 'gb18030').replaced === 0;
    return contradicted ? null : read;
  }
  return decodeAs(bytes, encoding);
}
