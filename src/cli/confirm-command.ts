import { parseArgs, type ParseArgsConfig } from "node:util";
import { CONFIRM_INTERVAL_MS, CONFIRM_WAIT_MS, confirmDelivery } from "../diagnosis/confirm-delivery.js";
import { DEFAULT_API_ROOT } from "../diagnosis/check-request.js";
import { t } from "../i18n.js";
import { confirmVerdictText, timelineLine } from "../render/burst-text.js";
import type { Io } from "./main.js";

/** What `confirm` parses: the usage text documents every one of these options in every language. */
export const CONFIRM_OPTIONS = {
  token: { type: "string" },
  wait: { type: "string" },
  interval: { type: "string" },
  "api-root": { type: "string" },
  json: { type: "boolean" },
  lang: { type: "string" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

/** Exit codes of `confirm`: delivered, still failing, nothing pending to prove it, bad invocation. */
export const CONFIRM_EXIT = { delivered: 0, failing: 1, usage: 2, nothing_pending: 3 } as const;

/**
 * `webhook-doctor confirm --token <t> [--wait <s>] [--json]`: watches Telegram's record after a fix and says
 * whether updates are delivered again. Prints each reading as it comes (the timeline), then the verdict.
 */
export async function confirmCommand(args: string[], io: Io, lang: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: CONFIRM_OPTIONS });
  const usage = (key: string, vars?: Record<string, string>) => {
    io.stderr(`${t(lang, "cli-error")}: ${t(lang, key, vars)}\n`);
    return CONFIRM_EXIT.usage;
  };
  if (positionals.length > 0) return usage("cli-unknown-command", { command: positionals[0].slice(0, 40) });
  const token = values.token ?? io.env.WEBHOOK_DOCTOR_BOT_TOKEN;
  if (!token) return usage("confirm-needs-token");
  const seconds = (value: string | undefined, fallbackMs: number, max: number) => {
    if (value === undefined) return fallbackMs;
    const n = Number(value);
    return Number.isFinite(n) && n > 0 && n <= max ? Math.round(n * 1000) : undefined;
  };
  const waitMs = seconds(values.wait, CONFIRM_WAIT_MS, 600);
  if (waitMs === undefined) return usage("confirm-bad-wait", { value: String(values.wait).slice(0, 40) });
  const intervalMs = seconds(values.interval, CONFIRM_INTERVAL_MS, 60);
  if (intervalMs === undefined) return usage("confirm-bad-wait", { value: String(values.interval).slice(0, 40) });
  const apiRoot = values["api-root"] ?? io.env.TELEGRAM_API_ROOT ?? DEFAULT_API_ROOT;

  if (!values.json) io.stdout(`${t(lang, "confirm-watching", { seconds: Math.round(waitMs / 1000) })}\n`);
  const result = await confirmDelivery({
    apiRoot,
    token,
    waitMs,
    intervalMs,
    onPoint: (point) => {
      if (!values.json) io.stdout(`${timelineLine(point, lang)}\n`);
    },
  });
  if (!result.ok) return usage(`confirm-refused-${result.reason}`);
  const { ok: _ok, ...json } = result;
  if (values.json) io.stdout(JSON.stringify(json, null, 2) + "\n");
  else io.stdout(`${confirmVerdictText(result, lang)}\n`);
  return CONFIRM_EXIT[result.verdict];
}
