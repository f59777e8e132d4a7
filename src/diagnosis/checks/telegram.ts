import { getMe, getWebhookInfo, type RawWebhookInfo } from "../../probes/telegram-api.js";
import { sanitizeUrl } from "../../probes/target.js";
import { classifyMessage } from "../classify.js";
import type { CheckContext, CheckOutcome } from "../context.js";
import { finding, type Finding } from "../report.js";
import { cutText } from "../../text.js";

/** A backlog this deep means deliveries have been failing or slow for a while. */
export const BACKLOG_THRESHOLD = 100;
/**
 * Telegram retries a failing update within two minutes at the latest (its back-off is capped at 60–120 s),
 * so while deliveries fail, last_error_date stays younger than this. An older error is not happening now.
 */
export const RECENT_ERROR_S = 600;
/** Where Telegram's webhook deliveries come from: the ranges firewall allowlists admit. */
export const TELEGRAM_DELIVERY_RANGES = ["149.154.160.0/20", "91.108.4.0/22"];

/** Telegram's webhook record, plain and stable: the bot renders it, the monitor diffs it over time. */
export interface WebhookInfoSummary {
  url: string;
  pending_update_count: number;
  last_error_message?: string;
  last_error_date?: string;
  ip_address?: string;
  max_connections?: number;
  has_custom_certificate: boolean;
  allowed_updates?: string[];
}

export function summarizeWebhookInfo(raw: RawWebhookInfo): WebhookInfoSummary {
  return {
    url: raw.url ? sanitizeUrl(raw.url) : "",
    pending_update_count: raw.pending_update_count ?? 0,
    last_error_message: raw.last_error_message,
    last_error_date: raw.last_error_date ? new Date(raw.last_error_date * 1000).toISOString() : undefined,
    ip_address: raw.ip_address,
    max_connections: raw.max_connections,
    has_custom_certificate: raw.has_custom_certificate ?? false,
    allowed_updates: raw.allowed_updates,
  };
}

/** Same URL for Telegram's purposes: case-insensitive host, default port, no trailing-slash difference. */
export function sameWebhookUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a.trim());
    const y = new URL(/^[a-z]+:\/\//i.test(b.trim()) ? b.trim() : `https://${b.trim()}`);
    const norm = (u: URL) => `${u.protocol}//${u.hostname.toLowerCase()}:${u.port || "443"}${u.pathname.replace(/\/+$/, "")}${u.search}`;
    return norm(x) === norm(y);
  } catch {
    return a.trim() === b.trim();
  }
}

/** Reads Telegram's own view of the webhook: getMe and getWebhookInfo (never setWebhook: it would erase the last error). */
export async function checkTelegramRecord(
  ctx: CheckContext,
  dnsAddresses: string[],
): Promise<CheckOutcome & { webhookInfo?: WebhookInfoSummary; bot?: { username: string; id: number } }> {
  const started = Date.now();
  const { secrets, options, url: checkedUrl } = ctx.request;
  const token = secrets.botToken ?? "";
  const call = { timeoutMs: Math.min(10_000, Math.max(500, ctx.remainingMs())), signal: ctx.signal };
  const [me, info] = await Promise.all([getMe(options.apiRoot, token, call), getWebhookInfo(options.apiRoot, token, call)]);
  const done = (findings: Finding[], extra: { webhookInfo?: WebhookInfoSummary; bot?: { username: string; id: number } } = {}, skip = false) => ({
    id: "telegram",
    findings,
    duration_ms: Date.now() - started,
    ...(skip ? { status: "skip" as const } : {}),
    ...extra,
  });

  if (!me.ok && me.status === 401) return done([finding("telegram.token_invalid", "telegram", { answer: me.description })]);
  if (!info.ok) return done([], {}, true);

  const webhookInfo = summarizeWebhookInfo(info.result);
  const bot = me.ok ? { username: me.result.username ?? "", id: me.result.id } : undefined;
  const findings: Finding[] = [];
  const raw = info.result;

  if (!raw.url) {
    findings.push(finding("telegram.webhook_not_set", "telegram", { pending_update_count: webhookInfo.pending_update_count }));
  } else if (!sameWebhookUrl(raw.url, checkedUrl)) {
    findings.push(finding("telegram.url_mismatch", "telegram", { configured_url: webhookInfo.url, checked_url: sanitizeUrl(checkedUrl.trim()) }));
  }
  if (webhookInfo.pending_update_count >= BACKLOG_THRESHOLD) {
    findings.push(finding("telegram.backlog", "telegram", { pending_update_count: webhookInfo.pending_update_count, threshold: BACKLOG_THRESHOLD }));
  }
  if (raw.url && raw.ip_address && dnsAddresses.length > 0 && !dnsAddresses.includes(raw.ip_address)) {
    findings.push(finding("telegram.ip_mismatch", "telegram", { telegram_ip: raw.ip_address, dns_addresses: dnsAddresses }));
  }
  if (raw.last_error_message) {
    const cause = classifyMessage(raw.last_error_message);
    const ageS = raw.last_error_date ? Math.max(0, Math.round(ctx.now().getTime() / 1000 - raw.last_error_date)) : null;
    // Telegram never clears the message on success (only setWebhook does). Failing deliveries renew it within two
    // minutes, so an error older than RECENT_ERROR_S with no backlog is history: shown, not failed.
    const past = ageS !== null && ageS >= RECENT_ERROR_S && webhookInfo.pending_update_count < BACKLOG_THRESHOLD;
    findings.push(
      finding(
        "telegram.last_error",
        "telegram",
        {
          message: cutText(raw.last_error_message, 500),
          date: webhookInfo.last_error_date ?? null,
          age_s: ageS,
          cause: cause.code,
          ...(past ? { current: false } : {}),
        },
        past ? "info" : undefined,
      ),
    );
  }
  return done(findings, { webhookInfo, bot });
}

/**
 * Our TCP probe was refused or timed out, but Telegram's own record vouches for the endpoint: the checked
 * URL is the configured one, no delivery error in the last RECENT_ERROR_S, never a connection failure like
 * ours, and no backlog. That is what a
 * firewall allowlisting only Telegram's ranges looks like from outside them, not a dead endpoint. Returns
 * the finding that replaces the TCP failure, or null when the record does not vouch for the endpoint.
 */
export function filteredButTelegramDelivers(tcpFailure: Finding, webhook: WebhookInfoSummary | undefined, checkedUrl: string, now: Date): Finding | null {
  if (!webhook?.url || !sameWebhookUrl(webhook.url, checkedUrl)) return null;
  if (webhook.pending_update_count >= BACKLOG_THRESHOLD) return null;
  const errorAgeS = webhook.last_error_date ? Math.max(0, Math.round((now.getTime() - Date.parse(webhook.last_error_date)) / 1000)) : null;
  if (errorAgeS !== null && errorAgeS < RECENT_ERROR_S) return null;
  // Telegram itself once failed to connect, as we do now: its record does not vouch for the path, however old.
  const lastCause = webhook.last_error_message ? classifyMessage(webhook.last_error_message).code : null;
  if (lastCause === "tcp.refused" || lastCause === "tcp.timeout") return null;
  return finding("tcp.filtered_but_telegram_delivers", "tcp", {
    ...tcpFailure.evidence,
    seen_from_here: tcpFailure.code,
    pending_update_count: webhook.pending_update_count,
    last_error_age_s: errorAgeS,
    telegram_ranges: TELEGRAM_DELIVERY_RANGES,
  });
}
