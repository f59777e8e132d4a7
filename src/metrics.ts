import type { Context, MiddlewareFn, Transformer } from "grammy";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Report } from "./diagnosis/report.js";
import { prepared, type Db } from "./store/database.js";

/**
 * The Prometheus metrics of one process, in a registry of their own (never prom-client's global one, so two
 * instances in one test process do not mix). This module owns every series; the bot, the check jobs, the
 * monitor and the sender get the few recording functions injected and never import prom-client. Probes stay
 * metric-free: checks are recorded where a whole report comes back (the job runner, the monitor's onCheck).
 *
 * Labels are bounded sets (platforms, verdicts, finding codes, check ids, Bot API methods, update kinds); no
 * URL, chat id or secret is ever a label.
 */
export type CheckSource = "chat" | "inline" | "watch";

/** Which Bot API client made a call: the bot answering updates, or the alert sender. */
export type ApiClient = "bot" | "alerts";

/** Bot API methods that put a message in a chat: counted as messages sent when Telegram accepts them. */
const SENDING = /^(send[A-Z]|copyMessage|forwardMessage)/;

export interface Metrics {
  readonly registry: Registry;
  /** A finished check's report (chat and inline checks). */
  recordReport(report: Pick<Report, "platform" | "verdict" | "primary" | "duration_ms" | "checks">, source: CheckSource): void;
  /** A finished scheduled check of a watch: its lag behind schedule, and the endpoint's outcome when it has one. */
  recordWatchCheck(info: { lagMs: number; durationMs: number; platform: string; endpoint?: { ok: boolean; code?: string } }): void;
  /** A check that threw instead of producing a report (a bug or a dead dependency, never a finding). */
  recordCheckError(source: CheckSource): void;
  /** A grammY API transformer counting every answer of the Bot API; install it innermost (before auto-retry). */
  apiTransformer(client: ApiClient): Transformer;
  /** A grammY middleware counting updates and timing their handlers; install it first. */
  updateMiddleware<C extends Context>(): MiddlewareFn<C>;
  /** Gauges read from the database at scrape time: watches by state, outbox depth and age. */
  observeStore(db: Db, now?: () => number): void;
}

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const prefix = "webhook_doctor_";

  const checks = new Counter({
    name: `${prefix}checks_total`,
    help: "Finished checks by where they came from, platform, verdict and primary finding code (none when nothing failed or warned). Watch checks report ok or fail.",
    labelNames: ["source", "platform", "verdict", "primary"] as const,
    registers: [registry],
  });
  const checkDuration = new Histogram({
    name: `${prefix}check_duration_seconds`,
    help: "Wall time of a whole check, from the first probe to the report.",
    labelNames: ["source"] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const probeFailures = new Counter({
    name: `${prefix}probe_failures_total`,
    help: "Checks whose layer (url, dns, tcp, tls, http, telegram, ...) failed, by layer.",
    labelNames: ["check"] as const,
    registers: [registry],
  });
  const checkErrors = new Counter({
    name: `${prefix}check_errors_total`,
    help: "Checks that threw instead of producing a report.",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const scheduleLag = new Histogram({
    name: `${prefix}monitor_schedule_lag_seconds`,
    help: "How late a watch's scheduled check started after its due time.",
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [registry],
  });
  const apiErrors = new Counter({
    name: `${prefix}telegram_api_errors_total`,
    help: "Bot API calls that failed, by client, method and error code (network: no answer).",
    labelNames: ["client", "method", "code"] as const,
    registers: [registry],
  });
  const messagesSent = new Counter({
    name: `${prefix}telegram_messages_sent_total`,
    help: "Messages Telegram accepted (send*, copy, forward), by client.",
    labelNames: ["client"] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: `${prefix}telegram_rate_limited_total`,
    help: "429 Too Many Requests answers of the Bot API, by client.",
    labelNames: ["client"] as const,
    registers: [registry],
  });
  const updates = new Counter({
    name: `${prefix}updates_total`,
    help: "Telegram updates handled, by kind and result (ok or error).",
    labelNames: ["kind", "result"] as const,
    registers: [registry],
  });
  const updateDuration = new Histogram({
    name: `${prefix}update_handler_duration_seconds`,
    help: "Time the middleware stack took for one update (checks run in the background and are not included).",
    labelNames: ["kind"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const recordReport: Metrics["recordReport"] = (report, source) => {
    checks.inc({ source, platform: report.platform, verdict: report.verdict, primary: report.primary ?? "none" });
    checkDuration.observe({ source }, report.duration_ms / 1000);
    for (const check of report.checks) if (check.status === "fail") probeFailures.inc({ check: check.id });
  };

  return {
    registry,
    recordReport,
    recordWatchCheck({ lagMs, durationMs, platform, endpoint }) {
      scheduleLag.observe(Math.max(0, lagMs) / 1000);
      if (!endpoint) return;
      checks.inc({ source: "watch", platform, verdict: endpoint.ok ? "ok" : "fail", primary: endpoint.code ?? "none" });
      checkDuration.observe({ source: "watch" }, durationMs / 1000);
    },
    recordCheckError(source) {
      checkErrors.inc({ source });
    },
    apiTransformer(client) {
      return async (prev, method, payload, signal) => {
        let answer;
        try {
          answer = await prev(method, payload, signal);
        } catch (error) {
          apiErrors.inc({ client, method, code: "network" });
          throw error;
        }
        if (answer.ok) {
          if (SENDING.test(method)) messagesSent.inc({ client });
        } else {
          const code = String(answer.error_code);
          apiErrors.inc({ client, method, code });
          if (answer.error_code === 429) rateLimited.inc({ client });
        }
        return answer;
      };
    },
    updateMiddleware<C extends Context>(): MiddlewareFn<C> {
      return async (ctx, next) => {
        const kind = Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
        const end = updateDuration.startTimer({ kind });
        try {
          await next();
          updates.inc({ kind, result: "ok" });
        } catch (error) {
          updates.inc({ kind, result: "error" });
          throw error;
        } finally {
          end();
        }
      };
    },
    observeStore(db, now = Date.now) {
      const STATES = ["unknown", "healthy", "failing", "muted"];
      new Gauge({
        name: `${prefix}watches`,
        help: "Watches by state (muted wins over the health state while a mute lasts).",
        labelNames: ["state"] as const,
        registers: [registry],
        collect() {
          const rows = prepared(
              db,
              "SELECT CASE WHEN muted_until > ? THEN 'muted' ELSE status END AS state, COUNT(*) AS n FROM watches GROUP BY 1",
            )
            .all(now()) as Array<{ state: string; n: number }>;
          this.reset();
          for (const state of STATES) this.set({ state }, 0);
          for (const row of rows) this.set({ state: row.state }, row.n);
        },
      });
      new Gauge({
        name: `${prefix}outbox_pending`,
        help: "Alert deliveries waiting to be sent (the outbox depth).",
        registers: [registry],
        collect() {
          this.set(prepared(db, "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").pluck().get() as number);
        },
      });
      new Gauge({
        name: `${prefix}outbox_oldest_pending_age_seconds`,
        help: "Age of the oldest alert still waiting to be sent (0 when the outbox is empty).",
        registers: [registry],
        collect() {
          const oldest = prepared(db, "SELECT MIN(a.created_at) FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.status = 'pending'")
            .pluck()
            .get() as number | null;
          this.set(oldest === null ? 0 : Math.max(0, now() - oldest) / 1000);
        },
      });
    },
  };
}
