// PDF → positioned glyphs, ruling edges and image count, one page at a time.
//
// Glyphs are read from the operator list (the same walk the canvas renderer makes)
// rather than from pdfjs's getTextContent: getTextContent merges glyphs into runs by
// heuristics and, on labels printed one character per line (三、本年度办理结果 in WPS
// tables), silently drops characters. Walking showText ourselves gives every glyph
// its own box, which is what pdfplumber's chars are.
//
// Coordinates out of this module are PDF points measured from the page's top-left
// corner (y grows downwards), so sorting by y is reading order.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NATIVE_PUSH } from './native-push.ts';
import { getDocument, normalizeUnicode, OPS, Util } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

// pdfjs's legacy build carries core-js, which on V8 before 12.2 (Node 20) swaps the whole
// process's Array.prototype.push for a JavaScript one over an edge case (the error a push onto a
// frozen length throws) that nothing here meets. Every push after it, in the decoder and in the
// extraction that follows in the same worker, ran several times slower. Both pdfjs modules are
// loaded here, the worker side handed to pdfjs as its in-thread worker so it is not imported (and
// does not swap push again) later, and the engine's push is put back.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;
Array.prototype.push = NATIVE_PUSH;

/** One glyph with its box, in points from the page's top-left. */
export interface Char {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** The baseline (for stacked vertical text, the glyph's bottom). */
  baseline: number;
  /** Font size in points after all transforms. */
  size: number;
}

/** An axis-aligned stroke or rectangle side, in points from the page's top-left. */
export interface Edge {
  orientation: 'h' | 'v';
  /** h: the y; v: the x. */
  at: number;
  /** h: x0..x1; v: top..bottom. */
  from: number;
  to: number;
}

export interface PageContent {
  width: number;
  height: number;
  chars: Char[];
  edges: Edge[];
  /** Image paint operations: a page with images and no chars is a scan. */
  images: number;
}

type Matrix = [number, number, number, number, number, number];

// pdfjs's path encoding (DrawOPS in pdfjs-dist; not exported).
const PATH_MOVE = 0;
const PATH_LINE = 1;
const PATH_CURVE = 2;
const PATH_CLOSE = 3;

/** A segment off-axis by less than this (points) still counts as horizontal/vertical. */
const AXIS_TOLERANCE = 0.5;
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdfjs fetches these by URL; without them CJK fonts map to nothing and text comes out empty.
const CMAP_URL = pathToFileURL(join(pdfjsRoot, 'cmaps') + '/').href;
const STANDARD_FONT_URL = pathToFileURL(join(pdfjsRoot, 'standard_fonts') + '/').href;

/**
 * A stand-in for the browser's Font Loading API. With font faces disabled (pdfjs's default in
 * Node) pdfjs turns every glyph it shows into a path for a canvas to draw, which this module never
 * does: on a five-page report that was half the decoder's CPU (~300 → ~160 ms a document). Given a
 * document with `fonts`, pdfjs hands each font over as a FontFace instead; these accept the fonts
 * and load nothing. Glyph codes, widths and Unicode come from the worker side either way.
 */
const NO_FONT_LOADING = { fonts: { add() {}, delete() {} } } as unknown as Document;
class FontFaceStandIn {
  readonly loaded = Promise.resolve(this);
  constructor(readonly family: string) {}
}
(globalThis as { FontFace?: unknown }).FontFace ??= FontFaceStandIn;

/** Given PDF bytes, returns the opened pdfjs document (throws on encrypted or corrupt files). */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({
    // A copy as a plain Uint8Array: pdfjs rejects Node Buffers and detaches the array it is given.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_URL,
    // Fonts handed over whole (see NO_FONT_LOADING) rather than every glyph drawn out as a path.
    disableFontFace: false,
    ownerDocument: NO_FONT_LOADING,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
}

interface State {
  ctm: Matrix;
  textMatrix: Matrix;
  /** Text-space position of the current line start and of the pen. */
  lineX: number;
  lineY: number;
  x: number;
  y: number;
  leading: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  rise: number;
  font: FontInfo | null;
  fontSize: number;
  fontDirection: number;
  /** Current colours as pdfjs hands them over (#rrggbb): paint in white leaves no visible rule. */
  fill: string;
  stroke: string;
}

interface FontInfo {
  fontMatrix: number[];
  vertical: boolean;
  ascent: number;
  descent: number;
}

interface Glyph {
  unicode: string;
  width: number;
  isSpace: boolean;
  vmetric?: number[];
}

/** Given a pdfjs page, returns its glyph boxes, ruling edges and image count. */
export async function pageToContent(page: PDFPageProxy): Promise<PageContent> {
  // Maps user space onto top-left-origin points of the page as displayed: a page with /Rotate
  // (a landscape table turned for printing) comes out upright, as a reader sees it.
  const { transform, width, height } = page.getViewport({ scale: 1 });
  const toPage = transform as Matrix;
  const ops = await page.getOperatorList();
  const chars: Char[] = [];
  const edges: Edge[] = [];
  let images = 0;
  const fonts = new Map<string, FontInfo | null>();
  const stack: State[] = [];
  let s: State = {
    ctm: toPage,
    textMatrix: IDENTITY,
    lineX: 0,
    lineY: 0,
    x: 0,
    y: 0,
    leading: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    rise: 0,
    font: null,
    fontSize: 0,
    fontDirection: 1,
    fill: '#000000',
    stroke: '#000000',
  };

  const fontInfo = (name: string): FontInfo | null => {
    if (!fonts.has(name)) {
      const obj = page.commonObjs.has(name) ? (page.commonObjs.get(name) as Partial<FontInfo> & { isType3Font?: boolean }) : null;
      fonts.set(
        name,
        obj && {
          fontMatrix: obj.fontMatrix ?? [0.001, 0, 0, 0.001, 0, 0],
          vertical: !!obj.vertical,
          // Some fonts report 0/0; fall back to a typical CJK body.
          ascent: obj.ascent || 0.88,
          descent: obj.descent || -0.12,
        },
      );
    }
    return fonts.get(name)!;
  };

  const moveText = (x: number, y: number) => {
    s.x = s.lineX += x;
    s.y = s.lineY += y;
  };

  const showText = (glyphs: (Glyph | number)[]) => {
    const font = s.font;
    if (!font || s.fontSize === 0) return;
    const toUser = Util.transform(s.ctm, s.textMatrix) as Matrix;
    const advanceScale = s.fontSize * font.fontMatrix[0];
    const hScale = s.hScale * s.fontDirection;
    let run = 0;
    for (const g of glyphs) {
      if (typeof g === 'number') {
        run += ((font.vertical ? 1 : -1) * g * s.fontSize) / 1000;
        continue;
      }
      const spacing = (g.isSpace ? s.wordSpacing : 0) + s.charSpacing;
      const text = normalizeUnicode(g.unicode ?? '');
      if (font.vertical) {
        const advance = (g.vmetric ? -g.vmetric[0] : g.width) * advanceScale;
        if (text.trim()) {
          // Vertical fonts: the origin is the glyph's top centre and the pen moves down.
          pushChar(text, toUser, s.x - s.fontSize / 2, s.y - run - advance, s.x + s.fontSize / 2, s.y - run);
        }
        run += advance - spacing * s.fontDirection;
      } else {
        const advance = g.width * advanceScale;
        if (text.trim()) {
          const x0 = s.x + run * hScale;
          const base = s.y + s.rise;
          pushChar(text, toUser, x0, base + font.descent * s.fontSize, x0 + advance * hScale, base + font.ascent * s.fontSize, base);
        }
        run += advance + spacing * s.fontDirection;
      }
    }
    if (font.vertical) s.y -= run;
    else s.x += run * hScale;
  };

  // Given a glyph box in text space, stores it in page space.
  const pushChar = (text: string, m: Matrix, x0: number, y0: number, x1: number, y1: number, base?: number) => {
    const a = applyPoint(m, x0, y0);
    const b = applyPoint(m, x1, y1);
    const size = Math.abs(s.fontSize * Math.hypot(m[2], m[3]));
    const bottom = Math.max(a[1], b[1]);
    chars.push({
      text,
      x0: Math.min(a[0], b[0]),
      x1: Math.max(a[0], b[0]),
      top: Math.min(a[1], b[1]),
      bottom,
      baseline: base === undefined ? bottom : applyPoint(m, x0, base)[1],
      size,
    });
  };

  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const args = argsArray[i];
    switch (fnArray[i]) {
      case OPS.save:
        stack.push({ ...s });
        break;
      case OPS.restore:
        if (stack.length) s = stack.pop()!;
        break;
      case OPS.transform:
        s.ctm = Util.transform(s.ctm, args) as Matrix;
        break;
      case OPS.paintFormXObjectBegin:
        stack.push({ ...s });
        if (args[0]) s.ctm = Util.transform(s.ctm, args[0]) as Matrix;
        break;
      case OPS.paintFormXObjectEnd:
        if (stack.length) s = stack.pop()!;
        break;
      case OPS.beginText:
        s.textMatrix = IDENTITY;
        s.x = s.lineX = s.y = s.lineY = 0;
        break;
      case OPS.setTextMatrix:
        s.textMatrix = Array.from(args[0] as ArrayLike<number>) as Matrix;
        s.x = s.lineX = s.y = s.lineY = 0;
        break;
      case OPS.moveText:
        moveText(args[0], args[1]);
        break;
      case OPS.setLeadingMoveText:
        s.leading = args[1];
        moveText(args[0], args[1]);
        break;
      case OPS.setLeading:
        s.leading = -args[0];
        break;
      case OPS.nextLine:
        moveText(0, s.leading);
        break;
      case OPS.setCharSpacing:
        s.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        s.wordSpacing = args[0];
        break;
      case OPS.setHScale:
        s.hScale = args[0] / 100;
        break;
      case OPS.setTextRise:
        s.rise = args[0];
        break;
      case OPS.setFont:
        s.font = fontInfo(args[0]);
        s.fontSize = Math.abs(args[1]);
        s.fontDirection = args[1] < 0 ? -1 : 1;
        break;
      case OPS.showText:
        showText(args[0]);
        break;
      case OPS.setFillRGBColor:
        s.fill = args[0];
        break;
      case OPS.setStrokeRGBColor:
        s.stroke = args[0];
        break;
      case OPS.constructPath:
        if (!(PAINTS_FILL.has(args[0]) ? s.fill === WHITE : s.stroke === WHITE)) pathToEdges(args[0], args[1]?.[0], s.ctm, edges);
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintImageXObjectRepeat:
      case OPS.paintInlineImageXObjectGroup:
        images++;
        break;
    }
  }
  return { width, height, chars, edges, images };
}

/** Given a point and a matrix, returns the transformed point. */
function applyPoint(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const PAINTS_STROKE = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const PAINTS_FILL = new Set([OPS.fill, OPS.eoFill]);
// WPS and Word paint white backgrounds behind every body line and cell; on white paper they draw nothing.
const WHITE = '#ffffff';

/**
 * Given a painted path (pdfjs's flat path buffer) and the CTM, appends its axis-aligned
 * sides as edges. Stroked paths give every straight segment; filled paths give the sides
 * of their rectangles (thin filled rects are how Word and WPS draw rules; cell background
 * fills butt against each other so their sides trace the grid). Clipping paths paint nothing.
 */
function pathToEdges(paint: number, path: ArrayLike<number> | null | undefined, ctm: Matrix, out: Edge[]): void {
  if (!path || !(PAINTS_STROKE.has(paint) || PAINTS_FILL.has(paint))) return;
  const fill = PAINTS_FILL.has(paint);
  let start: [number, number] | null = null;
  let pen: [number, number] | null = null;
  // A filled subpath is closed whether or not the path says so.
  const closeFilled = () => {
    if (fill && pen && start && (pen[0] !== start[0] || pen[1] !== start[1])) segment(pen, start);
  };
  const segment = (a: [number, number], b: [number, number]) => {
    const dx = Math.abs(a[0] - b[0]);
    const dy = Math.abs(a[1] - b[1]);
    if (dy <= AXIS_TOLERANCE && dx > AXIS_TOLERANCE) {
      out.push({ orientation: 'h', at: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) });
    } else if (dx <= AXIS_TOLERANCE && dy > AXIS_TOLERANCE) {
      out.push({ orientation: 'v', at: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) });
    }
  };
  for (let i = 0; i < path.length; ) {
    switch (path[i++]) {
      case PATH_MOVE:
        closeFilled();
        pen = start = applyPoint(ctm, path[i++], path[i++]);
        break;
      case PATH_LINE: {
        const p = applyPoint(ctm, path[i++], path[i++]);
        if (pen) segment(pen, p);
        pen = p;
        break;
      }
      case PATH_CURVE:
        i += 4;
        pen = applyPoint(ctm, path[i++], path[i++]);
        break;
      case PATH_CLOSE:
        if (pen && start) segment(pen, start);
        pen = start;
        break;
      default:
        return;
    }
  }
  closeFilled();
}
