import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { normalizeLanguage, t, type Language } from "../i18n.js";
import { isKnownEventKind, type HistoryPoint, type HistorySeries, type KnownEventKind, type WatchEvent } from "../store/history-repository.js";
import { redactSecretLooking } from "../secrets.js";

/**
 * The /history chart: latency (median line, band up to the max) and failed probes (red bars, right axis)
 * over 24 h or 7 d, alert events as numbered vertical markers that match the text timeline, UTC time axis.
 * Drawn as SVG, rasterised to PNG by resvg on the server: no browser, no network.
 */

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 520;
const PLOT = { left: 72, right: CHART_WIDTH - 64, top: 92, bottom: CHART_HEIGHT - 96 };
const PLOT_W = PLOT.right - PLOT.left;
const PLOT_H = PLOT.bottom - PLOT.top;

const COLOR = {
  text: "#1f2933",
  muted: "#616e7c",
  grid: "#e4e7eb",
  axis: "#9aa5b1",
  p50: "#1d5fbf",
  band: "#8fb6ee",
  failure: "#d64545",
  event: { bad: "#c81e1e", good: "#1f8a4c", info: "#c77700" },
} as const;
const EVENT_TONE: Record<KnownEventKind, keyof typeof COLOR.event> = {
  error_changed: "bad",
  endpoint_down: "bad",
  endpoint_still_down: "bad",
  token_revoked: "bad",
  url_removed: "bad",
  error_recovered: "good",
  endpoint_up: "good",
  token_restored: "good",
  watch_started: "info",
  url_changed: "info",
  backlog_rising: "info",
  cert_expiring: "info",
};
const toneOf = (kind: string) => (isKnownEventKind(kind) ? EVENT_TONE[kind] : "info");
/** Localized name of an event kind; a kind this module does not know yet gets a generic word. */
const kindText = (lang: string, kind: string) => t(lang, isKnownEventKind(kind) ? `history-kind-${kind}` : "history-kind-other");

/**
 * resvg draws no text without a font and finds none by itself on a bare server. Debian's fonts-dejavu-core
 * (installed by scripts/install-test-deps.sh) covers Latin and Cyrillic; a CJK font is used when present.
 */
const LATIN_FONTS = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf",
  "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
  "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
];
const CJK_FONTS = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
  "/usr/share/fonts/truetype/arphic/uming.ttc",
];
const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Droid Sans Fallback', sans-serif";

export interface ChartFonts {
  files: string[];
  /** Whether Chinese text can be drawn; if not, a zh chart is labelled in English (the timeline stays Chinese). */
  cjk: boolean;
}

let fontCache: ChartFonts | undefined;
export function chartFonts(): ChartFonts {
  if (!fontCache) {
    const cjk = CJK_FONTS.filter((f) => existsSync(f));
    fontCache = { files: [...LATIN_FONTS.filter((f) => existsSync(f)), ...cjk], cjk: cjk.length > 0 };
  }
  return fontCache;
}

/** The language the image is labelled in: the user's, unless no installed font can draw it. */
export function chartLanguage(lang: string): Language {
  const language = normalizeLanguage(lang);
  return language === "zh" && !chartFonts().cjk ? "en" : language;
}

export interface ChartOptions {
  /** The watch's label as the owner named it (a host, a bot name); redacted before drawing. */
  label: string;
  lang: string;
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const pad = (n: number) => String(n).padStart(2, "0");
const utc = (ms: number) => {
  const d = new Date(ms);
  return { date: `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`, year: d.getUTCFullYear() };
};
/** "2026-11-24 09:15 UTC", the form used in titles and the timeline. */
export const formatUtc = (ms: number) => {
  const u = utc(ms);
  return `${u.year}-${u.date} ${u.time} UTC`;
};
const shorten = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Axis top for four grid steps, each step 1, 2 or 5 × 10^k, so every grid label is a round number. */
function niceTop(value: number): number {
  const rawStep = value / 4;
  const exponent = Math.floor(Math.log10(rawStep));
  for (const factor of [1, 2, 5, 10]) {
    const step = factor * 10 ** exponent;
    if (step >= rawStep) return step * 4;
  }
  return 4 * 10 ** (exponent + 1);
}

/** Rough width at 12 px, for laying out the legend: CJK characters are about twice as wide. */
const textWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.codePointAt(0)! >= 0x2e80 ? 12.5 : 7.2), 0);

/** Cuts `s` (with an ellipsis) to about `maxWidth` px at `scale` × the 12 px estimate. */
function fitText(s: string, maxWidth: number, scale: number): string {
  if (textWidth(s) * scale <= maxWidth) return s;
  let cut = s;
  while (cut.length > 1 && (textWidth(cut) + 7.2) * scale > maxWidth) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${round1(ms / 1000)} s` : `${Math.round(ms)} ms`;
}

/** Latency axis top: big enough for the p95 of every bucket; a lone timeout spike is clipped, not allowed to flatten the rest. */
function latencyTop(points: HistoryPoint[]): number {
  const p95 = Math.max(0, ...points.map((p) => p.latencyP95Ms ?? 0));
  const max = Math.max(0, ...points.map((p) => p.latencyMaxMs ?? 0));
  return niceTop(Math.max(20, Math.min(max, p95 * 2) * 1.1));
}

/** Tick times on the x axis: every 3 h (24 h range) or every UTC midnight (7 d range). */
function timeTicks(series: HistorySeries): Array<{ at: number; label: string }> {
  const step = series.range === "24h" ? 3 * 3_600_000 : 24 * 3_600_000;
  const ticks: Array<{ at: number; label: string }> = [];
  for (let at = Math.ceil(series.from / step) * step; at <= series.to; at += step) {
    const u = utc(at);
    ticks.push({ at, label: series.range === "7d" || u.time === "00:00" ? u.date : u.time });
  }
  return ticks;
}

/** The chart as an SVG document (also what the tests read: markers, labels, absence of secrets). */
export function renderHistorySvg(series: HistorySeries, options: ChartOptions): string {
  const lang = chartLanguage(options.lang);
  const span = series.to - series.from;
  const x = (at: number) => PLOT.left + ((at - series.from) / span) * PLOT_W;
  const bucketW = Math.max(1, (series.bucketMs / span) * PLOT_W);
  const yTop = latencyTop(series.points);
  const y = (ms: number) => PLOT.bottom - (Math.min(ms, yTop) / yTop) * PLOT_H;
  const rangeText = t(lang, `history-range-${series.range}`);
  const out: string[] = [];
  const text = (px: number, py: number, s: string, attrs = "") =>
    out.push(`<text x="${px.toFixed(1)}" y="${py.toFixed(1)}" ${attrs}>${escapeXml(s)}</text>`);

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${FONT_FAMILY}" font-size="13" fill="${COLOR.text}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<clipPath id="plot"><rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT_W}" height="${PLOT_H}"/></clipPath>`,
  );

  // Title: the watch and the range; subtitle: the window in UTC and the probe totals.
  // The label is the owner's text, any length: cut it so the range title still fits on the line.
  const heading = ` · ${t(lang, "history-chart-title", { range: rangeText })}`;
  const room = CHART_WIDTH - PLOT.left - 24 - textWidth(heading) * (19 / 12);
  const label = fitText(redactSecretLooking(options.label), Math.max(160, room), 19 / 12 * 1.1);
  out.push(
    `<text x="${PLOT.left}" y="32" font-size="19"><tspan font-weight="bold">${escapeXml(label)}</tspan>${escapeXml(heading)}</text>`,
  );
  const probes = series.points.reduce((a, p) => a + p.probes, 0);
  const failures = series.points.reduce((a, p) => a + p.failures, 0);
  const summary = t(lang, "history-chart-summary", { probes, failures, percent: probes ? round1((failures / probes) * 100) : 0 });
  text(PLOT.left, 56, `${formatUtc(series.from)} – ${formatUtc(Math.min(series.now, series.to))} · ${summary}`, `fill="${COLOR.muted}"`);

  // Grid and axes: latency on the left, failure share on the right, UTC time below.
  for (let i = 0; i <= 4; i++) {
    const gy = PLOT.bottom - (i / 4) * PLOT_H;
    out.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${gy}" y2="${gy}" stroke="${COLOR.grid}"/>`);
    if (series.points.length) text(PLOT.left - 8, gy + 4, formatMs((yTop * i) / 4), `text-anchor="end" font-size="12" fill="${COLOR.muted}"`);
    if (i % 2 === 0) text(PLOT.right + 8, gy + 4, `${i * 25} %`, `font-size="12" fill="${COLOR.failure}"`);
  }
  for (const tick of timeTicks(series)) {
    const tx = x(tick.at);
    out.push(`<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${PLOT.top}" y2="${PLOT.bottom + 5}" stroke="${COLOR.grid}"/>`);
    text(tx, PLOT.bottom + 20, tick.label, `text-anchor="middle" font-size="12" fill="${COLOR.muted}" class="x-label"`);
  }
  // What the left axis measures: the endpoint's answer to the platform's request, not the whole check.
  text(PLOT.left - 8, PLOT.top - 10, t(lang, "watching-chart-latency-axis"), `font-size="12" fill="${COLOR.muted}" class="y-label"`);
  text(PLOT.right, PLOT.bottom + 38, "UTC", `text-anchor="end" font-size="11" fill="${COLOR.muted}"`);
  out.push(`<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="${COLOR.axis}"/>`);

  out.push(`<g clip-path="url(#plot)">`);
  // Failed probes: one bar per bucket, its height the share of probes that failed.
  for (const p of series.points) {
    if (p.failures === 0) continue;
    const h = p.failureRatio * PLOT_H;
    out.push(
      `<rect class="failure" x="${x(p.at).toFixed(1)}" y="${(PLOT.bottom - h).toFixed(1)}" width="${bucketW.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOR.failure}" fill-opacity="0.45"/>`,
    );
  }
  // Latency: contiguous runs of buckets with a measured latency; a gap (no probe, or only timeouts) breaks the line.
  for (const run of latencyRuns(series)) {
    const centre = (p: HistoryPoint) => (x(p.at) + bucketW / 2).toFixed(1);
    if (run.length === 1) {
      const p = run[0];
      out.push(`<line x1="${centre(p)}" x2="${centre(p)}" y1="${y(p.latencyMaxMs!).toFixed(1)}" y2="${y(p.latencyP50Ms!).toFixed(1)}" stroke="${COLOR.band}" stroke-width="3"/>`);
      out.push(`<circle class="latency" cx="${centre(p)}" cy="${y(p.latencyP50Ms!).toFixed(1)}" r="2.5" fill="${COLOR.p50}"/>`);
      continue;
    }
    const top = run.map((p) => `${centre(p)},${y(p.latencyMaxMs!).toFixed(1)}`);
    const median = run.map((p) => `${centre(p)},${y(p.latencyP50Ms!).toFixed(1)}`);
    out.push(`<polygon points="${[...top, ...[...median].reverse()].join(" ")}" fill="${COLOR.band}" fill-opacity="0.5"/>`);
    out.push(`<polyline class="latency" points="${median.join(" ")}" fill="none" stroke="${COLOR.p50}" stroke-width="2" stroke-linejoin="round"/>`);
  }
  out.push(`</g>`);

  if (series.points.length === 0) {
    text(PLOT.left + PLOT_W / 2, PLOT.top + PLOT_H / 2, t(lang, "history-chart-empty", { range: rangeText }), `text-anchor="middle" font-size="16" fill="${COLOR.muted}"`);
  }

  // Events: a vertical marker each, numbered as in the timeline. Where numbers would overlap, the newer
  // event keeps its number: the timeline lists the newest ones.
  let lastLabelX = Infinity;
  for (let i = series.events.length - 1; i >= 0; i--) {
    const event = series.events[i];
    const ex = Math.min(PLOT.right, Math.max(PLOT.left, x(event.at)));
    const color = COLOR.event[toneOf(event.kind)];
    out.push(
      `<line class="event-marker" data-kind="${escapeXml(event.kind)}" x1="${ex.toFixed(1)}" x2="${ex.toFixed(1)}" y1="${PLOT.top - 8}" y2="${PLOT.bottom}" stroke="${color}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    );
    if (lastLabelX - ex >= 20) {
      lastLabelX = ex;
      out.push(`<circle cx="${ex.toFixed(1)}" cy="${PLOT.top - 16}" r="9" fill="${color}"/>`);
      text(ex, PLOT.top - 12, String(i + 1), `text-anchor="middle" font-size="${i + 1 >= 100 ? 9 : 11}" font-weight="bold" fill="#ffffff" class="event-number"`);
    }
  }

  // Legend.
  const ly = CHART_HEIGHT - 30;
  let lx = PLOT.left;
  const legend = (swatch: string, label: string) => {
    out.push(swatch.replace(/\$X/g, String(lx)).replace(/\$Y/g, String(ly)));
    text(lx + 26, ly + 4, label, `font-size="12"`);
    lx += 26 + textWidth(label) + 28;
  };
  legend(`<line x1="$X" x2="${lx + 20}" y1="$Y" y2="$Y" stroke="${COLOR.p50}" stroke-width="2"/>`, t(lang, "history-legend-median"));
  legend(`<rect x="$X" y="${ly - 6}" width="20" height="12" fill="${COLOR.band}" fill-opacity="0.5"/>`, t(lang, "history-legend-max"));
  legend(`<rect x="$X" y="${ly - 6}" width="20" height="12" fill="${COLOR.failure}" fill-opacity="0.45"/>`, t(lang, "history-legend-failures"));
  legend(`<line x1="${lx + 10}" x2="${lx + 10}" y1="${ly - 8}" y2="${ly + 8}" stroke="${COLOR.event.bad}" stroke-width="1.5" stroke-dasharray="4 3"/>`, t(lang, "history-legend-event"));

  out.push(`</svg>`);
  return out.join("\n");
}

function latencyRuns(series: HistorySeries): HistoryPoint[][] {
  const runs: HistoryPoint[][] = [];
  let current: HistoryPoint[] = [];
  let previousAt = -Infinity;
  for (const p of series.points) {
    if (p.latencyP50Ms === null || p.latencyMaxMs === null) {
      if (current.length) runs.push(current);
      current = [];
      continue;
    }
    if (p.at - previousAt > series.bucketMs && current.length) {
      runs.push(current);
      current = [];
    }
    current.push(p);
    previousAt = p.at;
  }
  if (current.length) runs.push(current);
  return runs;
}

export interface RenderedChart {
  png: Buffer;
  svg: string;
  width: number;
  height: number;
}

/** SVG → PNG with the fonts found on this machine (system fonts are scanned only when none of the known files exist). */
export function rasterizeSvg(svg: string): { png: Buffer; width: number; height: number; pixels: Buffer } {
  const fonts = chartFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "original" },
    background: "#ffffff",
    font: {
      fontFiles: fonts.files,
      loadSystemFonts: fonts.files.length === 0,
      defaultFontFamily: "DejaVu Sans",
    },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height, pixels: image.pixels };
}

export function renderHistoryPng(series: HistorySeries, options: ChartOptions): RenderedChart {
  const svg = renderHistorySvg(series, options);
  const { png, width, height } = rasterizeSvg(svg);
  return { png, svg, width, height };
}

export interface TimelineOptions {
  range: HistorySeries["range"];
  /** At most this many events, the newest; the count of older ones is mentioned. */
  limit?: number;
  /** "html" escapes <, >, & for Telegram's HTML parse mode. */
  format?: "text" | "html";
}

/**
 * The text that goes with the chart: one line per event, numbered like the chart's markers, newest last.
 * Localized in every language (unlike the image, it needs no font on the server).
 */
export function historyTimeline(events: WatchEvent[], lang: string, options: TimelineOptions): string {
  const limit = options.limit ?? 10;
  const html = options.format === "html";
  const esc = (s: string) => (html ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : s);
  const range = t(lang, `history-range-${options.range}`);
  if (events.length === 0) return esc(t(lang, "history-timeline-empty", { range }));
  const first = Math.max(0, events.length - limit);
  const lines = [esc(t(lang, "history-timeline-title", { range }))];
  if (first > 0) lines.push(esc(t(lang, "history-timeline-earlier", { count: first })));
  for (let i = first; i < events.length; i++) {
    const e = events[i];
    const u = utc(e.at);
    let line = `${i + 1}. ${u.date} ${u.time} — ${kindText(lang, e.kind)}`;
    if (e.code) line += ` (${e.code})`;
    if (e.detail) line += `: ${shorten(redactSecretLooking(e.detail), 120)}`;
    lines.push(esc(line));
  }
  lines.push(esc(t(lang, "history-timeline-utc")));
  return lines.join("\n");
}
