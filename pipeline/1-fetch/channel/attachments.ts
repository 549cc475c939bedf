// A report page's attachments: the files it links for download (./P020240306….pdf, "附件",
// "文件下载"), on its own host or another, which hold the report when the page itself does not.
import type { Page } from './page.ts';

/** What an attachment is: a document file, named by the URL's path or by a download script's query (downfile.jsp?filename=….pdf). */
const DOCUMENT_FILE = /\.(?:pdf|docx?|wps)$/i;

/** Given a report page, returns the URLs of the documents it links, each once, in page order. */
export function attachmentUrls(page: Page): string[] {
  const urls = page.links.map((link) => link.url).filter(namesDocument);
  return [...new Set(urls)];
}

/** Given a URL, returns whether it names a document file, by its path or by one of its query values. */
function namesDocument(url: string): boolean {
  const { pathname, searchParams } = new URL(url);
  return DOCUMENT_FILE.test(pathname) || [...searchParams.values()].some((v) => DOCUMENT_FILE.test(v));
}
