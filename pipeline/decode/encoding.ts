// Text encodings: detect what a byte string was written in, and decode it.
import iconv from 'iconv-lite';

export interface DecodedText {
  /** Canonical name: utf-8, utf-16le, utf-16be, gb18030, big5. */
  encoding: string;
  text: string;
  /** U+FFFD characters the decoding produced (bytes the encoding could not map). */
  replaced: number;
}

const REPLACEMENT = /\uFFFD/g;

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

/** Given bytes, returns whether they are well-formed UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// The most frequent characters of report prose; what tells GB18030 from Big5 when both decode.
const SIMPLIFIED_COMMON = '的政府信息公开年度报告工作情况申请数量处理行政区人民办理结果本机关规范性文件一二三四五六七总计主动依法';
const TRADITIONAL_COMMON = '的政府資訊公開年度報告工作情況申請數量處理行政區人民辦理結果本機關規範性文件一二三四五六七總計主動依法';

function score(text: string, alphabet: string): number {
  let n = 0;
  for (const ch of text) if (alphabet.includes(ch)) n++;
  return n;
}

/** Given bytes and the encoding they are in, returns the text with the count of replaced characters. */
export function decodeAs(bytes: Uint8Array, encoding: string): DecodedText {
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
  return { encoding, text, replaced: (text.match(REPLACEMENT) ?? []).length };
}

/**
 * Given bytes (and an encoding someone declared), returns the decoded text.
 * Order: BOM; valid UTF-8; else GB18030 or Big5, whichever reads as more report
 * vocabulary with fewer unmappable bytes. A declared encoding wins only when the bytes
 * do not contradict it (see `declaredContradicted`).
 */
export function detectAndDecode(bytes: Uint8Array, declared?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return decodeAs(bytes.subarray(bom.length), bom.encoding);
  const wanted = canonicalEncoding(declared);
  if (wanted && !declaredContradicted(bytes, wanted)) return decodeAs(bytes, wanted);
  if (isUtf8(bytes)) return decodeAs(bytes, 'utf-8');
  const gb = decodeAs(bytes, 'gb18030');
  const big5 = decodeAs(bytes, 'big5');
  const gbScore = score(gb.text, SIMPLIFIED_COMMON) - 4 * gb.replaced;
  const big5Score = score(big5.text, TRADITIONAL_COMMON) - 4 * big5.replaced;
  return big5Score > gbScore ? big5 : gb;
}

/** Given bytes and a declared encoding, returns whether the bytes plainly contradict it. */
export function declaredContradicted(bytes: Uint8Array, encoding: string): boolean {
  if (encoding === 'utf-8') return !isUtf8(bytes);
  if (encoding === 'gb18030' || encoding === 'big5') {
    // Multi-byte text that is valid UTF-8 is almost never GBK/Big5 by chance.
    const hasHighBytes = bytes.some((b) => b >= 0x80);
    if (hasHighBytes && isUtf8(bytes)) return true;
    return decodeAs(bytes, encoding).replaced > 0 && decodeAs(bytes, 'gb18030').replaced === 0 && encoding !== 'gb18030';
  }
  return false;
}
