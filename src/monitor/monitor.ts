import type { Db } from "../store/database.js";
import type { SecretBox } from "../store/secret-box.js";
import { OutboxRepository } from "../store/outbox-repository.js";
import { WatchesRepository, type WatchRow } from "../store/watches-repository.js";
import { LeaseRepository } from "../store/lease-repository.js";
import type { CheckOptions } from "../diagnosis/check-request.js";
import { DEFAULT_DETECTION, detectChanges, healthOf, type DetectionSettings, type Detection, type Observation, type WatchState } from "./detect.js";
import { registeredObservers, type ObserveContext } from "./observers/index.js";
import { parseWatchState } from "./stored-schemas.js";
import { AlertSender, type SendLimits, type SenderEvent } from "./sender.js";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

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
  /** The monitor lease: how long a holder keeps it without renewing, and how often it renews (or retries). */
  lease?: Partial<LeaseSettings>;
  onLease?: (event: LeaseEvent) => void;
}

export interface LeaseSettings {
  ttlMs: number;
  renewEveryMs: number;
}

/** A second instance on the same file takes over at most ttlMs + renewEveryMs after the holder died. */
export const DEFAULT_LEASE: LeaseSettings = { ttlMs: 15_000, renewEveryMs: 5_000 };

export type LeaseEvent =
  | { type: "acquired"; holder: string; expiresAt: number }
  | { type: "waiting"; holder: string; heldBy?: string; expiresAt?: number }
  | { type: "lost"; holder: string; heldBy?: string }
  | { type: "released"; holder: string };

/** The scheduler and the sender run only in the process holding this lease. */
const MONITOR_LEASE = "monitor";

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
  private readonly leases: LeaseRepository;
  private readonly lease: LeaseSettings;
  /** Who we are in the leases table: unique per process start. */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  /** Until when the lease is ours, as we last wrote it (0: not ours). */
  private leaseUntil = 0;
  private nextLeaseAttemptAt = 0;
  private leaseAttempted = false;
  /** When our current tenure began (the row's acquired_at), to tell a renewal from a takeover. */
  private tenureStartedAt?: number;
  private lastPruneAt = 0;

  constructor(private readonly options: MonitorOptions) {
    this.watches = new WatchesRepository(options.db);
    this.outbox = new OutboxRepository(options.db);
    this.now = options.now ?? Date.now;
    this.settings = { ...DEFAULT_DETECTION, ...options.detection };
    this.maxInFlight = options.maxInFlight ?? 100;
    this.leases = new LeaseRepository(options.db);
    this.lease = { ...DEFAULT_LEASE, ...options.lease };
    if (options.senderToken) {
      this.sender = new AlertSender({
        db: options.db,
        token: options.senderToken,
        apiRoot: options.apiRoot,
        now: this.now,
        limits: options.senderLimits,
        onEvent: options.onSenderEvent,
        onLoopError: (error) => options.onLoopError?.("sender", error),
        // Gated by the lease once the monitor runs (start()); a sender driven by hand (tests) is not.
        mayRun: () => !this.running || this.holdsLease(this.now()),
      });
    }
  }

  /**
   * Starts ticking. Each tick first takes or renews the monitor lease; only its holder checks watches and
   * sends alerts, so a second instance on the same database waits and takes over when the holder stops
   * (released at once) or dies (after the lease expires). On taking it, overdue watches are spread over
   * their interval (no burst, none skipped).
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    try {
      this.keepLease(this.now()); // at once: a free lease is taken (and the overdue spread) before start() returns
    } catch (error) {
      this.options.onLoopError?.("scheduler", error);
    }
    this.sender?.start();
    this.schedule(0);
  }

  /** Stops scheduling, waits for the checks in flight to write their results, stops the sender, hands the lease back. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
    await this.sender?.stop();
    if (this.tenureStartedAt !== undefined) {
      this.leaseUntil = 0;
      this.tenureStartedAt = undefined;
      try {
        if (this.leases.release(MONITOR_LEASE, this.holder)) this.options.onLease?.({ type: "released", holder: this.holder });
      } catch (error) {
        this.options.onLoopError?.("scheduler", error); // it simply expires
      }
    }
  }

  /**
   * Whether this process may check and send now. A little before the lease runs out it stops by itself: if
   * renewing was delayed (a stalled event loop, a locked database), another instance may take over at expiry.
   */
  holdsLease(now: number): boolean {
    return now < this.leaseUntil - this.lease.renewEveryMs / 2;
  }

  /** Takes or renews the lease when due; returns whether we hold it. */
  private keepLease(now: number): boolean {
    if (now < this.nextLeaseAttemptAt) return this.holdsLease(now);
    this.nextLeaseAttemptAt = now + this.lease.renewEveryMs;
    const had = this.tenureStartedAt !== undefined;
    const tenure = this.leases.tryAcquire(MONITOR_LEASE, this.holder, now, this.lease.ttlMs);
    const held = tenure !== undefined;
    this.leaseUntil = held ? now + this.lease.ttlMs : 0;
    const fresh = held && tenure !== this.tenureStartedAt;
    this.tenureStartedAt = tenure;
    if (fresh) {
      this.watches.spreadOverdue(now);
      this.options.onLease?.({ type: "acquired", holder: this.holder, expiresAt: this.leaseUntil });
    } else if (!held && (had || !this.leaseAttempted)) {
      const row = this.leases.get(MONITOR_LEASE);
      this.options.onLease?.(had ? { type: "lost", holder: this.holder, heldBy: row?.holder } : { type: "waiting", holder: this.holder, heldBy: row?.holder, expiresAt: row?.expires_at });
    }
    this.leaseAttempted = true;
    return this.holdsLease(now);
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
    let leader = false;
    try {
      leader = this.keepLease(this.now());
    } catch (error) {
      this.options.onLoopError?.("scheduler", error);
    }
    if (!leader) {
      this.schedule(Math.min(tickMs * 5, this.lease.renewEveryMs));
      return;
    }
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
