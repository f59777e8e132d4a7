import type { Logger } from "pino";
import type { Db } from "../store/database.js";
import type { SecretBox } from "../store/secret-box.js";
import type { Detection, Observation } from "./detect.js";
import { HistoryRepository } from "../store/history-repository.js";
import { Monitor, type MonitorOptions } from "./monitor.js";
import { registeredObservers } from "./observers/index.js";
import { WatchService } from "./watch-service.js";

export interface WatchingOptions {
  db: Db;
  box: SecretBox;
  apiRoot: string;
  /** Our own bot's token: the sender posts alerts with it. */
  botToken: string;
  allowPrivate: boolean;
  logger: Logger;
  /** Overrides for tests (clock, tick, detection thresholds, send limits). */
  monitor?: Partial<MonitorOptions>;
}

/**
 * Everything watching needs, put together once: the service the bot calls, the history it charts, and
 * the monitor loop that checks, detects, writes the outbox and sends. Every check result and every alert
 * also goes into the bounded history.
 */
export function createWatching(options: WatchingOptions) {
  const { db, box, apiRoot, botToken, allowPrivate, logger } = options;
  const service = new WatchService({ db, box, apiRoot });
  const history = new HistoryRepository(db);
  let lastPrune = 0;
  const record = (info: { watchId: number; observation: Observation; detection: Detection; finishedAt: number }) => {
    const { watchId, observation, detection, finishedAt } = info;
    // One point per run: failing when any kind of the watch fails; the latency is the endpoint's answer to
    // the platform's request (not the run's wall time, which includes DNS, TLS and getWebhookInfo).
    const samples = registeredObservers().flatMap((o) => (observation[o.name] === undefined ? [] : (o.sample?.(observation[o.name], detection.state) ?? [])));
    if (samples.length > 0) history.recordProbe(watchId, finishedAt, samples.every((s) => s.ok), samples.find((s) => s.latencyMs !== null)?.latencyMs ?? null);
    for (const event of detection.events) {
      // A start message is failing when one of its parts is: the timeline shows that part's cause.
      const failing = event.kind === "watch_started" ? Object.values(event.parts).find((part) => part.failing) : undefined;
      const code = failing?.code ?? ("code" in event && event.code ? String(event.code) : null);
      const detail = failing?.message ?? ("message" in event && event.message ? event.message : "to" in event ? event.to : null);
      history.recordEvent(watchId, finishedAt, event.kind, code, detail);
    }
    if (finishedAt - lastPrune > 3_600_000) {
      lastPrune = finishedAt;
      history.prune(finishedAt);
    }
  };
  const monitor = new Monitor({
    db,
    box,
    apiRoot,
    senderToken: botToken,
    allowPrivate,
    onSenderEvent: (event) =>
      event.type === "dead_letter" ? logger.error({ event }, "alert set aside (dead letter): it cannot be rendered") : logger.debug({ event }, "alert sender"),
    onLoopError: (loop, error) => logger.error({ err: error, loop }, "background loop failed; it goes on"),
    onBadState: (watchId, reason) => logger.error({ watchId, reason }, "watch state does not parse; it starts over as a baseline"),
    ...options.monitor,
    onError: (watchId, error) => {
      logger.warn({ err: error, watchId }, "watch check failed");
      options.monitor?.onError?.(watchId, error);
    },
    onLease: (event) => {
      if (event.type === "acquired") logger.info({ lease: event }, "monitor lease taken: this instance checks watches and sends alerts");
      else if (event.type === "waiting") logger.info({ lease: event }, "another instance holds the monitor lease: waiting to take over");
      else if (event.type === "lost") logger.warn({ lease: event }, "monitor lease lost to another instance: checks and alerts stop here");
      else logger.info({ lease: event }, "monitor lease released");
      options.monitor?.onLease?.(event);
    },
    onCheck: (info) => {
      logger.debug({ watchId: info.watchId, ms: info.finishedAt - info.startedAt, lagMs: info.lagMs }, "watch checked");
      record(info);
      options.monitor?.onCheck?.(info);
    },
  });
  return { service, history, monitor };
}
