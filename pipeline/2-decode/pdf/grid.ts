// Ruling edges → grid cells → tables → rows of cell texts, after pdfplumber's table.py
// (snap and join edges, intersect them, find the smallest rectangles whose four sides
// are drawn, group rectangles that share corners into tables).
import type { Char, Edge } from './read.ts';
import { charsToLines, linesToCellText } from './lines.ts';

/** Edges shorter than this (points) are glyph strokes or dots, not rules. */
const MIN_EDGE_LENGTH = 3;
/** Parallel edges closer than this (points) are one rule: adjacent cell fills, double strokes. */
const SNAP_TOLERANCE = 3;
/** Collinear edges with a gap up to this (points) are one rule. */
const JOIN_TOLERANCE = 3;
/** An edge ending this close (points) to a crossing rule still meets it. */
const INTERSECT_TOLERANCE = 3;

/** A ruled rectangle: a table cell before text is put in it. */
export interface GridBox {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** A table cell with its grid position (after spans) and text. */
export interface GridCell extends GridBox {
  col: number;
  colEnd: number;
  row: number;
  rowEnd: number;
  text: string;
  /** Baseline of the first text line; the box bottom when blank. */
  baseline: number;
}

export interface GridTable {
  cells: GridCell[];
  /** The row boundaries, top to bottom. */
  ys: number[];
}

/** One grid row: the band's top and the cells crossing it, left to right. */
export interface GridRow {
  top: number;
  cells: GridCell[];
}

/** Given raw edges, returns them snapped to shared positions and joined into maximal rules. */
export function edgesToRulings(edges: Edge[]): Edge[] {
  const long = edges.filter((e) => e.to - e.from >= MIN_EDGE_LENGTH);
  const all = [...long, ...closeOpenEnds(long)];
  const out: Edge[] = [];
  for (const orientation of ['h', 'v'] as const) {
    const group = all.filter((e) => e.orientation === orientation).sort((a, b) => a.at - b.at);
    for (const cluster of clusterBy(group, (e) => e.at, SNAP_TOLERANCE)) {
      const at = cluster.reduce((sum, e) => sum + e.at, 0) / cluster.length;
      const spans = cluster.map((e) => [e.from, e.to]).sort((a, b) => a[0] - b[0]);
      let [from, to] = spans[0];
      for (const [f, t] of spans.slice(1)) {
        if (f <= to + JOIN_TOLERANCE) to = Math.max(to, t);
        else {
          out.push({ orientation, at, from, to });
          [from, to] = [f, t];
        }
      }
      out.push({ orientation, at, from, to });
    }
  }
  return out;
}

/**
 * Given edges, returns horizontal edges bridging vertical rules that start or end at the
 * same height: WPS leaves out a table's bottom border before a page break and the top
 * border after it, and without them the last and first rows would have no cells.
 * Where the border is drawn after all, the bridge snaps onto it.
 */
export function closeOpenEnds(edges: Edge[]): Edge[] {
  const vs = edges.filter((e) => e.orientation === 'v');
  const out: Edge[] = [];
  for (const end of ['from', 'to'] as const) {
    const sorted = [...vs].sort((a, b) => a[end] - b[end]);
    for (const group of clusterBy(sorted, (e) => e[end], SNAP_TOLERANCE)) {
      if (group.length < 2) continue;
      const xs = group.map((e) => e.at);
      out.push({ orientation: 'h', at: group[0][end], from: Math.min(...xs), to: Math.max(...xs) });
    }
  }
  return out;
}

/** Given rulings, returns the smallest rectangles whose four sides are drawn. */
export function rulingsToBoxes(rulings: Edge[]): GridBox[] {
  const hs = rulings.filter((e) => e.orientation === 'h');
  const vs = rulings.filter((e) => e.orientation === 'v');
  // A crossing records which rules meet there, so two crossings are connected when they share one.
  const crossings = new Map<string, { x: number; y: number; h: Set<Edge>; v: Set<Edge> }>();
  for (const v of vs) {
    for (const h of hs) {
      if (v.at < h.from - INTERSECT_TOLERANCE || v.at > h.to + INTERSECT_TOLERANCE) continue;
      if (h.at < v.from - INTERSECT_TOLERANCE || h.at > v.to + INTERSECT_TOLERANCE) continue;
      const key = `${v.at},${h.at}`;
      const p = crossings.get(key) ?? { x: v.at, y: h.at, h: new Set(), v: new Set() };
      p.h.add(h);
      p.v.add(v);
      crossings.set(key, p);
    }
  }
  const shares = (a: Set<Edge>, b: Set<Edge>) => [...a].some((e) => b.has(e));
  const points = [...crossings.values()].sort((a, b) => a.x - b.x || a.y - b.y);
  const boxes: GridBox[] = [];
  for (const p of points) {
    const below = points.filter((q) => q.x === p.x && q.y > p.y && shares(p.v, q.v)).sort((a, b) => a.y - b.y);
    const right = points.filter((q) => q.y === p.y && q.x > p.x && shares(p.h, q.h)).sort((a, b) => a.x - b.x);
    search: for (const b of below) {
      for (const r of right) {
        const corner = crossings.get(`${r.x},${b.y}`);
        if (corner && shares(corner.v, r.v) && shares(corner.h, b.h)) {
          boxes.push({ x0: p.x, x1: r.x, top: p.y, bottom: b.y });
          break search;
        }
      }
    }
  }
  return boxes;
}

/**
 * Given ruled boxes, returns them grouped into tables (boxes sharing a corner), top to
 * bottom. A table needs two columns somewhere: a stack of full-width boxes is paragraph
 * shading or a frame (WPS boxes every body line), not a table.
 */
export function boxesToTables(boxes: GridBox[]): GridBox[][] {
  const parent = boxes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const byCorner = new Map<string, number>();
  boxes.forEach((b, i) => {
    for (const key of [`${b.x0},${b.top}`, `${b.x1},${b.top}`, `${b.x0},${b.bottom}`, `${b.x1},${b.bottom}`]) {
      const j = byCorner.get(key);
      if (j === undefined) byCorner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, GridBox[]>();
  boxes.forEach((b, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), b]));
  return [...groups.values()].filter((g) => new Set(g.flatMap((b) => [b.x0, b.x1])).size > 2).sort((a, b) => Math.min(...a.map((x) => x.top)) - Math.min(...b.map((x) => x.top)));
}

/**
 * Given a table's boxes and the page's glyphs, returns the table with each box's grid
 * position and text, and the glyphs outside the table. Glyphs inside the table's outline
 * but in no box (a rule missing, often the top border after a page break) get a box of
 * their own: the grid row band and column interval they fall in.
 */
export function boxesToGrid(found: GridBox[], chars: Char[]): { table: GridTable; rest: Char[] } {
  const xs = [...new Set(found.flatMap((b) => [b.x0, b.x1]))].sort((a, b) => a - b);
  const ys = [...new Set(found.flatMap((b) => [b.top, b.bottom]))].sort((a, b) => a - b);
  const boxes = [...found];
  const inside = boxes.map((): Char[] => []);
  const rest: Char[] = [];
  for (const c of chars) {
    const cx = (c.x0 + c.x1) / 2;
    const cy = (c.top + c.bottom) / 2;
    let i = boxes.findIndex((b) => cx >= b.x0 && cx <= b.x1 && cy >= b.top && cy <= b.bottom);
    if (i < 0 && cx > xs[0] && cx < xs.at(-1)! && cy > ys[0] && cy < ys.at(-1)!) {
      const col = xs.findLastIndex((x) => x <= cx);
      const row = ys.findLastIndex((y) => y <= cy);
      boxes.push({ x0: xs[col], x1: xs[col + 1], top: ys[row], bottom: ys[row + 1] });
      inside.push([]);
      i = boxes.length - 1;
    }
    if (i >= 0) inside[i].push(c);
    else rest.push(c);
  }
  const cells = boxes.map((b, i): GridCell => {
    const lines = charsToLines(inside[i]);
    return {
      ...b,
      col: xs.indexOf(b.x0),
      colEnd: xs.indexOf(b.x1),
      row: ys.indexOf(b.top),
      rowEnd: ys.indexOf(b.bottom),
      text: linesToCellText(lines),
      baseline: lines[0]?.baseline ?? b.bottom,
    };
  });
  return { table: { cells, ys }, rest };
}

/**
 * Given a table, returns its rows top to bottom, each the cells it crosses left to right:
 * a cell spanning rows appears in every row it covers, a cell spanning columns once.
 */
export function gridToRows(table: GridTable): GridRow[] {
  const rows: GridRow[] = [];
  for (let r = 0; r + 1 < table.ys.length; r++) {
    const cells = table.cells.filter((c) => c.row <= r && r < c.rowEnd).sort((a, b) => a.col - b.col);
    // Boxes need not tile the table's bounding box; a band no box crosses is no row.
    if (cells.length) rows.push({ top: table.ys[r], cells });
  }
  return rows;
}

/** Given items sorted by a key, returns runs whose consecutive keys differ by at most `tolerance`. */
function clusterBy<T>(items: T[], key: (t: T) => number, tolerance: number): T[][] {
  const out: T[][] = [];
  for (const item of items) {
    const last = out.at(-1);
    if (last && key(item) - key(last.at(-1)!) <= tolerance) last.push(item);
    else out.push([item]);
  }
  return out;
}
