import { describe, expect, it } from "vitest";
import { DEFAULT_DETECTION, detectChanges, healthOf, type AlertEvent, type Observation, type WatchState } from "../../src/monitor/detect.js";
import type { RawWebhookInfo } from "../../src/probes/telegram-api.js";

// Pure detection: state + observation + now → state + events. Each scenario polls several times after a
// change and counts the events, so "once and only once" is what is checked.
const T0 = Date.parse("2026-03-01T10:00:00Z");
const MIN = 60_000;

function info(partial: Partial<RawWebhookInfo> = {}): Observation {
  return { telegram: { kind: "ok", info: { url: "https://bot.example.com/hook", has_custom_certificate: false, pending_update_count: 0, ...partial } } };
}

/**
 * Runs observations one minute apart from T0, collecting every event but the "watching started" message
 * of the first observation (its own tests below look at it).
 */
function poll(observations: Observation[], start: WatchState = {}, settings = DEFAULT_DETECTION): { state: WatchState; events: AlertEvent[]; perPoll: AlertEvent[][] } {
  let state = start;
  const perPoll: AlertEvent[][] = [];
  observations.forEach((obs, i) => {
    const out = detectChanges(state, obs, T0 + i * MIN, settings);
    state = out.state;
    perPoll.push(out.events.filter((e) => e.kind !== "watch_started"));
  });
  return { state, events: perPoll.flat(), perPoll };
}

const sec = (ms: number) => Math.floor(ms / 1000);

describe("detectChanges", () => {
  it("takes the first observation as a baseline: an old error is not news, and the start message says all is well", () => {
    const out = detectChanges({}, info({ last_error_message: "Read timeout expired", last_error_date: sec(T0 - 3600_000) }), T0);
    expect(out.events).toEqual([{ kind: "watch_started", parts: { telegram: { failing: false } } }]);
    expect(out.state.webhookUrl).toBe("https://bot.example.com/hook");
    // Said once: the next observations of the same record say nothing.
    const { events } = poll([info(), info()], out.state);
    expect(events).toEqual([]);
  });

  it("a new watch whose bot has a recent error starts as failing, with the cause; its recovery is then news", () => {
    const err = { last_error_message: "Wrong response from the webhook: 502 Bad Gateway", last_error_date: sec(T0 - 60_000) };
    const out = detectChanges({}, info(err), T0);
    expect(out.events).toEqual([{ kind: "watch_started", parts: { telegram: { failing: true, code: "http.bad_gateway", message: err.last_error_message } } }]);
    expect(healthOf(out.state).status).toBe("failing");
    const { events } = poll([info(err), info()], out.state);
    expect(events.map((e) => e.kind)).toEqual(["error_recovered"]);
  });

  it("a new endpoint watch failing at its first check starts as failing (no second 'down' alert); both kinds in one message", () => {
    const out = detectChanges({}, { ...info(), endpoint: { ok: false, code: "http.unauthorized" } }, T0);
    expect(out.events).toEqual([{ kind: "watch_started", parts: { telegram: { failing: false }, endpoint: { failing: true, code: "http.unauthorized" } } }]);
    const { events } = poll([{ endpoint: { ok: false, code: "http.unauthorized" } }, { endpoint: { ok: true } }], out.state);
    expect(events.map((e) => e.kind)).toEqual(["endpoint_up"]);
  });

  it("a watch already started judges its first observations the usual way: damping, no silent 'down'", () => {
    const failing: Observation = { endpoint: { ok: false, code: "http.bad_gateway" } };
    const out = [detectChanges({ started: true }, failing, T0)];
    out.push(detectChanges(out[0].state, failing, T0 + MIN));
    expect(out.map((o) => o.events.map((e) => e.kind))).toEqual([[], ["endpoint_down"]]);
  });

  it("a watch that predates the start message (state already there) gets none", () => {
    const { state } = poll([info()]);
    const { started, ...old } = state;
    expect(started).toBe(true);
    expect(detectChanges(old, info(), T0 + 5 * MIN).events).toEqual([]);
  });

  it("a revoked token that works again says so, once", () => {
    const { events } = poll([info(), { telegram: { kind: "revoked" } }, { telegram: { kind: "revoked" } }, info(), info()]);
    expect(events).toEqual([{ kind: "token_revoked" }, { kind: "token_restored" }]);
  });

  it("a new last_error_message with a newer date fires once, classified; repeats of it do not", () => {
    const err = { last_error_message: "Wrong response from the webhook: 502 Bad Gateway", last_error_date: sec(T0 + 30_000) };
    const { events, perPoll } = poll([info(), info(err), info(err), info({ ...err, last_error_date: sec(T0 + 150_000) }), info(err)]);
    expect(events).toEqual([{ kind: "error_changed", message: err.last_error_message, code: "http.bad_gateway", errorDate: err.last_error_date, url: "https://bot.example.com/hook" }]);
    expect(perPoll[1]).toHaveLength(1);
  });

  it("a different message fires again and names the previous one; an older date is ignored", () => {
    const a = { last_error_message: "Read timeout expired", last_error_date: sec(T0 + 10_000) };
    const b = { last_error_message: "SSL error {error:0A000086:SSL routines::certificate verify failed}", last_error_date: sec(T0 + 70_000) };
    const stale = { last_error_message: "Connection refused", last_error_date: sec(T0 + 5_000) };
    const { events } = poll([info(), info(a), info(b), info(b), info(stale)]);
    expect(events.map((e) => e.kind)).toEqual(["error_changed", "error_changed"]);
    expect(events[1]).toMatchObject({ code: "tls.verify_failed", previous: "Read timeout expired" });
  });

  it("recovers once after the quiet period, with how long the error lasted", () => {
    const first = { last_error_message: "Read timeout expired", last_error_date: sec(T0 + 30_000) };
    const again = { ...first, last_error_date: sec(T0 + 5 * MIN) };
    const settings = { ...DEFAULT_DETECTION, quietPeriodMs: 10 * MIN };
    const obs = [info(), info(first), ...Array.from({ length: 4 }, () => info(first)), info(again), ...Array.from({ length: 20 }, () => info(again))];
    const { events, perPoll } = poll(obs, {}, settings);
    expect(events.map((e) => e.kind)).toEqual(["error_changed", "error_recovered"]);
    const recovered = events[1] as Extract<AlertEvent, { kind: "error_recovered" }>;
    expect(recovered.lastedMs).toBe((sec(T0 + 5 * MIN) - sec(T0 + 30_000)) * 1000);
    // 10 quiet minutes after the last occurrence (T0+5 min) → the poll at T0+15 min.
    expect(perPoll.findIndex((p) => p.some((e) => e.kind === "error_recovered"))).toBe(15);
  });

  it("recovers when Telegram clears the error, and a recurrence of the same message alerts again", () => {
    const err = { last_error_message: "Read timeout expired", last_error_date: sec(T0 + 30_000) };
    const later = { ...err, last_error_date: sec(T0 + 4 * MIN) };
    const { events } = poll([info(), info(err), info(), info(), info(later), info(later)]);
    expect(events.map((e) => e.kind)).toEqual(["error_changed", "error_recovered", "error_changed"]);
  });

  it("a changed and a removed webhook URL each fire once", () => {
    const { events } = poll([info(), info({ url: "https://other.example.com/x" }), info({ url: "https://other.example.com/x" }), info({ url: "" }), info({ url: "" })]);
    expect(events).toEqual([
      { kind: "url_changed", from: "https://bot.example.com/hook", to: "https://other.example.com/x" },
      { kind: "url_removed", from: "https://other.example.com/x" },
    ]);
  });

  it("a revoked token fires once; Telegram being unreachable says nothing", () => {
    const { events } = poll([info(), { telegram: { kind: "unavailable" } }, { telegram: { kind: "revoked" } }, { telegram: { kind: "revoked" } }, { telegram: { kind: "unavailable" } }, { telegram: { kind: "revoked" } }]);
    expect(events).toEqual([{ kind: "token_revoked" }]);
  });

  it("backlog: above the threshold alone is quiet; above AND rising over three polls fires once per episode", () => {
    const p = (n: number) => info({ pending_update_count: n });
    const { events } = poll([p(150), p(150), p(150), p(160), p(170), p(180), p(190), p(200), p(10), p(120), p(130), p(140), p(150)]);
    expect(events).toEqual([
      { kind: "backlog_rising", pending: 170, threshold: 100 },
      { kind: "backlog_rising", pending: 130, threshold: 100 }, // 10 → 120 → 130: rising over three polls, now above
    ]);
  });

  it("certificate: 14, 7 and 1 days each once; a renewed certificate starts over", () => {
    const cert = (days: number, validTo = "2026-03-15T00:00:00.000Z"): Observation => ({ endpoint: { ok: true, certDaysLeft: days, certValidTo: validTo } });
    const { events } = poll([cert(20), cert(14), cert(13), cert(13), cert(7), cert(6), cert(2), cert(1), cert(0), cert(90, "2026-06-01T00:00:00.000Z"), cert(14, "2026-06-01T00:00:00.000Z")]);
    expect(events.map((e) => (e as { thresholdDays: number }).thresholdDays)).toEqual([14, 7, 1, 14]);
  });

  it("a certificate first seen at 5 days warns once (the 7-day threshold), not for 14 as well", () => {
    const { events } = poll([{ endpoint: { ok: true, certDaysLeft: 5, certValidTo: "x" } }, { endpoint: { ok: true, certDaysLeft: 5, certValidTo: "x" } }]);
    expect(events).toEqual([{ kind: "cert_expiring", daysLeft: 5, thresholdDays: 7, validTo: "x" }]);
  });

  it("endpoint: one failure is damped, two make it down once, flapping single failures stay quiet", () => {
    const up: Observation = { endpoint: { ok: true } };
    const down: Observation = { endpoint: { ok: false, code: "http.bad_gateway" } };
    const { events } = poll([up, down, up, down, up, down, down, down, down, up, up]);
    expect(events.map((e) => e.kind)).toEqual(["endpoint_down", "endpoint_up"]);
    expect(events[0]).toMatchObject({ code: "http.bad_gateway", failures: 2 });
    expect((events[1] as { lastedMs: number }).lastedMs).toBe(4 * MIN); // from the first failure (poll 5) to poll 9
  });

  it("a long outage is reminded after 1 h, then every 6 h, at most 4 times", () => {
    const down: Observation = { endpoint: { ok: false, code: "tcp.refused" } };
    let state: WatchState = {};
    const reminders: number[] = [];
    // Poll every 10 minutes for 3 days.
    for (let i = 0; i <= 3 * 24 * 6; i++) {
      const out = detectChanges(state, down, T0 + i * 10 * MIN);
      state = out.state;
      for (const e of out.events) if (e.kind === "endpoint_still_down") reminders.push(i * 10);
    }
    // First reminder 1 h after the first failure, then every 6 h after the previous one, 4 in all.
    expect(reminders).toEqual([60, 420, 780, 1140]);
    expect(healthOf(state)).toEqual({ status: "failing", failingSince: T0 });
  });
});
