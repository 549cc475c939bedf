// HTML bytes → text: the declared charsets (HTTP header, the page's own) weighed against what
// the bytes really are.
import type { Finding, RawDoc } from '../../core/types.ts';
import { isUtf8 } from 'node:buffer';
import { bomEncoding, canonicalEncoding, decodeAs, decodeAsDeclared, detectAndDecode, type DecodedText } from '../encoding.ts';

interface HtmlText {
  text: string;
  encoding: string;
  findings: Finding[];
}

/**
 * Given raw HTML bytes, returns their text and the encoding it was read in.
 * Order: HTTP header charset, then the page's own declaration, each used only when the
 * bytes do not contradict it; a BOM overrides both; else sniffing. Every declaration the
 * bytes contradict is an `encoding.mismatch` finding.
 */
export function bytesToHtmlText(raw: RawDoc): HtmlText {
  const { bytes } = raw;
  const declared = [
    { label: raw.declaredCharset, where: 'the HTTP Content-Type header' },
    { label: declaredInPage(bytes), where: 'the page' },
  ].filter((d): d is { label: string; where: string } => Boolean(d.label));
  const findings: Finding[] = [];
  const bom = bomEncoding(bytes);
  let decoded: DecodedText | undefined;
  if (bom) decoded = decodeAs(bytes.subarray(bom.length), bom.encoding);
  for (const d of declared) {
    const encoding = canonicalEncoding(d.label);
    if (!encoding) {
      findings.push(htmlFinding('encoding.unknown_label', 'info', `${d.where} names the unknown charset "${d.label}"; the encoding was sniffed`, { actual: d.label }));
      continue;
    }
    if (!decoded) decoded = decodeUnlessContradicted(bytes, encoding) ?? undefined;
  }
  decoded ??= detectAndDecode(bytes);
  for (const d of declared) {
    const encoding = canonicalEncoding(d.label);
    if (encoding && encoding !== decoded.encoding) {
      findings.push(
        htmlFinding('encoding.mismatch', 'warning', `${d.where} declares ${d.label} but the bytes are ${decoded.encoding}; decoded as ${decoded.encoding}`, {
          expected: d.label,
          actual: decoded.encoding,
        }),
      );
    }
  }
  if (decoded.replaced > 0) {
    findings.push(
      htmlFinding('encoding.replaced', 'warning', `${decoded.replaced} byte sequences are not ${decoded.encoding} and were replaced by U+FFFD`, {
        actual: String(decoded.replaced),
      }),
    );
  }
  return { text: decoded.text, encoding: decoded.encoding, findings };
}

/** Given HTML bytes, returns the charset their <meta> tag (or XML declaration) names, read as latin1 like a browser's prescan. */
function declaredInPage(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 8192)).toString('latin1');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (meta) return meta[1];
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)/i.exec(head)?.[1];
}

/**
 * Given bytes and a canonical encoding, returns them read in it, or null when the bytes contradict it.
 * Adds to `decodeAsDeclared` the old-page case of a single-byte charset (latin1,
 * windows-1252) declared over Chinese text: high bytes that read as UTF-8 or GB18030.
 */
function decodeUnlessContradicted(bytes: Uint8Array, encoding: string): DecodedText | null {
  const read = decodeAsDeclared(bytes, encoding);
  if (!read || /^(utf-|gb18030|big5)/.test(encoding)) return read;
  return bytes.some((b) => b >= 0x80) && (isUtf8(bytes) || decodeAs(bytes, 'gb18030').replaced === 0) ? null : read;
}

/** Given a check, its severity and message, returns a decode-stage finding on the file. */
export function htmlFinding(check: string, severity: Finding['severity'], message: string, extra: Partial<Finding> = {}): Finding {
  return { check, severity, subject: 'file', message, stage: 'decode', ...extra };
}
