// Word reports: .docx through mammoth to HTML, .doc (OLE) through LibreOffice to HTML;
// either way the HTML path makes the lines, so tables keep their merged cells.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import type { DecodedDoc, RawDoc } from '../core/types.ts';
import { emptyDoc } from './empty.ts';
import { bytesToHtmlText, htmlTextToDoc } from './html/index.ts';
import { zipEntries } from './sniff.ts';

const run = promisify(execFile);
// A large report converts in seconds; a minute means LibreOffice is stuck on the file.
const SOFFICE_TIMEOUT_MS = 120_000;

/**
 * The unpacked size of word/document.xml beyond which a .docx is not unpacked. A 200-page
 * report's is a few MB; a ZIP bomb's is gigabytes, which mammoth would inflate into memory.
 */
const MAX_DOCUMENT_XML_BYTES = 64 * 1024 * 1024;

/** Given a .docx file, returns its lines: mammoth's HTML (merged cells as rowspan/colspan) read like a page. */
export async function decodeDocx(raw: RawDoc): Promise<DecodedDoc> {
  const unpacked = zipEntries(raw.bytes).entries.find((e) => e.name === 'word/document.xml')?.size ?? 0;
  if (unpacked > MAX_DOCUMENT_XML_BYTES) {
    return emptyDoc(raw, 'docx', {
      check: 'decode.docx_unreadable',
      severity: 'error',
      subject: 'file',
      expected: `<= ${MAX_DOCUMENT_XML_BYTES}`,
      actual: String(unpacked),
      message: `word/document.xml unpacks to ${Math.round(unpacked / 1024 / 1024)} MB, more than any report (a ZIP bomb or a broken archive): not unpacked`,
      stage: 'decode',
    });
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(raw.bytes) })).value;
  } catch (err) {
    return emptyDoc(raw, 'docx', {
      check: 'decode.docx_unreadable',
      severity: 'error',
      subject: 'file',
      message: `mammoth cannot read this .docx: ${(err as Error).message}`,
      stage: 'decode',
    });
  }
  // mammoth's messages are about styles it does not map, which never changes the text: not findings.
  return htmlTextToDoc(raw, html, { format: 'docx', encoding: '', findings: [], boilerplate: false });
}

/** Given an OLE .doc file, returns its lines via LibreOffice's HTML export, or a finding naming what to install. */
export async function decodeDoc(raw: RawDoc): Promise<DecodedDoc> {
  const soffice = findSoffice();
  if (!soffice) {
    return emptyDoc(raw, 'doc', {
      check: 'decode.doc_unsupported',
      severity: 'error',
      subject: 'file',
      message: 'old Word (.doc) files need LibreOffice: install it (Debian/Ubuntu: apt-get install libreoffice-writer) so that `soffice` is on PATH',
      stage: 'decode',
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-doc-'));
  try {
    const input = join(dir, 'report.doc');
    await writeFile(input, raw.bytes);
    // A private profile per call: two soffice processes sharing one profile fail or wait on its lock.
    const profile = `-env:UserInstallation=file://${join(dir, 'profile')}`;
    await run(soffice, [profile, '--headless', '--convert-to', 'html', '--outdir', join(dir, 'out'), input], { timeout: SOFFICE_TIMEOUT_MS });
    const outputs = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.html'));
    if (outputs.length === 0) throw new Error('LibreOffice wrote no HTML');
    const bytes = new Uint8Array(await readFile(join(dir, 'out', outputs[0])));
    const { text } = bytesToHtmlText({ ...raw, bytes, declaredCharset: undefined });
    return htmlTextToDoc(raw, text, { format: 'doc', encoding: '', findings: [], boilerplate: false });
  } catch (err) {
    return emptyDoc(raw, 'doc', {
      check: 'decode.doc_unreadable',
      severity: 'error',
      subject: 'file',
      message: `LibreOffice could not convert this .doc: ${(err as Error).message.split('\n')[0]}`,
      stage: 'decode',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Given nothing, returns the path of LibreOffice's `soffice` (or `libreoffice`) on PATH, or null. */
export function findSoffice(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of ['soffice', 'libreoffice']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}
