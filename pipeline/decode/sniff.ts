// Detection by content, never by file extension.
import type { Format } from '../types.ts';

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

/** Given the first bytes of a file, returns its format as its content shows it. */
export function sniffFormat(bytes: Uint8Array): Format {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return 'empty';
  const head = ascii(bytes, 0, Math.min(bytes.length, 2048));
  if (head.slice(0, 1024).includes('%PDF-')) return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) {
    return ascii(bytes, 0, Math.min(bytes.length, 4096)).includes('word/') || Buffer.from(bytes).includes('word/document.xml') ? 'docx' : 'zip';
  }
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'doc';
  const lower = head.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|head|body|meta|div|table|p[ >]|!--)/.test(lower) || /<html[\s>]/.test(lower.slice(0, 1024))) return 'html';
  return looksLikeText(bytes) ? 'text' : 'binary';
}

/** Given bytes, returns whether they read as text: few control bytes, no NULs outside UTF-16. */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, Math.min(bytes.length, 65536));
  if ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff)) return true;
  let control = 0;
  for (const b of sample) if ((b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) && b !== 0x1b) control++;
  return control / sample.length < 0.01;
}
