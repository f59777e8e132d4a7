/**
 * WatchService: what the bot (and anything else) calls to manage watches. No grammY types here; every
 * failure a user can cause is a `WatchError` whose `code` has a localized text under
 * `monitor-error-<code>` (locales/<lang>/monitor.ftl), with `vars` for its placeholders:
 *
 *   const service = new WatchService({ db, box, apiRoot });
 *   try {
 *     const watch = await service.addWatch(userId, { token, url, intervalS: 60, label, language: "ru" });
 *   } catch (e) {
 *     if (e instanceof WatchError) await ctx.reply(ctx.t(`monitor-error-${e.code}`, e.vars));
 *   }
 *
 * Owner side (every call checks `ownerId`; another user's watch is `not_found`, never revealed):
 *   addWatch(ownerId, input) → WatchView       token checked with getMe first (invalid/revoked → token_invalid,
 *                                                nothing stored); interval < 30 s → interval_too_short;
 *                                                at the cap → watch_cap. The owner's chat is subscribed.
 *   listWatches(ownerId) → WatchView[]          state for /watches: healthy / failing since / muted
 *   getWatch(watchId, ownerId) → WatchView
 *   mute(watchId, ownerId, hours) / unmute(...)  alerts are recorded but sent to nobody until then
 *   deleteWatch(watchId, ownerId)               the token, subscriptions, codes and alerts go with it
 *   checkNow(watchId, ownerId)                  moves the next scheduled run to now (callback `wd:check:<id>`;
 *                                                the bot runs its full /check itself for the report)
 *   createShareCode(watchId, ownerId) → { code, link? }   link when `botUsername` is known: t.me/<bot>?start=<code>
 *   revokeShareCode(code, ownerId) / revokeAllShareCodes(watchId, ownerId)
 *
 * Subscriber side (a private chat from a deep link, or a group via /subscribe <code>; the bot checks that
 * the sender is a group administrator before calling):
 *   subscribe(code, { chatId, threadId?, language }) → { watchId, watchName }   share_code_malformed /
 *                                                share_code_unknown / share_code_revoked
 *   unsubscribe(watchId, chatId, threadId?) → boolean
 *   muteSubscription(watchId, chatId, threadId, hours)
 *   isShareCode(text)                           whether a /start payload looks like one of our codes
 *
 * Decrypted tokens never leave this module and the monitor; views and errors carry no secret.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../store/database.js";
import type { SecretBox } from "../store/secret-box.js";
import { SubscriptionsRepository } from "../store/subscriptions-repository.js";
import { WatchesRepository, type WatchRow } from "../store/watches-repository.js";
import { parseWatchState } from "./stored-schemas.js";
import { isBotToken, isTelegramSecretToken } from "../secrets.js";
import type { AuthSpec, CheckSecrets } from "../diagnosis/check-request.js";
import type { Platform } from "../model.js";
import { getMe, getWebhookInfo } from "../probes/telegram-api.js";
import { sanitizeUrl } from "../probes/target.js";
import { normalizeLanguage } from "../i18n.js";
import { watchDisplayName } from "../render/alert-text.js";
import type { WatchState } from "./detect.js";
import { openEndpoint, sealEndpoint, watchAad, type EndpointSecrets } from "./watch-secrets.js";

export { watchAad } from "./watch-secrets.js";

export const MIN_INTERVAL_S = 30;
export const DEFAULT_INTERVAL_S = 60;
export const DEFAULT_MAX_WATCHES_PER_USER = 20;
export const MAX_MUTE_HOURS = 168;

export type WatchErrorCode =
  | "token_invalid"
  | "telegram_unavailable"
  | "nothing_to_watch"
  | "url_invalid"
  | "secret_token_invalid"
  | "interval_too_short"
  | "watch_cap"
  | "not_found"
  | "share_code_malformed"
  | "share_code_unknown"
  | "share_code_revoked"
  | "mute_hours";

export class WatchError extends Error {
  constructor(
    readonly code: WatchErrorCode,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(`watch error: ${code}`);
    this.name = "WatchError";
  }
}

export interface AddWatchInput {
  token?: string;
  /** The endpoint's real URL; a secret in it (a token in the path, a key in the query) is kept sealed. */
  url?: string;
  /** Which platform posts to the endpoint: the watch runs that platform's quick check in its gentle "watch" profile (default telegram). */
  platform?: Platform;
  /** The endpoint's secrets (Telegram's secret token, WhatsApp's verify token and app secret, a signing secret or bearer token). */
  secrets?: EndpointSecrets;
  auth?: AuthSpec;
  intervalS?: number;
  label?: string;
  /** The owner's language for his own alerts (default en). */
  language?: string;
}

export interface WatchView {
  id: number;
  name: string;
  label: string | null;
  /** The endpoint URL for display (sanitised: a secret in it reads as a mark). */
  url: string | null;
  platform: Platform;
  hasToken: boolean;
  /** The endpoint check carries sealed secrets or a sealed URL. */
  hasEndpointSecrets: boolean;
  /** addWatch gave a new token to an existing watch whose token had been revoked. */
  replaced?: boolean;
  botUsername: string | null;
  intervalS: number;
  status: "unknown" | "healthy" | "failing";
  failingSince: number | null;
  mutedUntil: number | null;
  lastChangeAt: number | null;
  /** The webhook URL Telegram last reported (sanitised), when the watch has a token. */
  webhookUrl: string | null;
  lastErrorMessage: string | null;
  nextRunAt: number;
  createdAt: number;
}

export interface WatchServiceOptions {
  db: Db;
  box: SecretBox;
  /** Bot API root for getMe on the watched bot's token (a local fake in tests). */
  apiRoot: string;
  /** Our own bot's username, for share links. */
  botUsername?: string;
  maxWatchesPerUser?: number;
  now?: () => number;
  tokenCheckTimeoutMs?: number;
}

const SHARE_CODE = /^w[A-Za-z0-9_-]{16}$/;

export class WatchService {
  readonly watches: WatchesRepository;
  readonly subscriptions: SubscriptionsRepository;
  private readonly now: () => number;
  private readonly maxWatches: number;

  constructor(private readonly options: WatchServiceOptions) {
    this.watches = new WatchesRepository(options.db);
    this.subscriptions = new SubscriptionsRepository(options.db);
    this.now = options.now ?? Date.now;
    this.maxWatches = options.maxWatchesPerUser ?? DEFAULT_MAX_WATCHES_PER_USER;
  }

  async addWatch(ownerId: number, input: AddWatchInput): Promise<WatchView> {
    const token = input.token?.trim() || undefined;
    const rawUrl = input.url?.trim() || undefined;
    if (!token && !rawUrl) throw new WatchError("nothing_to_watch");
    const intervalS = input.intervalS ?? DEFAULT_INTERVAL_S;
    if (!Number.isInteger(intervalS) || intervalS < MIN_INTERVAL_S) throw new WatchError("interval_too_short", { min: MIN_INTERVAL_S });
    const platform: Platform = input.platform ?? "telegram";
    let url: string | undefined;
    if (rawUrl) {
      try {
        const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl) ? rawUrl : `https://${rawUrl}`);
        if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
        url = parsed.toString();
      } catch {
        throw new WatchError("url_invalid");
      }
    }
    const secrets = url ? endpointSecrets(input.secrets, platform) : {};
    if (secrets.secretToken !== undefined && !isTelegramSecretToken(secrets.secretToken)) throw new WatchError("secret_token_invalid");
    // The row shows the sanitised URL; the probe needs the real one, sealed when it differs or secrets come with it.
    const displayUrl = url ? sanitizeUrl(url) : undefined;
    const auth = url && platform === "generic" ? input.auth : undefined;
    const sealTarget = url !== undefined && (displayUrl !== url || Object.keys(secrets).length > 0 || auth !== undefined);

    let bot: { id: number; username: string | null } | undefined;
    if (token) {
      if (!isBotToken(token)) throw new WatchError("token_invalid");
      const me = await getMe(this.options.apiRoot, token, { timeoutMs: this.options.tokenCheckTimeoutMs ?? 10_000 });
      if (!me.ok) throw new WatchError(me.status === 401 || me.status === 404 ? "token_invalid" : "telegram_unavailable");
      bot = { id: me.result.id, username: me.result.username ?? null };
      // A token revoked in @BotFather and replaced: the new one goes into the existing watch, which keeps its
      // history and subscribers; its next check sees the token work again and says so.
      const revoked = this.watches.listByOwner(ownerId).find((w) => w.bot_id === bot!.id && w.token_sealed !== null && isRevoked(w.state_json));
      if (revoked) {
        this.watches.replaceToken(revoked.id, this.options.box.seal(token, watchAad(revoked.id)), this.now());
        return { ...this.view(this.watches.get(revoked.id)!), replaced: true };
      }
    }
    // Checked after the await: two quick adds must not both pass the cap.
    if (this.watches.countByOwner(ownerId) >= this.maxWatches) throw new WatchError("watch_cap", { max: this.maxWatches });

    const now = this.now();
    const language = normalizeLanguage(input.language);
    const row = this.options.db.transaction(() => {
      const watch = this.watches.insert(
        { ownerId, label: input.label?.trim().slice(0, 64) || null, url: displayUrl ?? null, platform, botId: bot?.id ?? null, botUsername: bot?.username ?? null, intervalS, nextRunAt: now, createdAt: now },
        token ? (id) => this.options.box.seal(token, watchAad(id)) : undefined,
        sealTarget ? (id) => sealEndpoint(this.options.box, id, { url: url!, secrets, ...(auth ? { auth } : {}) }) : undefined,
      );
      // The owner is his own first subscriber (his private chat has his user id).
      this.subscriptions.upsert(watch.id, ownerId, null, language, now);
      return watch;
    })();
    return this.view(row);
  }

  listWatches(ownerId: number): WatchView[] {
    return this.watches.listByOwner(ownerId).map((w) => this.view(w));
  }

  getWatch(watchId: number, ownerId: number): WatchView {
    return this.view(this.owned(watchId, ownerId));
  }

  mute(watchId: number, ownerId: number, hours: number): WatchView {
    this.owned(watchId, ownerId);
    if (!(hours > 0 && hours <= MAX_MUTE_HOURS)) throw new WatchError("mute_hours");
    this.watches.setMutedUntil(watchId, this.now() + hours * 3_600_000);
    return this.getWatch(watchId, ownerId);
  }

  unmute(watchId: number, ownerId: number): WatchView {
    this.owned(watchId, ownerId);
    this.watches.setMutedUntil(watchId, null);
    return this.getWatch(watchId, ownerId);
  }

  deleteWatch(watchId: number, ownerId: number): void {
    this.owned(watchId, ownerId);
    this.watches.delete(watchId);
  }

  /** The monitor picks the watch up at its next tick (well under a second). */
  checkNow(watchId: number, ownerId: number): void {
    this.owned(watchId, ownerId);
    this.watches.setNextRunAt(watchId, this.now());
  }

  createShareCode(watchId: number, ownerId: number): { code: string; link?: string } {
    this.owned(watchId, ownerId);
    const code = `w${randomBytes(12).toString("base64url")}`;
    this.subscriptions.insertShareCode(code, watchId, this.now());
    return { code, ...(this.options.botUsername ? { link: `https://t.me/${this.options.botUsername}?start=${code}` } : {}) };
  }

  revokeShareCode(code: string, ownerId: number): boolean {
    const row = this.subscriptions.shareCode(code);
    if (!row) throw new WatchError("share_code_unknown");
    this.owned(row.watch_id, ownerId);
    return this.subscriptions.revokeShareCode(code, this.now());
  }

  revokeAllShareCodes(watchId: number, ownerId: number): number {
    this.owned(watchId, ownerId);
    return this.subscriptions.revokeAllShareCodes(watchId, this.now());
  }

  isShareCode(text: string): boolean {
    return SHARE_CODE.test(text.trim());
  }

  subscribe(code: string, target: { chatId: number; threadId?: number | null; language?: string }): { watchId: number; watchName: string; subscriptionId: number } {
    const trimmed = code.trim();
    if (!SHARE_CODE.test(trimmed)) throw new WatchError("share_code_malformed");
    const row = this.subscriptions.shareCode(trimmed);
    if (!row) throw new WatchError("share_code_unknown");
    if (row.revoked_at !== null) throw new WatchError("share_code_revoked");
    const watch = this.watches.get(row.watch_id);
    if (!watch) throw new WatchError("share_code_unknown");
    const sub = this.subscriptions.upsert(watch.id, target.chatId, target.threadId ?? null, normalizeLanguage(target.language), this.now());
    return { watchId: watch.id, watchName: watchDisplayName(watch), subscriptionId: sub.id };
  }

  unsubscribe(watchId: number, chatId: number, threadId: number | null = null): boolean {
    return this.subscriptions.remove(watchId, chatId, threadId);
  }

  muteSubscription(watchId: number, chatId: number, threadId: number | null, hours: number): void {
    if (!(hours > 0 && hours <= MAX_MUTE_HOURS)) throw new WatchError("mute_hours");
    const sub = this.subscriptions.find(watchId, chatId, threadId);
    if (!sub) throw new WatchError("not_found");
    this.subscriptions.setMutedUntil(sub.id, this.now() + hours * 3_600_000);
  }

  /** /unsubscribe in a chat or topic: every watch it follows; returns how many. */
  unsubscribeChat(chatId: number, threadId: number | null): number {
    const subs = this.subscriptions.listByChat(chatId, threadId);
    for (const sub of subs) this.subscriptions.remove(sub.watch_id, chatId, threadId);
    return subs.length;
  }

  /** /mute <hours> in a chat or topic: its own alerts pause; other subscribers still get theirs. */
  muteChat(chatId: number, threadId: number | null, hours: number): number {
    if (!(hours > 0 && hours <= MAX_MUTE_HOURS)) throw new WatchError("mute_hours");
    const subs = this.subscriptions.listByChat(chatId, threadId);
    for (const sub of subs) this.subscriptions.setMutedUntil(sub.id, this.now() + hours * 3_600_000);
    return subs.length;
  }

  /**
   * What the "run a full check" button checks: the watch's real endpoint (its sealed URL and secrets, never
   * the sanitised display URL) and, to read Telegram's record, its token. A token-only watch is checked at the
   * URL Telegram reports for it now, asked with the token. Only for the owner or a chat subscribed to the
   * watch; the secrets go straight into the check request, whose report is scrubbed of them.
   */
  async checkTarget(watchId: number, userId: number, chatId: number): Promise<CheckTarget> {
    const row = this.watches.get(watchId);
    if (!row) return { ok: false, reason: "not_found" };
    const allowed = row.owner_id === userId || this.subscriptions.listByWatch(watchId).some((s) => s.chat_id === chatId && Boolean(s.active));
    if (!allowed) return { ok: false, reason: "not_found" };
    let token: string | undefined;
    let endpoint: ReturnType<typeof openEndpoint>;
    try {
      token = row.token_sealed ? this.options.box.open(row.token_sealed, watchAad(row.id)) : undefined;
      endpoint = openEndpoint(this.options.box, row);
    } catch {
      return { ok: false, reason: "sealed" };
    }
    if (endpoint) {
      const secrets: CheckSecrets = { ...endpoint.secrets, ...(token && endpoint.platform === "telegram" ? { botToken: token } : {}) };
      return { ok: true, spec: { url: endpoint.url, platform: endpoint.platform, secrets, ...(endpoint.auth ? { auth: endpoint.auth } : {}) } };
    }
    if (!token) return { ok: false, reason: "no_endpoint" };
    const info = await getWebhookInfo(this.options.apiRoot, token, { timeoutMs: this.options.tokenCheckTimeoutMs ?? 10_000 });
    if (!info.ok) return { ok: false, reason: info.status === 401 ? "token_revoked" : "telegram_unavailable" };
    if (!info.result.url) return { ok: false, reason: "no_webhook" };
    return { ok: true, spec: { url: info.result.url, platform: "telegram", secrets: { botToken: token } } };
  }

  private owned(watchId: number, ownerId: number): WatchRow {
    const row = this.watches.get(watchId);
    if (!row || row.owner_id !== ownerId) throw new WatchError("not_found");
    return row;
  }

  private view(w: WatchRow): WatchView {
    // A damaged state shows as "no state yet" here; the monitor logs it and starts it over at the next run.
    const parsed = parseWatchState(w.state_json);
    const state: WatchState = parsed.ok ? parsed.state : {};
    return {
      id: w.id,
      name: watchDisplayName(w),
      label: w.label,
      url: w.url,
      platform: w.platform ?? "telegram",
      hasToken: w.token_sealed !== null,
      hasEndpointSecrets: w.endpoint_sealed !== null,
      botUsername: w.bot_username,
      intervalS: w.interval_s,
      status: w.status,
      failingSince: w.failing_since,
      mutedUntil: w.muted_until !== null && w.muted_until > this.now() ? w.muted_until : null,
      lastChangeAt: w.last_change_at,
      webhookUrl: state.webhookUrl ?? null,
      lastErrorMessage: state.lastErrorMessage ?? null,
      nextRunAt: w.next_run_at,
      createdAt: w.created_at,
    };
  }
}

/** What "run a full check" of a watch runs, or why it cannot run it. */
export type CheckTarget =
  | { ok: true; spec: { url: string; platform: Platform; secrets: CheckSecrets; auth?: AuthSpec } }
  | { ok: false; reason: "not_found" | "no_endpoint" | "no_webhook" | "telegram_unavailable" | "token_revoked" | "sealed" };

/** The secrets a platform's check uses, empty ones dropped: a secret token for Telegram, and so on. */
function endpointSecrets(given: EndpointSecrets | undefined, platform: Platform): EndpointSecrets {
  const keys: Record<Platform, Array<keyof EndpointSecrets>> = {
    telegram: ["secretToken"],
    whatsapp: ["verifyToken", "appSecret"],
    generic: ["signingSecret", "bearerToken"],
  };
  const out: EndpointSecrets = {};
  for (const key of keys[platform]) {
    const value = given?.[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

function isRevoked(stateJson: string): boolean {
  const parsed = parseWatchState(stateJson);
  return parsed.ok && parsed.state.tokenRevoked === true;
}
