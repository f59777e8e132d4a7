import type { Db } from "../store/database.js";
import type { SecretBox } from "../store/secret-box.js";
import { OutboxRepository } from "../store/outbox-repository.js";
import { WatchesRepository, type WatchRow } from "../store/watches-repository.js";
import type { CheckOptions } from "../diagnosis/check-request.js";
import { DEFAULT_DETECTION, detectChanges, healthOf, type DetectionSettings, type Detection, type Observation, type WatchState } from "./detect.js";
import { registeredObservers, type ObserveContext } from "./observers/index.js";
import { parseWatchState } from "./stored-schemas.js";
import { AlertSender, type SendLimits, type SenderEvent } from "./sender.js";

/**
 * The monitor loop: the scheduler (next_run_at in SQLite), the per-watch check, change detection, the
 * outbox write and the sender, tied together. One process, many watches: the database holds the whole
 * schedule, memory holds only the checks in flight.
 */
export interface MonitorOptions {
  db: Db;
  box: SecretBox;
  /** Bot API root, for the watched bots' getWebhookInfo and for our own sendMessage. */
  apiRoot: string;
  /** Our own bot's token, used only by the sender. Leave out to run without sending (benchmarks). */
  senderToken?: string;
  /** Probe private and loopback endpoints (PROBE_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Extra options for the quick endpoint check (resolve map, extra CA, timeouts). */
  checkOptions?: Partial<CheckOptions>;
  detection?: Partial<DetectionSettings>;
  senderLimits?: Partial<SendLimits>;
  /** Injectable clock for the schedule and detection. */
  now?: () => number;
  /** Cap on checks running at once. */
  maxInFlight?: number;
  /** How often the scheduler looks for due watches at most (ms). */
  tickMs?: number;
  /** Each next run lands within ±jitterRatio of the interval, so watches added together drift apart. */
  jitterRatio?: number;
  telegramTimeoutMs?: number;
  /** Observability hooks (history, logs, benchmarks); none receives a secret. */
  onCheck?: (info: { watchId: number; observation: Observation; detection: Detection; startedAt: number; finishedAt: number; lagMs: number }) => void;
  onSenderEvent?: (event: SenderEvent) => void;
  onError?: (watchId: number, error: unknown) => void;
  /** A background loop (scheduler, pruning, sender) hit something unexpected; it goes on at its next tick. */
  onLoopError?: (loop: "scheduler" | "pruning" | "sender", error: unknown) => void;
  /** A watch's stored state did not parse: it starts over as a baseline (no alert from the first look). */
  onBadState?: (watchId: number, reason: string) => void;
}

const PRUNE_EVERY_MS = 3_600_000;
const KEEP_ALERTS_MS = 30 * 86_400_000;

export class Monitor {
  readonly watches: WatchesRepository;
  readonly outbox: OutboxRepository;
  readonly sender?: AlertSender;
  private readonly now: () => number;
  private readonly settings: DetectionSettings;
  private readonly maxInFlight: number;
  private readonly inFlight = new Map<number, Promise<void>>();
  private running = false;
  private timer?: NodeJS.Timeout;
  private lastPruneAt = 0;

  constructor(private readonly options: MonitorOptions) {
    this.watches = new WatchesRepository(options.db);
    this.outbox = new OutboxRepository(options.db);
    this.now = options.now ?? Date.now;
    this.settings = { ...DEFAULT_DETECTION, ...options.detection };
    this.maxInFlight = options.maxInFlight ?? 100;
    if (options.senderToken) {
      this.sender = new AlertSender({ db: options.db, token: options.senderToken, apiRoot: options.apiRoot, now: this.now, limits: options.senderLimits, onEvent: options.onSenderEvent, onLoopError: (error) => options.onLoopError?.("sender", error) });
    }
  }

  /** After a restart, overdue watches are spread over their interval (no burst, none skipped), then ticking starts. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.watches.spreadOverdue(this.now());
    this.sender?.start();
    this.schedule(0);
  }

  /** Stops scheduling, waits for the checks in flight to write their results, then stops the sender. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
    await this.sender?.stop();
  }

  get checksInFlight(): number {
    return this.inFlight.size;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    clearTimeout(this.timer); // one timer at a time, whoever asks for the next tick
    this.timer = setTimeout(() => this.tick(), ms);
  }

  /**
   * One scheduler round. It runs from a timer, where a throw would end the process: every step is caught,
   * reported, and the next tick is scheduled whatever happened (a busy or locked database, a bug).
   */
  private tick(): void {
    if (!this.running) return;
    const tickMs = this.options.tickMs ?? 100;
    let wait = tickMs;
    try {
      this.startDue();
    } catch (error) {
      this.options.onLoopError?.("scheduler", error);
    }
    const now = this.now();
    if (now - this.lastPruneAt > PRUNE_EVERY_MS) {
      this.lastPruneAt = now;
      try {
        this.outbox.pruneBefore(now - KEEP_ALERTS_MS);
      } catch (error) {
        this.options.onLoopError?.("pruning", error);
      }
    }
    try {
      const earliest = this.watches.earliestDue();
      if (this.inFlight.size < this.maxInFlight && earliest !== undefined) wait = Math.max(5, Math.min(tickMs, earliest - now));
    } catch (error) {
      this.options.onLoopError?.("scheduler", error);
    }
    this.schedule(wait);
  }

  /** Starts every due watch up to the in-flight cap; returns the promises (tests await them). */
  startDue(): Promise<void>[] {
    const now = this.now();
    const rows = this.watches.due(now, this.maxInFlight - this.inFlight.size, new Set(this.inFlight.keys()));
    return rows.map((row) => {
      // Claim the next slot first: if the process dies mid-check, the watch simply runs again next interval.
      this.watches.setNextRunAt(row.id, this.nextRunAt(row, now));
      const run = this.checkWatch(row, now - row.next_run_at)
        .catch((error) => this.options.onError?.(row.id, error))
        .finally(() => {
          this.inFlight.delete(row.id);
          if (this.running && this.inFlight.size === this.maxInFlight - 1) this.schedule(0);
        });
      this.inFlight.set(row.id, run);
      return run;
    });
  }

  private nextRunAt(row: WatchRow, now: number): number {
    const ratio = this.options.jitterRatio ?? 0.1;
    const intervalMs = row.interval_s * 1000;
    return now + Math.round(intervalMs * (1 + (Math.random() * 2 - 1) * ratio));
  }

  private async checkWatch(row: WatchRow, lagMs: number): Promise<void> {
    const startedAt = this.now();
    const context: ObserveContext = {
      row,
      box: this.options.box,
      apiRoot: this.options.apiRoot,
      allowPrivate: this.options.allowPrivate,
      checkOptions: this.options.checkOptions,
      telegramTimeoutMs: this.options.telegramTimeoutMs ?? 10_000,
      onError: (error) => this.options.onError?.(row.id, error),
    };
    // Every kind this watch has, looked at concurrently; a kind that saw nothing is left out.
    const kinds = registeredObservers().filter((observer) => observer.configured(row));
    const seen = await Promise.all(kinds.map((observer) => observer.observe(context)));
    const observation: Observation = {};
    kinds.forEach((observer, i) => {
      if (seen[i] !== undefined) observation[observer.name] = seen[i];
    });
    const finishedAt = this.now();
    // Read the state again: the row may have been muted or deleted while the check ran.
    const current = this.watches.get(row.id);
    if (!current) return;
    const stored = parseWatchState(current.state_json);
    if (!stored.ok) this.options.onBadState?.(row.id, stored.reason);
    const detection = detectChanges(stored.ok ? stored.state : {}, observation, finishedAt, this.settings);
    const health = healthOf(detection.state);
    const queued = this.outbox.commitDetection({
      watchId: row.id,
      stateJson: JSON.stringify(detection.state),
      status: health.status,
      failingSince: health.failingSince ?? null,
      alerts: detection.events.map(({ kind, ...payload }) => ({ kind, payload })),
      now: finishedAt,
    });
    if (queued > 0) this.sender?.wake();
    this.options.onCheck?.({ watchId: row.id, observation, detection, startedAt, finishedAt, lagMs });
  }
}
