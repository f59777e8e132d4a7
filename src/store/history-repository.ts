import type { Db } from "./database.js";
import { redactSecretLooking } from "../secrets.js";

/**
 * What the monitor records about a watch: the alert kinds of src/monitor/detect.ts, so an alert can be
 * recorded as it is. Each has its words in locales/<lang>/history.ftl; a kind added later is still stored
 * and shown with a generic word rather than lost.
 */
export const EVENT_KINDS = [
  "error_changed",
  "error_recovered",
  "url_changed",
  "url_removed",
  "token_revoked",
  "token_restored",
  "watch_started",
  "backlog_rising",
  "cert_expiring",
  "endpoint_down",
  "endpoint_still_down",
  "endpoint_up",
] as const;
export type KnownEventKind = (typeof EVENT_KINDS)[number];
// `string & {}` keeps editor completion for the known kinds while accepting new ones.
export type EventKind = KnownEventKind | (string & {});
export const isKnownEventKind = (kind: string): kind is KnownEventKind => (EVENT_KINDS as readonly string[]).includes(kind);

export type HistoryRange = "24h" | "7d";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket sizes and how long each is kept; a range is drawn from the finest size that still covers it. */
export const FINE_BUCKET_MS = 5 * MINUTE;
export const COARSE_BUCKET_MS = HOUR;
export const FINE_RETENTION_MS = 48 * HOUR;
export const COARSE_RETENTION_MS = 30 * DAY;
export const RANGES: Record<HistoryRange, { spanMs: number; bucketMs: number }> = {
  "24h": { spanMs: DAY, bucketMs: FINE_BUCKET_MS },
  "7d": { spanMs: 7 * DAY, bucketMs: COARSE_BUCKET_MS },
};

/** Events older than this go, and a watch never keeps more than EVENTS_PER_WATCH of them. */
export const EVENT_RETENTION_MS = 30 * DAY;
export const EVENTS_PER_WATCH = 500;
const DETAIL_MAX_CHARS = 300;
/** Prune deletes in slices so the scheduler's writes never wait behind one long transaction. */
const PRUNE_BATCH = 5_000;

/** Upper edges (ms) of histogram bins h0..h7; h8 holds everything slower. */
export const LATENCY_BIN_EDGES = [50, 100, 200, 400, 800, 1600, 3200, 6400] as const;
const BIN_COLUMNS = Array.from({ length: LATENCY_BIN_EDGES.length + 1 }, (_, i) => `h${i}`);

export interface WatchEvent {
  id: number;
  watchId: number;
  at: number;
  kind: EventKind;
  code: string | null;
  detail: string | null;
}

export interface HistoryPoint {
  /** Start of the bucket, ms since the epoch. */
  at: number;
  probes: number;
  failures: number;
  /** failures / probes, 0..1. */
  failureRatio: number;
  /** Of successful probes, estimated from the histogram; null when none succeeded in the bucket. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyMaxMs: number | null;
  latencyAvgMs: number | null;
}

export interface HistorySeries {
  watchId: number;
  range: HistoryRange;
  bucketMs: number;
  /** The window drawn: [from, to), ms. */
  from: number;
  to: number;
  /** When the series was read; the window's last bucket is still in progress. */
  now: number;
  /** Only buckets that hold probes, oldest first; a missing bucket means no probe ran then. */
  points: HistoryPoint[];
  /** Events inside the window, oldest first. */
  events: WatchEvent[];
}

export interface PruneResult {
  buckets: number;
  events: number;
}


/** Bin index for a latency: the first bin whose upper edge is at least the latency. */
function binOf(latencyMs: number): number {
  const i = LATENCY_BIN_EDGES.findIndex((edge) => latencyMs <= edge);
  return i === -1 ? LATENCY_BIN_EDGES.length : i;
}

/**
 * Quantile q (0..1) estimated from the histogram: find the bin holding the q-th probe and interpolate
 * linearly inside it. The slowest bin has no upper edge: the bucket's max closes it. Never above the max.
 */
export function quantileFromHistogram(bins: number[], q: number, maxMs: number): number | null {
  const total = bins.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < bins.length; i++) {
    const count = bins[i];
    if (count === 0) continue;
    if (seen + count >= rank) {
      const low = i === 0 ? 0 : LATENCY_BIN_EDGES[i - 1];
      const high = i < LATENCY_BIN_EDGES.length ? Math.min(LATENCY_BIN_EDGES[i], maxMs) : maxMs;
      const within = (rank - seen) / count;
      return Math.min(maxMs, Math.round(low + (Math.max(high, low) - low) * within));
    }
    seen += count;
  }
  return maxMs;
}

/**
 * A probe or alert can finish just after its watch was deleted: the foreign key then refuses the row, and
 * that is the right outcome, not an error for the monitor. Returns whether the write happened.
 */
function ignoreDeletedWatch(write: () => unknown): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_FOREIGNKEY") return false;
    throw error;
  }
}

interface BucketRow {
  bucket_start: number;
  probes: number;
  failures: number;
  latency_count: number;
  latency_sum: number;
  latency_max: number;
  [bin: string]: number;
}

/**
 * History of watches: probe results folded into 5-minute and 1-hour buckets, and the alert events.
 * The monitor calls recordProbe/recordEvent; /history calls series; a periodic job calls prune.
 */
export class HistoryRepository {
  private readonly upsertProbe;
  private readonly insertEvent;
  private readonly capEvents;
  private readonly selectBuckets;
  private readonly selectEvents;

  constructor(private readonly db: Db) {
    const columns = ["watch_id", "size_ms", "bucket_start", "probes", "failures", "latency_count", "latency_sum", "latency_max", ...BIN_COLUMNS];
    const row = `(${columns.map(() => "?").join(", ")})`;
    // Both bucket sizes in one statement: one write per probe, whatever the number of sizes.
    this.upsertProbe = db.prepare(
      `INSERT INTO probe_buckets (${columns.join(", ")}) VALUES ${row}, ${row}
       ON CONFLICT (watch_id, size_ms, bucket_start) DO UPDATE SET
         probes = probes + excluded.probes,
         failures = failures + excluded.failures,
         latency_count = latency_count + excluded.latency_count,
         latency_sum = latency_sum + excluded.latency_sum,
         latency_max = max(latency_max, excluded.latency_max),
         ${BIN_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`,
    );
    this.insertEvent = db.prepare("INSERT INTO watch_events (watch_id, at, kind, code, detail) VALUES (?, ?, ?, ?, ?)");
    // Keep the newest EVENTS_PER_WATCH rows of one watch; ids grow with insertion, the index makes it cheap.
    this.capEvents = db.prepare(
      `DELETE FROM watch_events WHERE watch_id = ? AND id <= (
         SELECT id FROM watch_events WHERE watch_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.selectBuckets = db.prepare(
      `SELECT bucket_start, probes, failures, latency_count, latency_sum, latency_max, ${BIN_COLUMNS.join(", ")}
       FROM probe_buckets WHERE watch_id = ? AND size_ms = ? AND bucket_start >= ? AND bucket_start < ?
       ORDER BY bucket_start`,
    );
    this.selectEvents = db.prepare(
      "SELECT id, watch_id, at, kind, code, detail FROM watch_events WHERE watch_id = ? AND at >= ? AND at < ? ORDER BY at, id",
    );
  }

  /**
   * One probe of a watch: ok or not, and its latency. Latency statistics count successful probes only: the
   * time a failure took (a 10 s timeout, an instant refusal) says nothing about how fast the endpoint answers,
   * and would bury the normal latency on the chart; failures are shown as their own share.
   */
  recordProbe(watchId: number, at: number, ok: boolean, latencyMs: number | null): boolean {
    at = Math.floor(at);
    const measured = ok && latencyMs !== null && Number.isFinite(latencyMs) && latencyMs >= 0;
    const latency = measured ? Math.round(latencyMs) : 0;
    const bins = BIN_COLUMNS.map(() => 0);
    if (measured) bins[binOf(latency)] = 1;
    const values = (sizeMs: number) => [
      watchId,
      sizeMs,
      at - (at % sizeMs),
      1,
      ok ? 0 : 1,
      measured ? 1 : 0,
      latency,
      latency,
      ...bins,
    ];
    return ignoreDeletedWatch(() => this.upsertProbe.run(...values(FINE_BUCKET_MS), ...values(COARSE_BUCKET_MS)));
  }

  /** An alert-worthy moment. The detail is redacted and shortened: it is shown again, it must hold no secret. */
  /** Returns the event's id, or null when the watch no longer exists. */
  recordEvent(watchId: number, at: number, kind: EventKind, code: string | null = null, detail: string | null = null): number | null {
    if (!/^[a-z][a-z_]{0,39}$/.test(kind)) throw new Error(`malformed history event kind: ${kind.slice(0, 40)}`);
    const clean = detail === null ? null : redactSecretLooking(detail).slice(0, DETAIL_MAX_CHARS);
    const write = this.db.transaction(() => {
      const id = Number(this.insertEvent.run(watchId, Math.floor(at), kind, code, clean).lastInsertRowid);
      this.capEvents.run(watchId, watchId, EVENTS_PER_WATCH);
      return id;
    });
    let id: number | null = null;
    ignoreDeletedWatch(() => (id = write()));
    return id;
  }

  /** What /history draws: the buckets and events of the last 24 h (5-minute buckets) or 7 d (1-hour buckets). */
  series(watchId: number, range: HistoryRange, now: number): HistorySeries {
    const { spanMs, bucketMs } = RANGES[range];
    // The window ends with the bucket in progress, so the latest probes are always shown.
    const to = now - (now % bucketMs) + bucketMs;
    const from = to - spanMs;
    const rows = this.selectBuckets.all(watchId, bucketMs, from, to) as BucketRow[];
    const points = rows.map((r): HistoryPoint => {
      const bins = BIN_COLUMNS.map((c) => r[c]);
      const hasLatency = r.latency_count > 0;
      return {
        at: r.bucket_start,
        probes: r.probes,
        failures: r.failures,
        failureRatio: r.probes > 0 ? r.failures / r.probes : 0,
        latencyP50Ms: hasLatency ? quantileFromHistogram(bins, 0.5, r.latency_max) : null,
        latencyP95Ms: hasLatency ? quantileFromHistogram(bins, 0.95, r.latency_max) : null,
        latencyMaxMs: hasLatency ? r.latency_max : null,
        latencyAvgMs: hasLatency ? Math.round(r.latency_sum / r.latency_count) : null,
      };
    });
    const events = (this.selectEvents.all(watchId, from, to) as Array<{ id: number; watch_id: number; at: number; kind: EventKind; code: string | null; detail: string | null }>).map(
      (e): WatchEvent => ({ id: e.id, watchId: e.watch_id, at: e.at, kind: e.kind, code: e.code, detail: e.detail }),
    );
    return { watchId, range, bucketMs, from, to, now, points, events };
  }

  /**
   * Deletes buckets past their retention and events past their age (the per-watch cap is kept on insert).
   * Runs in bounded slices; call it every few minutes or hourly.
   */
  prune(now: number): PruneResult {
    let buckets = 0;
    for (const [sizeMs, keepMs] of [
      [FINE_BUCKET_MS, FINE_RETENTION_MS],
      [COARSE_BUCKET_MS, COARSE_RETENTION_MS],
    ] as const) {
      const slice = this.db.prepare(
        `DELETE FROM probe_buckets WHERE (watch_id, size_ms, bucket_start) IN (
           SELECT watch_id, size_ms, bucket_start FROM probe_buckets WHERE size_ms = ? AND bucket_start < ? LIMIT ?)`,
      );
      buckets += this.deleteInSlices(() => slice.run(sizeMs, now - keepMs, PRUNE_BATCH).changes);
    }
    const eventSlice = this.db.prepare("DELETE FROM watch_events WHERE id IN (SELECT id FROM watch_events WHERE at < ? LIMIT ?)");
    const events = this.deleteInSlices(() => eventSlice.run(now - EVENT_RETENTION_MS, PRUNE_BATCH).changes);
    return { buckets, events };
  }

  /** Runs one slice at a time until a slice deletes less than a full batch; bounded by the table size. */
  private deleteInSlices(slice: () => number): number {
    let total = 0;
    for (let round = 0; round < 100_000; round++) {
      const deleted = slice();
      total += deleted;
      if (deleted < PRUNE_BATCH) break;
    }
    return total;
  }

  /** Rows held for one watch (tests and diagnostics). */
  counts(watchId: number): { buckets: number; events: number } {
    const buckets = this.db.prepare("SELECT count(*) FROM probe_buckets WHERE watch_id = ?").pluck().get(watchId) as number;
    const events = this.db.prepare("SELECT count(*) FROM watch_events WHERE watch_id = ?").pluck().get(watchId) as number;
    return { buckets, events };
  }
}
