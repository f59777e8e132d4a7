import { describe, expect, it } from "vitest";
import { CATALOGUE, type FindingCode } from "../../src/diagnosis/catalogue.js";
import { SUPPORTED_LANGUAGES } from "../../src/i18n.js";
import type { AlertEvent, AlertKind } from "../../src/monitor/detect.js";
import { renderAlert, type WatchName } from "../../src/render/alert-text.js";

// Every alert kind, in every language, for every kind of watch, with real values: no text may show an empty
// placeholder (a gap before punctuation, doubled spaces), an unresolved Fluent variable or "undefined".
const CODES = Object.keys(CATALOGUE) as FindingCode[];
const ERROR_MESSAGE = "Wrong response from the webhook: 502 Bad Gateway";

/** One event of each kind; the ones with a finding code are rendered once per code of the catalogue. */
function eventsOfEveryKind(): AlertEvent[] {
  const perCode = CODES.flatMap((code): AlertEvent[] => [
    { kind: "error_changed", message: ERROR_MESSAGE, code, errorDate: 1_772_000_000, url: "https://bot.example.com/tg" },
    // An alert stored before error_changed carried the webhook URL: no URL at all.
    { kind: "error_changed", message: ERROR_MESSAGE, code, errorDate: 1_772_000_000, previous: "Read timeout expired" },
    { kind: "endpoint_down", code, failures: 2 },
    { kind: "endpoint_still_down", code, downForMs: 3 * 3_600_000, reminder: 2 },
    { kind: "watch_started", parts: { telegram: { failing: true, code, message: ERROR_MESSAGE }, endpoint: { failing: true, code } } },
  ]);
  return [
    ...perCode,
    { kind: "watch_started", parts: { telegram: { failing: false }, endpoint: { failing: false } } },
    { kind: "watch_started", parts: { "future-kind": { failing: true, code: "http.bad_gateway" } } },
    { kind: "error_recovered", lastedMs: 25 * 60_000, message: "Read timeout expired" },
    { kind: "url_changed", from: "https://bot.example.com/tg", to: "https://new.example.com/<bot-token>/hook" },
    { kind: "url_changed", from: "", to: "https://new.example.com/hook" },
    { kind: "url_removed", from: "https://bot.example.com/tg" },
    { kind: "token_revoked" },
    { kind: "token_restored" },
    { kind: "backlog_rising", pending: 1_240, threshold: 100 },
    { kind: "cert_expiring", daysLeft: 6, thresholdDays: 7, validTo: "2026-03-07T12:00:00.000Z" },
    { kind: "cert_expiring", daysLeft: 1, thresholdDays: 1 },
    { kind: "cert_expiring", daysLeft: -2, thresholdDays: 1, validTo: "2026-02-27T12:00:00.000Z" },
    { kind: "endpoint_down", failures: 2 },
    { kind: "endpoint_up", lastedMs: 50 * 3_600_000 },
  ];
}

const WATCHES: WatchName[] = [
  { id: 7, label: null, bot_username: "shop_bot", url: null }, // token only: no endpoint URL
  { id: 8, label: null, bot_username: null, url: "https://hooks.example.com/<bot-token>/tg" },
  { id: 9, label: "Payments", bot_username: "pay_bot", url: "https://pay.example.com/wa" },
];

/** What an empty or unresolved value leaves behind. */
function defects(text: string): string[] {
  const found: string[] = [];
  // Fix texts quote commands and config (`grep :443`, `express.json()`, aligned nginx lines), so each pattern
  // looks for what an empty value leaves in prose: punctuation after a gap, brackets with nothing inside.
  for (const [name, pattern] of [
    ["space before punctuation", / [,.:;!?)](?=\s|$)/],
    ["full-width punctuation after a space", / [，。：；！？）]/],
    ["doubled space before punctuation", / {2,}[,.:;!?)，。：；！？）]/],
    ["empty brackets", / \(\s*\)|（\s*）/],
    ["Fluent placeholder", /[{}]/],
    ["undefined", /undefined|NaN|\[object /],
    ["a label with nothing after it", /[:：] +$/m],
  ] as const) {
    const match = pattern.exec(text);
    if (match) found.push(`${name}: …${text.slice(Math.max(0, match.index - 30), match.index + 10)}…`);
  }
  return found;
}

describe("alert texts", () => {
  const events = eventsOfEveryKind();

  it("cover every alert kind", () => {
    const kinds = new Set(events.map((e) => e.kind));
    const all: AlertKind[] = ["watch_started", "error_changed", "error_recovered", "url_changed", "url_removed", "token_revoked", "token_restored", "backlog_rising", "cert_expiring", "endpoint_down", "endpoint_still_down", "endpoint_up"];
    expect([...kinds].sort()).toEqual([...all].sort());
  });

  it("have no empty placeholder, unresolved variable or 'undefined', in any language, for any kind of watch", () => {
    const problems: string[] = [];
    for (const lang of SUPPORTED_LANGUAGES) {
      for (const watch of WATCHES) {
        for (const event of events) {
          const text = renderAlert(event, watch, lang);
          for (const defect of defects(text)) problems.push(`${lang} ${event.kind} ${"code" in event ? event.code : ""} watch #${watch.id}: ${defect}`);
        }
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it("name the URL to check in a fix: the webhook URL an error came with, or words saying which URL", () => {
    const tls: AlertEvent = { kind: "error_changed", message: "SSL error: certificate verify failed", code: "tls.verify_failed", errorDate: 1_772_000_000, url: "https://bot.example.com/tg" };
    const tokenOnly = WATCHES[0];
    expect(renderAlert(tls, tokenOnly, "en")).toContain("webhook-doctor check https://bot.example.com/tg");
    const { url: _dropped, ...old } = tls as Extract<AlertEvent, { kind: "error_changed" }>;
    expect(renderAlert(old, tokenOnly, "en")).toContain("webhook-doctor check the webhook URL");
  });
});
