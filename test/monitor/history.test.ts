import { mkdirSync, mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/store/database.js";
import {
  COARSE_BUCKET_MS,
  EVENTS_PER_WATCH,
  FINE_BUCKET_MS,
  HistoryRepository,
  type HistorySeries,
} from "../../src/store/history-repository.js";
import { redactSecretLooking } from "../../src/secrets.js";
import { chartFonts, chartLanguage, historyTimeline, rasterizeSvg, renderHistoryPng, renderHistorySvg } from "../../src/render/history-chart.js";
import { tempDir } from "../support/temp.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// A fixed "now" a little after a bucket boundary, so bucket arithmetic is checked against known values.
const NOW = Date.UTC(2026, 10, 24, 12, 2, 30);
const TOKEN = "123456789:AAHk3x9Qw7LmZpR2tYv8sN4bC6dF1gJ0eUi";

const dir = tempDir("wd-history-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: Db;
let history: HistoryRepository;
let dbPath: string;
let fileNo = 0;

/**
 * A watch row to hang history on. With migration 003 present the real `watches` table is used (its
 * required columns filled with plain values); without it, a minimal table stands in.
 */
function createWatch(id: number, ownerId = 1): number {
  db.prepare("INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)").run(ownerId, new Date(NOW).toISOString());
  db.exec("CREATE TABLE IF NOT EXISTS watches (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, label TEXT, url TEXT, created_at INTEGER)");
  const columns = db.prepare("PRAGMA table_info(watches)").all() as Array<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>;
  const values: Record<string, unknown> = { id, owner_id: ownerId };
  for (const c of columns) {
    if (c.name in values || c.pk || !c.notnull || c.dflt_value !== null) continue;
    values[c.name] = /INT|REAL|NUM/i.test(c.type) ? 0 : "x";
  }
  const names = Object.keys(values);
  db.prepare(`INSERT INTO watches (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`).run(...Object.values(values));
  return id;
}

beforeEach(() => {
  db?.close();
  dbPath = `${dir}/history-${++fileNo}.sqlite`;
  db = openDatabase(dbPath);
  history = new HistoryRepository(db);
});

/** Decodes a PNG through resvg (as an embedded image) and returns its RGBA pixels. */
function decodePng(png: Buffer, width: number, height: number): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString("base64")}"/></svg>`;
  return rasterizeSvg(svg).pixels;
}

function countPixels(pixels: Buffer, match: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (match(pixels[i], pixels[i + 1], pixels[i + 2])) n++;
  return n;
}

/** A day of probes once a minute, ~120 ms, with a two-hour outage and its events: what a real watch looks like. */
function realisticDay(watchId: number): void {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const outageFrom = NOW - 9 * HOUR;
  const outageTo = NOW - 7 * HOUR;
  for (let at = NOW - DAY + MINUTE; at <= NOW; at += MINUTE) {
    const down = at >= outageFrom && at < outageTo && random() < 0.8;
    const slow = at > NOW - 4 * HOUR && at < NOW - 3 * HOUR;
    history.recordProbe(watchId, at, !down, down ? (random() < 0.5 ? null : 10_000) : Math.round((slow ? 400 : 110) + random() * 60 + (random() < 0.02 ? 900 : 0)));
  }
  history.recordEvent(watchId, outageFrom + 2 * MINUTE, "endpoint_down", "http.bad_gateway", "502 Bad Gateway from nginx");
  history.recordEvent(watchId, outageFrom + 40 * MINUTE, "endpoint_still_down", "http.bad_gateway", null);
  history.recordEvent(watchId, outageTo + MINUTE, "endpoint_up", null, "down for 2 h");
  history.recordEvent(watchId, NOW - 3 * HOUR, "cert_expiring", "tls.expiring_soon", "14 days left");
}

describe("probe buckets", () => {
  it("fold probes into 5-minute and 1-hour buckets with counts, failures, max, average and estimated percentiles", () => {
    const watch = createWatch(1);
    const other = createWatch(2);
    const bucket = NOW - (NOW % FINE_BUCKET_MS); // 12:00:00
    history.recordProbe(watch, bucket + 1_000, true, 30);
    history.recordProbe(watch, bucket + 2_000, true, 60);
    history.recordProbe(watch, bucket + 3_000, true, 120);
    history.recordProbe(watch, bucket + 4_000, true, 900);
    history.recordProbe(watch, bucket + 5_000, false, null); // a timeout: counted, no latency
    history.recordProbe(watch, bucket + 6_000, false, 5_000); // a slow failure: counted, its time not taken as latency
    history.recordProbe(watch, bucket - 1_000, true, 200); // 11:59:59: previous 5-minute bucket, previous hour too
    history.recordProbe(other, bucket + 1_000, false, 5_000); // another watch never leaks in

    const day = history.series(watch, "24h", NOW);
    expect(day.bucketMs).toBe(FINE_BUCKET_MS);
    expect(day.points.map((p) => p.at)).toEqual([bucket - FINE_BUCKET_MS, bucket]);
    const p = day.points[1];
    expect(p).toMatchObject({ probes: 6, failures: 2, failureRatio: 2 / 6, latencyMaxMs: 900, latencyAvgMs: Math.round((30 + 60 + 120 + 900) / 4) });
    // True median of 30, 60, 120, 900 is 90; the histogram estimate must land inside the bins around it.
    expect(p.latencyP50Ms).toBeGreaterThanOrEqual(50);
    expect(p.latencyP50Ms).toBeLessThanOrEqual(120);
    expect(p.latencyP95Ms).toBeGreaterThanOrEqual(800);
    expect(p.latencyP95Ms).toBeLessThanOrEqual(900);
    expect(day.points[0]).toMatchObject({ probes: 1, failures: 0, latencyMaxMs: 200, latencyP50Ms: expect.any(Number) });

    const week = history.series(watch, "7d", NOW);
    expect(week.bucketMs).toBe(COARSE_BUCKET_MS);
    expect(week.points.map((q) => [q.at, q.probes, q.failures])).toEqual([
      [NOW - (NOW % HOUR) - HOUR, 1, 0],
      [NOW - (NOW % HOUR), 6, 2],
    ]);
    expect(history.series(other, "24h", NOW).points).toEqual([expect.objectContaining({ probes: 1, failures: 1, latencyMaxMs: null })]);
  });

  it("a bucket with only failures has no latency, and the chart draws no line for it", () => {
    const watch = createWatch(3);
    history.recordProbe(watch, NOW - MINUTE, false, null);
    history.recordProbe(watch, NOW - 2 * MINUTE, false, 10_000);
    const series = history.series(watch, "24h", NOW);
    expect(series.points).toEqual([expect.objectContaining({ probes: 2, failures: 2, failureRatio: 1, latencyP50Ms: null, latencyMaxMs: null })]);
    const svg = renderHistorySvg(series, { label: "w", lang: "en" });
    expect(svg.match(/class="failure"/g)).toHaveLength(1);
    expect(svg).not.toContain(`class="latency"`);
  });
});

describe("ranges", () => {
  it("24h reads 5-minute buckets of the last day, 7d reads hourly buckets of the last week, events likewise", () => {
    const watch = createWatch(1);
    for (const ago of [10 * MINUTE, 23 * HOUR, 25 * HOUR, 6 * DAY + 23 * HOUR, 8 * DAY]) history.recordProbe(watch, NOW - ago, true, 100);
    for (const ago of [10 * MINUTE, 30 * HOUR, 8 * DAY]) history.recordEvent(watch, NOW - ago, "error_changed", "http.bad_gateway");

    const day = history.series(watch, "24h", NOW);
    expect(day.to).toBeGreaterThan(NOW); // the bucket in progress is included
    expect(day.to - day.from).toBe(DAY);
    expect(day.points.map((p) => NOW - p.at < DAY)).toEqual([true, true]);
    expect(day.points.every((p) => p.at % FINE_BUCKET_MS === 0)).toBe(true);
    expect(day.events.map((e) => e.at)).toEqual([NOW - 10 * MINUTE]);

    const week = history.series(watch, "7d", NOW);
    expect(week.to - week.from).toBe(7 * DAY);
    expect(week.points).toHaveLength(4); // 10 min, 23 h, 25 h, 6 d 23 h; not 8 d
    expect(week.points.every((p) => p.at % COARSE_BUCKET_MS === 0)).toBe(true);
    expect(week.events.map((e) => e.at)).toEqual([NOW - 30 * HOUR, NOW - 10 * MINUTE]);
  });
});

describe("pruning keeps history bounded", () => {
  it("caps events per watch at the newest ones, drops old events and expired buckets, and is idempotent", () => {
    const watch = createWatch(1);
    const other = createWatch(2);
    const count = EVENTS_PER_WATCH * 4;
    for (let i = 0; i < count; i++) history.recordEvent(watch, NOW - (count - i) * MINUTE, "endpoint_still_down", null, `reminder ${i}`);
    history.recordEvent(other, NOW - 40 * DAY, "url_removed");
    expect(history.counts(watch).events).toBe(EVENTS_PER_WATCH);
    const kept = db.prepare("SELECT min(at), max(at) FROM watch_events WHERE watch_id = ?").raw().get(watch) as number[];
    expect(kept).toEqual([NOW - EVENTS_PER_WATCH * MINUTE, NOW - MINUTE]);

    // 40 days of probes every 5 minutes: 11,520 fine rows and 960 hourly rows before pruning.
    for (let at = NOW - 40 * DAY; at <= NOW; at += 5 * MINUTE) history.recordProbe(watch, at, true, 100);
    const before = history.counts(watch).buckets;
    expect(before).toBeGreaterThan(12_000);

    const pruned = history.prune(NOW);
    const fine = db.prepare("SELECT count(*) FROM probe_buckets WHERE size_ms = ?").pluck().get(FINE_BUCKET_MS) as number;
    const coarse = db.prepare("SELECT count(*) FROM probe_buckets WHERE size_ms = ?").pluck().get(COARSE_BUCKET_MS) as number;
    expect(fine).toBeLessThanOrEqual((48 * HOUR) / FINE_BUCKET_MS + 1);
    expect(fine).toBeGreaterThanOrEqual((48 * HOUR) / FINE_BUCKET_MS - 1);
    expect(coarse).toBeLessThanOrEqual(30 * 24 + 1);
    expect(pruned.buckets).toBe(before - fine - coarse);
    expect(pruned.events).toBe(1); // the 40-day-old event of the other watch
    expect(history.counts(other).events).toBe(0);
    // Still drawable after pruning: both ranges are within retention.
    expect(history.series(watch, "24h", NOW).points).toHaveLength(DAY / FINE_BUCKET_MS);
    expect(history.series(watch, "7d", NOW).points.length).toBeGreaterThanOrEqual(7 * 24);

    expect(history.prune(NOW)).toEqual({ buckets: 0, events: 0 });
  });

  it("deleting a watch deletes its history (foreign keys cascade)", () => {
    const watch = createWatch(1);
    history.recordProbe(watch, NOW, true, 10);
    history.recordEvent(watch, NOW, "token_revoked");
    db.prepare("DELETE FROM watches WHERE id = ?").run(watch);
    expect(history.counts(watch)).toEqual({ buckets: 0, events: 0 });
    // A probe or alert finishing after the delete is dropped quietly, and stores nothing.
    expect(history.recordProbe(watch, NOW + 1, true, 10)).toBe(false);
    expect(history.recordEvent(watch, NOW + 1, "endpoint_up")).toBeNull();
    expect(history.counts(watch)).toEqual({ buckets: 0, events: 0 });
    expect(history.recordProbe(createWatch(2), NOW, true, 10)).toBe(true);
  });
});

describe("no secret is stored or drawn", () => {
  it("redacts bot tokens, query values and URL passwords from event details before they reach the file", () => {
    const watch = createWatch(1);
    history.recordEvent(watch, NOW, "url_changed", null, `https://bot.example.com/bot${TOKEN}/hook?key=hunter2hunter2&x=1 via https://admin:pa55w0rdpa55@proxy.example`);
    const [event] = history.series(watch, "24h", NOW).events;
    expect(event.detail).toBe("https://bot.example.com/bot<bot-token>/hook?key=…&x=… via https://…@proxy.example");
    db.pragma("wal_checkpoint(TRUNCATE)");
    for (const file of [dbPath, `${dbPath}-wal`].filter(existsSync)) {
      const bytes = readFileSync(file);
      for (const secret of [TOKEN, "hunter2hunter2", "pa55w0rdpa55"]) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
    }
    expect(redactSecretLooking("plain text, 12:30 and 502")).toBe("plain text, 12:30 and 502");
  });
});

describe("history chart", () => {
  const outDir = process.env.HISTORY_CHART_OUT;
  const save = (name: string, png: Buffer) => {
    if (!outDir) return;
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}/${name}`, png);
  };

  function expectPng(png: Buffer, width: number, height: number) {
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
    expect(png.readUInt32BE(16)).toBe(width);
    expect(png.readUInt32BE(20)).toBe(height);
  }

  it("finds a font, and resvg draws text with it (axis labels would be blank otherwise)", () => {
    expect(chartFonts().files.length).toBeGreaterThan(0);
    const withText = rasterizeSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="5" y="28" font-family="DejaVu Sans" font-size="20" fill="#000">12:00 UTC мс</text></svg>`);
    expect(countPixels(withText.pixels, (r, g, b) => r < 128 && g < 128 && b < 128)).toBeGreaterThan(100);
  });

  it("renders a day with an outage as a PNG with the latency line, failure bars, event markers and UTC labels", () => {
    const watch = createWatch(1);
    realisticDay(watch);
    history.recordEvent(watch, NOW - 3 * DAY, "url_changed"); // outside 24 h: not marked
    const series = history.series(watch, "24h", NOW);
    const chart = renderHistoryPng(series, { label: "bot.example.com/hook", lang: "en" });
    save("history-24h-en.png", chart.png);

    expectPng(chart.png, chart.width, chart.height);
    expect([chart.width, chart.height]).toEqual([1000, 520]);
    expect(chart.png.length).toBeGreaterThan(20_000);
    const pixels = decodePng(chart.png, chart.width, chart.height);
    expect(countPixels(pixels, (r, g, b) => r > 180 && g < 120 && b < 120)).toBeGreaterThan(500); // failure bars, red markers
    expect(countPixels(pixels, (r, g, b) => b > 150 && r < 80 && g < 130)).toBeGreaterThan(500); // the median line
    expect(countPixels(pixels, (r, g, b) => r < 90 && g < 90 && b < 90)).toBeGreaterThan(1_000); // title and labels

    expect(chart.svg.match(/class="event-marker"/g)).toHaveLength(4);
    expect(chart.svg.match(/data-kind="endpoint_down"/g)).toHaveLength(1);
    expect(chart.svg).toContain(">1</text>");
    expect(chart.svg).toContain(">4</text>");
    const xLabels = [...chart.svg.matchAll(/class="x-label">([^<]+)</g)].map((m) => m[1]);
    expect(xLabels).toContain("15:00");
    expect(xLabels).toContain("11-24"); // midnight shows the date
    expect(xLabels.length).toBeGreaterThanOrEqual(8);
    expect(chart.svg).toContain("2026-11-23 12:05 UTC – 2026-11-24 12:02 UTC");
    expect(chart.svg).toContain("latency and failed probes, last 24 h");
    // The axis says what is measured: the endpoint's answer, not the whole check.
    expect(chart.svg).toMatch(/class="y-label">HTTP answer time/);
  });

  it("renders the 7-day range with one date label per day", () => {
    const watch = createWatch(1);
    let seed = 11;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let at = NOW - 7 * DAY + HOUR; at <= NOW; at += 2 * MINUTE) {
      const degraded = at > NOW - 2 * DAY && at < NOW - DAY - 12 * HOUR;
      history.recordProbe(watch, at, random() > (degraded ? 0.3 : 0.005), Math.round(70 + random() * 40 + (degraded ? 250 : 0)));
    }
    history.recordEvent(watch, NOW - 2 * DAY, "error_changed", "tls.expired", "certificate has expired");
    const series = history.series(watch, "7d", NOW);
    const chart = renderHistoryPng(series, { label: "@example_bot", lang: "ru" });
    save("history-7d-ru.png", chart.png);
    expectPng(chart.png, 1000, 520);
    const xLabels = [...chart.svg.matchAll(/class="x-label">([^<]+)</g)].map((m) => m[1]);
    expect(xLabels).toEqual(["11-18", "11-19", "11-20", "11-21", "11-22", "11-23", "11-24"]);
    expect(chart.svg.match(/class="event-marker"/g)).toHaveLength(1);
    expect(chart.svg).toContain("задержка и неудачные проверки за 7 дней");
  });

  it("renders with no data at all, saying so", () => {
    const watch = createWatch(1);
    const chart = renderHistoryPng(history.series(watch, "24h", NOW), { label: "empty", lang: "en" });
    save("history-empty.png", chart.png);
    expectPng(chart.png, 1000, 520);
    expect(chart.svg).toContain("No probe results in the last 24 h");
    expect(chart.svg).not.toContain("event-marker");
    const pixels = decodePng(chart.png, chart.width, chart.height);
    expect(countPixels(pixels, (r, g, b) => r < 90 && g < 90 && b < 90)).toBeGreaterThan(200); // still labelled
  });

  it("numbers every marker it can, and where numbers would collide keeps the newest (the ones the timeline lists)", () => {
    const watch = createWatch(1);
    // 40 alternating events four minutes apart: about 3 px each on the 24 h axis, far too close for 40 numbers.
    for (let i = 0; i < 40; i++) history.recordEvent(watch, NOW - 5 * HOUR + i * 4 * MINUTE, i % 2 ? "endpoint_up" : "endpoint_down", "tcp.refused");
    history.recordEvent(watch, NOW - 20 * HOUR, "cert_expiring", "tls.expiring_soon");
    const series = history.series(watch, "24h", NOW);
    const svg = renderHistorySvg(series, { label: "flapping", lang: "en" });
    expect(svg.match(/class="event-marker"/g)).toHaveLength(41);
    const numbers = [...svg.matchAll(/class="event-number">(\d+)</g)].map((m) => Number(m[1]));
    expect(numbers).toContain(41); // the newest
    expect(numbers).toContain(1); // the lone early event has room
    expect(numbers.length).toBeLessThan(15);
    expect(numbers.length).toBeGreaterThan(3);
    save("history-flapping.png", renderHistoryPng(series, { label: "flapping", lang: "en" }).png);
  });

  it("never draws a secret from the label, and escapes markup", () => {
    const series: HistorySeries = { watchId: 1, range: "24h", bucketMs: FINE_BUCKET_MS, from: NOW - DAY, to: NOW, now: NOW, points: [], events: [] };
    const svg = renderHistorySvg(series, { label: `https://x.example/bot${TOKEN}/<script>?secret=s3cr3tvalue`, lang: "en" });
    expect(svg).not.toContain(TOKEN);
    expect(svg).not.toContain("s3cr3tvalue");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("bot&lt;bot-token&gt;");
    const chart = renderHistoryPng(series, { label: `bot${TOKEN}`, lang: "en" });
    expect(chart.png.includes(Buffer.from(TOKEN))).toBe(false);
  });

  it("labels a zh chart in Chinese only when a CJK font is installed", () => {
    const series: HistorySeries = { watchId: 1, range: "7d", bucketMs: COARSE_BUCKET_MS, from: NOW - 7 * DAY, to: NOW, now: NOW, points: [], events: [] };
    const svg = renderHistorySvg(series, { label: "w", lang: "zh" });
    if (chartFonts().cjk) {
      expect(chartLanguage("zh")).toBe("zh");
      expect(svg).toContain("最近 7 天的延迟与失败探测");
    } else {
      expect(chartLanguage("zh")).toBe("en");
      expect(svg).toContain("latency and failed probes, last 7 days");
    }
  });
});

describe("text timeline", () => {
  it("lists events numbered like the chart markers, localized, newest last, with the older ones counted", () => {
    const watch = createWatch(1);
    realisticDay(watch);
    const { events } = history.series(watch, "24h", NOW);
    const en = historyTimeline(events, "en", { range: "24h" });
    expect(en.split("\n")).toEqual([
      "Events in the last 24 h:",
      "1. 11-24 03:04 — endpoint down (http.bad_gateway): 502 Bad Gateway from nginx",
      "2. 11-24 03:42 — endpoint still down (http.bad_gateway)",
      "3. 11-24 05:03 — endpoint back up: down for 2 h",
      "4. 11-24 09:02 — certificate expiring (tls.expiring_soon): 14 days left",
      "Times are UTC.",
    ]);
    const ru = historyTimeline(events, "ru", { range: "24h", limit: 2 });
    expect(ru.split("\n")).toEqual([
      "События за 24 ч:",
      "…и ещё раньше: 2",
      "3. 11-24 05:03 — эндпоинт снова работает: down for 2 h",
      "4. 11-24 09:02 — сертификат скоро истечёт (tls.expiring_soon): 14 days left",
      "Время указано в UTC.",
    ]);
    const zh = historyTimeline(events, "zh", { range: "7d" });
    expect(zh).toContain("最近 7 天的事件：");
    expect(zh).toContain("1. 11-24 03:04 — 端点不可用 (http.bad_gateway)");
  });

  it("says when there is nothing, escapes for HTML, and shows a kind it does not know with a generic word", () => {
    expect(historyTimeline([], "en", { range: "7d" })).toBe("No events in the last 7 days.");
    expect(historyTimeline([], "zh", { range: "24h" })).toBe("最近 24 小时内没有事件。");
    const watch = createWatch(1);
    history.recordEvent(watch, NOW, "webhook_flapping", null, "<b>502</b> & 504");
    const { events } = history.series(watch, "24h", NOW);
    expect(historyTimeline(events, "en", { range: "24h", format: "html" })).toContain("1. 11-24 12:02 — event: &lt;b&gt;502&lt;/b&gt; &amp; 504");
    expect(() => history.recordEvent(watch, NOW, "DROP TABLE x")).toThrow(/malformed/);
  });
});
