// Prints each layout step for a PDF: `npx tsx pipeline/decode/pdf/debug.ts FILE [PAGE]`.
// Per page: glyph/edge/image counts, the rulings, each table's cells with grid position,
// then the decoded lines with every cell's text and position.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { openPdf, pageToContent } from './read.ts';
import { contentToTables } from './page.ts';
import { edgesToRulings } from './grid.ts';
import { decodePdf } from '../pdf.ts';

const [file, onlyPage] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx pipeline/decode/pdf/debug.ts FILE [PAGE]');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(file));
const doc = await openPdf(bytes);
for (let n = 1; n <= doc.numPages; n++) {
  if (onlyPage && Number(onlyPage) !== n) continue;
  const content = await pageToContent(await doc.getPage(n));
  const rulings = edgesToRulings(content.edges);
  console.log(`=== page ${n}: ${content.width}x${content.height} pt, ${content.chars.length} glyphs, ${content.edges.length} edges → ${rulings.length} rulings, ${content.images} images`);
  for (const r of rulings) console.log(`  rule ${r.orientation} at ${r.at.toFixed(1)} from ${r.from.toFixed(1)} to ${r.to.toFixed(1)}`);
  contentToTables(content).tables.forEach((t, i) => {
    console.log(`  table ${i}: ${t.cells.length} cells, rows at ${t.ys.map((y) => y.toFixed(1)).join(' ')}`);
    for (const c of t.cells) console.log(`    r${c.row}-${c.rowEnd} c${c.col}-${c.colEnd} [${c.x0.toFixed(1)},${c.top.toFixed(1)} ${c.x1.toFixed(1)},${c.bottom.toFixed(1)}] ${JSON.stringify(c.text)}`);
  });
}
await doc.destroy();

const decoded = await decodePdf({ source: basename(file), origin: file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
console.log('=== lines');
for (const l of decoded.lines) {
  if (onlyPage && Number(onlyPage) !== l.page) continue;
  const cells = l.cells.map((c) => `${c.col !== undefined ? `#${c.col}` : ''}${JSON.stringify(c.text)}@${c.x0}-${c.x1},${c.y}`);
  console.log(`p${l.page}${l.grid ? ` t${l.table}` : ''} | ${cells.join(' | ')}`);
}
console.log('=== meta', JSON.stringify(decoded.meta), 'findings', JSON.stringify(decoded.findings));
