// Charts as static SVG: a Vega-Lite spec, its rows inlined, compiled to Vega and rendered
// headless at build time, so the report needs no script, no canvas and no network to show them.
import type { Config, TopLevelSpec } from 'vega-lite';
import { WIDE_CHARACTER } from '../query/console.ts';

/** Fonts that carry Chinese on the usual systems, before the generic fallback; the page's CSS uses the same list. */
export const CJK_FONT_STACK =
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif';

/** One look for every chart: the CJK font stack, quiet axes, no border around the plot. */
const CHART_CONFIG: Config = {
  font: CJK_FONT_STACK,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridOpacity: 0.5 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'right', labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: { scheme: 'tableau10' } },
};

/** Without a canvas Vega estimates a text's width at 0.8 em a character, too narrow for Chinese (1 em) and so clips
 * axis labels such as 黑龙江省; the chart layout uses this estimate instead. */
const NARROW_CHARACTER_EM = 0.6;
const VEGA_DEFAULT_FONT_SIZE = 11;

/** Given a text mark item and its text, returns its width in pixels: 1 em a Chinese character, 0.6 em any other. */
function estimatedTextWidth(item: { fontSize?: number }, text: unknown): number {
  let em = 0;
  for (const ch of String(text ?? '')) em += WIDE_CHARACTER.test(ch) ? 1 : NARROW_CHARACTER_EM;
  return Math.ceil(em * (item.fontSize ?? VEGA_DEFAULT_FONT_SIZE));
}

/** Vega and Vega-Lite, loaded on the first chart: ~160 ms of CPU that no other command should pay at start. */
let renderer: Promise<{ vega: typeof import('vega'); compile: typeof import('vega-lite').compile }> | undefined;

/** Given nothing, returns Vega and Vega-Lite's compiler, loading them once, with Vega's text measure set to estimatedTextWidth. */
function loadRenderer() {
  renderer ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => {
    // vega-scenegraph's textMetrics.width is the hook for text measurement without a canvas (vl-convert sets it too).
    (vega as unknown as { textMetrics: { width: typeof estimatedTextWidth } }).textMetrics.width = estimatedTextWidth;
    return { vega, compile: vegaLite.compile };
  });
  return renderer;
}

/** A chart's rows: plain values, as the warehouse gave them (NULL stays null and is not drawn). */
export type ChartRow = Record<string, string | number | boolean | null>;

/** A Vega-Lite spec without its data: the rows are given separately and inlined when rendered. */
export type ChartSpec = Omit<TopLevelSpec, 'data'> & Record<string, unknown>;

/** Given a Vega-Lite spec and its rows, returns the chart as one standalone SVG element. */
export async function svgOf(spec: ChartSpec, rows: readonly ChartRow[]): Promise<string> {
  const { vega, compile } = await loadRenderer();
  const full = { ...spec, data: { values: rows } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(full, { config: CHART_CONFIG }).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
