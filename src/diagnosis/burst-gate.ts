import { createHash } from "node:crypto";
import { getWebhookInfo } from "../probes/telegram-api.js";
import type { CheckRequest } from "./check-request.js";
import { TELEGRAM_DEFAULT_MAX_CONNECTIONS } from "./checks/burst.js";
import { sameWebhookUrl } from "./checks/telegram.js";

/**
 * Who may burst-test a URL, and how often. A burst is up to 5 × 100 requests in 20 s: harmless for an
 * endpoint built for Telegram, but only its owner may ask for it, and not in a loop.
 *
 * Owner = the bot token is given and Telegram's own record (`getWebhookInfo.url`) is the URL under test:
 * only someone who holds the token can make Telegram deliver there. Rate: one burst per URL per 10 minutes,
 * for each user and over all users, and never two bursts on one URL at the same time.
 */

/** At most one burst per URL in this window, per user and over all users. */
export const BURST_INTERVAL_MS = 10 * 60_000;
/** A burst (20 s) plus the check around it never takes longer: a run row older than this was cut by a crash. */
export const BURST_RUN_STALE_MS = 5 * 60_000;

export type BurstRefusal =
  | "no_token"
  | "token_invalid"
  | "api_unreachable"
  | "webhook_not_set"
  | "url_mismatch"
  | "no_secret"
  | "signature_not_accepted"
  | "rate_limited"
  | "in_progress";

export type BurstDecision =
  | { ok: true; concurrency: number; release: (discard?: boolean) => void }
  | { ok: false; reason: BurstRefusal; retry_after_s?: number; detail?: string };

/** Where past and running bursts are kept: SQLite for the bot, a state directory for the command line. */
export interface BurstLedger {
  /** Claims the URL for one burst, or says why not. Atomic: two callers never both get `ok`. */
  begin(urlKey: string, userKey: string, now: number): { ok: true } | { ok: false; reason: "rate_limited" | "in_progress"; retry_after_s?: number };
  /**
   * The burst is over: the URL is free again, the 10-minute window counts from its start. `discard`: no load
   * was sent after all (the receiver refused the signed first request), so the attempt does not count.
   */
  finish(urlKey: string, now: number, discard?: boolean): void;
}

/**
 * A stable, secret-free key for a webhook URL: the same normalisation Telegram's comparison uses,
 * hashed, because a Telegram webhook path often carries the bot token.
 */
export function burstUrlKey(url: string): string {
  let normal = url.trim();
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(normal) ? normal : `https://${normal}`);
    normal = `${u.protocol}//${u.hostname.toLowerCase()}:${u.port || "443"}${u.pathname.replace(/\/+$/, "")}${u.search}`;
  } catch {
    // An unparsable URL never reaches a burst; hash it as given.
  }
  return createHash("sha256").update(normal).digest("hex").slice(0, 32);
}

/**
 * Decides whether this request may burst, and claims the URL in the ledger if so. The caller must call
 * `release()` when the burst is over. Nothing is sent to the endpoint here; only getWebhookInfo is read.
 */
export async function authorizeBurst(
  request: Pick<CheckRequest, "url" | "platform" | "secrets" | "auth"> & { options: Pick<CheckRequest["options"], "apiRoot"> },
  ledger: BurstLedger,
  userKey: string,
  now = Date.now(),
): Promise<BurstDecision> {
  if (request.platform !== "telegram") {
    // No record to compare with: the secret must be given here, and the burst itself sends nothing beyond a
    // first correctly signed request unless the receiver accepts it (checks/burst.ts).
    const { secrets, auth } = request;
    const hasSecret =
      request.platform === "whatsapp" ? Boolean(secrets.appSecret) : auth?.kind === "hmac" ? Boolean(secrets.signingSecret) : auth?.kind === "bearer" ? Boolean(secrets.bearerToken) : false;
    if (!hasSecret) return { ok: false, reason: "no_secret" };
    return claim(ledger, burstUrlKey(request.url), userKey, now, TELEGRAM_DEFAULT_MAX_CONNECTIONS);
  }
  const token = request.secrets.botToken;
  if (!token) return { ok: false, reason: "no_token" };
  const info = await getWebhookInfo(request.options.apiRoot, token, { timeoutMs: 10_000 });
  if (!info.ok) {
    if (info.status === 401 || info.status === 404) return { ok: false, reason: "token_invalid" };
    return { ok: false, reason: "api_unreachable", detail: info.description };
  }
  if (!info.result.url) return { ok: false, reason: "webhook_not_set" };
  if (!sameWebhookUrl(info.result.url, request.url)) return { ok: false, reason: "url_mismatch" };
  return claim(ledger, burstUrlKey(request.url), userKey, now, clampConnections(info.result.max_connections));
}

function claim(ledger: BurstLedger, urlKey: string, userKey: string, now: number, concurrency: number): BurstDecision {
  const claimed = ledger.begin(urlKey, userKey, now);
  if (!claimed.ok) return { ok: false, reason: claimed.reason, ...(claimed.retry_after_s !== undefined ? { retry_after_s: claimed.retry_after_s } : {}) };
  let released = false;
  return {
    ok: true,
    concurrency,
    release: (discard = false) => {
      if (released) return;
      released = true;
      ledger.finish(urlKey, Date.now(), discard);
    },
  };
}

/** Telegram's range is 1–100; an unset value means its default, 40. */
export function clampConnections(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return TELEGRAM_DEFAULT_MAX_CONNECTIONS;
  return Math.max(1, Math.min(100, Math.floor(value)));
}

/** The rule both ledgers apply to the rows they keep: running → in progress; started within 10 minutes → rate limited. */
export function ledgerVerdict(
  runs: Array<{ startedAt: number; finishedAt: number | null }>,
  now: number,
): { ok: true } | { ok: false; reason: "rate_limited" | "in_progress"; retry_after_s?: number } {
  if (runs.some((r) => r.finishedAt === null && now - r.startedAt < BURST_RUN_STALE_MS)) return { ok: false, reason: "in_progress" };
  // The global rule (any user's burst of this URL in the window) includes the per-user one.
  const recent = runs.filter((r) => now - r.startedAt < BURST_INTERVAL_MS).map((r) => r.startedAt);
  if (recent.length === 0) return { ok: true };
  return { ok: false, reason: "rate_limited", retry_after_s: Math.ceil((Math.max(...recent) + BURST_INTERVAL_MS - now) / 1000) };
}
