import { defaultOptions } from "../../diagnosis/check-request.js";
import { runCheck, type CheckResult } from "../../diagnosis/checklist.js";
import type { Platform } from "../../model.js";
import type { WatchRow } from "../../store/watches-repository.js";
import type { AlertEvent, DetectionSettings, StartPart, WatchState } from "../detect.js";
import { openEndpoint, type EndpointTarget } from "../watch-secrets.js";
import type { ObserveContext, WatchObserver } from "./observer.js";

/**
 * The endpoint itself: each run is the quick check of the watch's platform in its gentle "watch" profile, against
 * the real URL with the watch's sealed secrets: only what the platform would send (Telegram's sample update with
 * its secret token; WhatsApp's handshake with the right verify token and one signed notification; one signed or
 * bearer delivery), never the negative or 3 MB probes of a /check, at someone's production endpoint every minute.
 */
export interface EndpointObservation {
  ok: boolean;
  /** The primary finding code of a failing quick check. */
  code?: string;
  certDaysLeft?: number;
  certValidTo?: string;
  /** How long the endpoint took to answer the platform's request (that one step, not the whole check). */
  latencyMs?: number;
}

/**
 * The check whose duration is the endpoint's answer: the request the platform itself would send. Under the watch
 * profile WhatsApp's auth check is the one signed notification (Meta's delivery); without an app secret, the handshake.
 */
const ANSWER_CHECK: Record<Platform, string[]> = {
  telegram: ["http"],
  whatsapp: ["auth", "whatsapp"],
  generic: ["auth", "http"],
};

export function answerLatencyMs(result: Pick<CheckResult, "checks" | "platform">): number | undefined {
  for (const id of ANSWER_CHECK[result.platform]) {
    const check = result.checks.find((c) => c.id === id && c.status !== "skip");
    if (check) return check.duration_ms;
  }
  return undefined;
}

export const endpointObserver: WatchObserver<EndpointObservation> = {
  name: "endpoint",

  configured: (row: WatchRow) => row.url !== null,

  async observe(ctx: ObserveContext): Promise<EndpointObservation | undefined> {
    let target: EndpointTarget | undefined;
    try {
      target = openEndpoint(ctx.box, ctx.row);
    } catch {
      // Never probe the sanitised display URL instead: it is not the endpoint.
      ctx.onError(new Error("sealed endpoint target does not open (ENCRYPTION_KEY changed?)"));
      return undefined;
    }
    if (!target) return undefined;
    const result = await runCheck({
      url: target.url,
      platform: target.platform,
      secrets: target.secrets,
      ...(target.auth ? { auth: target.auth } : {}),
      options: defaultOptions(target.platform, { apiRoot: ctx.apiRoot, allowPrivate: ctx.allowPrivate, deep: false, httpTimeoutMs: 10_000, totalTimeoutMs: 25_000, ...ctx.checkOptions, profile: "watch" }),
    });
    const failed = result.verdict === "fail";
    const latencyMs = failed ? undefined : answerLatencyMs(result);
    return {
      ok: !failed,
      ...(result.primary && failed ? { code: result.primary } : {}),
      ...(result.certificate ? { certDaysLeft: result.certificate.days_left, certValidTo: result.certificate.valid_to } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
    };
  },

  detect: detectEndpoint,

  firstLook: (_state: WatchState, obs: EndpointObservation): StartPart => ({ failing: !obs.ok, ...(obs.code ? { code: obs.code } : {}) }),

  sample: (obs: EndpointObservation) => ({ ok: obs.ok, latencyMs: obs.ok ? (obs.latencyMs ?? null) : null }),
};

function detectEndpoint(state: WatchState, obs: EndpointObservation, now: number, s: DetectionSettings, events: AlertEvent[]): void {
  // The first look of a new watch, whose start message reports this observation (see detectChanges).
  const firstLook = state.probeFailures === undefined && !state.started;
  // Certificates: a renewed certificate (another valid_to) starts the thresholds over.
  if (obs.certDaysLeft !== undefined) {
    if (obs.certValidTo && obs.certValidTo !== state.certValidTo) {
      state.certValidTo = obs.certValidTo;
      state.certAlerted = [];
    }
    const crossed = s.certThresholdsDays.filter((d) => obs.certDaysLeft! <= d);
    const fresh = crossed.filter((d) => !(state.certAlerted ?? []).includes(d));
    if (fresh.length > 0) {
      // One message for the tightest threshold crossed; the looser ones are covered by it.
      events.push({ kind: "cert_expiring", daysLeft: obs.certDaysLeft, thresholdDays: Math.min(...fresh), ...(obs.certValidTo ? { validTo: obs.certValidTo } : {}) });
      state.certAlerted = [...new Set([...(state.certAlerted ?? []), ...crossed])].sort((a, b) => b - a);
    }
  }

  if (obs.ok) {
    if (state.down) events.push({ kind: "endpoint_up", lastedMs: Math.max(0, now - (state.downSince ?? now)) });
    state.probeFailures = 0;
    state.down = false;
    state.downSince = undefined;
    state.downCode = undefined;
    state.remindersSent = 0;
    state.lastReminderAt = undefined;
    return;
  }

  const failures = (state.probeFailures ?? 0) + 1;
  state.probeFailures = failures;
  if (failures === 1) state.downSince = now; // the outage started at the first failure, even before damping says "down"
  if (!state.down) {
    // Damping guards a healthy endpoint against one flap. The first look of a new watch is different: the
    // "watching started" message already says it is failing, so it is down from here (its recovery is news).
    if (firstLook || failures >= s.downAfterFailures) {
      state.down = true;
      state.downCode = obs.code;
      state.remindersSent = 0;
      state.lastReminderAt = now;
      if (!firstLook) events.push({ kind: "endpoint_down", failures, ...(obs.code ? { code: obs.code } : {}) });
    }
    return;
  }
  // Still down: remind at a slow, bounded rate.
  const sent = state.remindersSent ?? 0;
  const downFor = now - (state.downSince ?? now);
  const due = sent === 0 ? downFor >= s.firstReminderAfterMs : now - (state.lastReminderAt ?? now) >= s.reminderEveryMs;
  if (due && sent < s.maxReminders) {
    state.remindersSent = sent + 1;
    state.lastReminderAt = now;
    events.push({ kind: "endpoint_still_down", downForMs: downFor, reminder: sent + 1, ...(obs.code ? { code: obs.code } : {}) });
  }
}
