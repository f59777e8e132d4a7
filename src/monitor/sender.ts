import { Api, GrammyError } from "grammy";
import type { Db } from "../store/database.js";
import { OutboxRepository, type PendingDelivery } from "../store/outbox-repository.js";
import { SubscriptionsRepository } from "../store/subscriptions-repository.js";
import { checkNowKeyboard, renderAlert } from "../render/alert-text.js";
import { parseStoredAlert } from "./stored-schemas.js";
import { SendPacer } from "./pacer.js";

/**
 * Drains the `deliveries` outbox through our own bot (grammY's Api, pointed at the configured apiRoot).
 *
 * Exactly-once, as far as a client of an HTTP API can get it: ONE request at a time, and the answer is
 * recorded (`sent`, retry, deactivate) in the same synchronous step that receives it: better-sqlite3 is
 * synchronous, so no other code runs between the resolved sendMessage and the UPDATE. A SIGKILL therefore
 * lands either before Telegram answered (the row is still `pending`: it is sent again after restart, and
 * Telegram had either not received it or not accepted it yet) or after the row says `sent`.
 *
 * The window that remains, honestly: Telegram has accepted the message and written its answer, but the
 * process dies before that answer reaches us (in flight on the network, in the socket buffer, or between
 * the bytes arriving and the promise resolving: microseconds). The row is still `pending` and that one
 * subscriber gets a second copy after restart. The same holds for a network error after Telegram accepted
 * the request. The Bot API has no idempotency key, so no client can close this window; it is one message
 * per crash at most, because only one request is ever in flight.
 */

export interface SendLimits {
  /** Telegram: about 30 messages a second overall. */
  globalPerSecond: number;
  /** Telegram: about one message a second to the same chat. */
  perChatIntervalMs: number;
  /** Telegram: at most 20 messages a minute to the same group. */
  groupPerMinute: number;
  /** 5xx and network errors: attempts before giving up, and the backoff between them. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long one sendMessage may take. */
  requestTimeoutS: number;
}

export const TELEGRAM_LIMITS: SendLimits = {
  globalPerSecond: 30,
  perChatIntervalMs: 1_000,
  groupPerMinute: 20,
  maxAttempts: 6,
  backoffBaseMs: 2_000,
  backoffMaxMs: 120_000,
  requestTimeoutS: 30,
};

/** Answers that mean the chat is gone for good: deactivate the subscriber instead of retrying forever. */
const GONE = /bot was blocked by the user|bot was kicked|user is deactivated|chat not found|group chat was (deleted|upgraded)|bot is not a member|have no rights to send|message thread not found|topic_closed|topic_deleted|chat_write_forbidden/i;

export interface SenderOptions {
  db: Db;
  /** Our own bot's token (the one that sends alerts). */
  token: string;
  apiRoot: string;
  now?: () => number;
  limits?: Partial<SendLimits>;
  /** Hooks for logs and tests; never given a token. */
  onEvent?: (event: SenderEvent) => void;
  /** The loop hit something unexpected (a database error, a bug); it waits a moment and goes on. */
  onLoopError?: (error: unknown) => void;
  /** Whether this process may send now (it holds the monitor lease); unset: always. */
  mayRun?: () => boolean;
}

export type SenderEvent =
  | { type: "sent"; deliveryId: number; chatId: number }
  | { type: "retry"; deliveryId: number; chatId: number; afterMs: number; reason: string }
  | { type: "deactivated"; subscriptionId: number; chatId: number; reason: string }
  | { type: "failed"; deliveryId: number; chatId: number; reason: string }
  /** The stored alert cannot be rendered: set aside (status 'dead'), never sent, never retried. */
  | { type: "dead_letter"; deliveryId: number; chatId: number; reason: string };

/** After an unexpected error the loop pauses this long, so a persistent fault is a log line a second, not a spin. */
const LOOP_ERROR_PAUSE_MS = 1_000;
const NOT_HOLDER_WAIT_MS = 250;

export class AlertSender {
  /** The sender's own Bot API client; main.ts counts its calls (metrics) through a transformer. */
  readonly api: Api;
  private readonly outbox: OutboxRepository;
  private readonly subscriptions: SubscriptionsRepository;
  private readonly now: () => number;
  private readonly limits: SendLimits;
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  /** The global limit (30 a second), counted as Telegram counts it. */
  private readonly pacer: SendPacer;
  /** chat → earliest time we may send to it again (per-chat spacing and retry_after). */
  private readonly chatReadyAt = new Map<number, number>();
  /** group chat → send times within the last minute. */
  private readonly groupSends = new Map<number, number[]>();

  constructor(private readonly options: SenderOptions) {
    this.api = new Api(options.token, { apiRoot: options.apiRoot, timeoutSeconds: options.limits?.requestTimeoutS ?? TELEGRAM_LIMITS.requestTimeoutS });
    this.outbox = new OutboxRepository(options.db);
    this.subscriptions = new SubscriptionsRepository(options.db);
    this.now = options.now ?? Date.now;
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.pacer = new SendPacer(this.limits.globalPerSecond);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the request in flight (and records its answer), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** New deliveries were queued: look now rather than at the next timer. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Never rejects: whatever one round throws is reported and the loop goes on (a dead loop sends nothing). */
  private async run(): Promise<void> {
    while (this.running) {
      let waitMs: number;
      try {
        waitMs = await this.sendOne();
      } catch (error) {
        this.options.onLoopError?.(error);
        waitMs = LOOP_ERROR_PAUSE_MS;
      }
      if (waitMs > 0 && this.running) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.min(ms, 1_000)); // bounded: re-read the outbox at least every second
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /** Sends at most one message; returns how long to wait before the next try (0 = go on at once). */
  async sendOne(): Promise<number> {
    // Another instance holds the lease: it sends. Look again soon, to take over when it is gone.
    if (this.options.mayRun && !this.options.mayRun()) return NOT_HOLDER_WAIT_MS;
    const now = this.now();
    const paced = this.pacer.wait(now);
    if (paced > 0) return paced;
    const batch = this.outbox.due(now, 200);
    if (batch.length === 0) {
      const next = this.outbox.nextDueAt();
      return next === undefined ? 1_000 : Math.max(1, next - now);
    }
    let earliest = Infinity;
    const delivery = batch.find((d) => {
      const ready = this.readyAt(d.chat_id, now);
      earliest = Math.min(earliest, ready);
      return ready <= now;
    });
    if (!delivery) return Math.max(1, earliest - now);
    await this.deliver(delivery);
    return 0;
  }

  private readyAt(chatId: number, now: number): number {
    let ready = this.chatReadyAt.get(chatId) ?? 0;
    if (chatId < 0) {
      const recent = (this.groupSends.get(chatId) ?? []).filter((t) => now - t < 60_000);
      this.groupSends.set(chatId, recent);
      if (recent.length >= this.limits.groupPerMinute) ready = Math.max(ready, recent[0] + 60_000);
    }
    return ready;
  }

  private noteSend(chatId: number, at: number): void {
    this.pacer.took(at);
    this.chatReadyAt.set(chatId, at + this.limits.perChatIntervalMs);
    if (chatId < 0) this.groupSends.set(chatId, [...(this.groupSends.get(chatId) ?? []), at]);
    // Keep the maps small: forget chats whose spacing has long passed.
    if (this.chatReadyAt.size > 10_000) for (const [chat, t] of this.chatReadyAt) if (t < at) this.chatReadyAt.delete(chat);
  }

  private async deliver(d: PendingDelivery): Promise<void> {
    const lang = d.language;
    let text: string;
    let keyboard: ReturnType<typeof checkNowKeyboard>;
    try {
      const event = parseStoredAlert(d.kind, d.payload_json);
      text = renderAlert(event, { id: d.watch_id, label: d.label, bot_username: d.bot_username, url: d.url }, lang);
      keyboard = checkNowKeyboard(d.watch_id, lang);
    } catch (error) {
      // A poison row: it would fail the same way on every try and after every restart. Set it aside.
      const reason = `cannot render: ${String((error as Error)?.message ?? error).slice(0, 250)}`;
      this.outbox.markDead(d.id, reason);
      this.options.onEvent?.({ type: "dead_letter", deliveryId: d.id, chatId: d.chat_id, reason });
      return;
    }
    const startedAt = this.now();
    this.noteSend(d.chat_id, startedAt);
    try {
      const message = await this.api.sendMessage(d.chat_id, text, {
        ...(d.message_thread_id !== null ? { message_thread_id: d.message_thread_id } : {}),
        reply_markup: keyboard,
        link_preview_options: { is_disabled: true },
      });
      // Same synchronous step as the answer: nothing can run between these two lines.
      this.outbox.markSent(d.id, message.message_id, this.now());
      this.options.onEvent?.({ type: "sent", deliveryId: d.id, chatId: d.chat_id });
    } catch (error) {
      this.handleFailure(d, error);
    }
  }

  private handleFailure(d: PendingDelivery, error: unknown): void {
    const now = this.now();
    if (error instanceof GrammyError) {
      const reason = `${error.error_code}: ${error.description}`;
      if (error.error_code === 429) {
        // Telegram said how long to wait: wait exactly that (for this chat), without counting an attempt.
        const afterMs = Math.max(1, error.parameters.retry_after ?? 1) * 1_000;
        this.chatReadyAt.set(d.chat_id, now + afterMs);
        this.outbox.retryLater(d.id, now + afterMs, reason, false);
        this.options.onEvent?.({ type: "retry", deliveryId: d.id, chatId: d.chat_id, afterMs, reason });
        return;
      }
      const movedTo = error.parameters.migrate_to_chat_id;
      if (movedTo !== undefined && this.followMigration(d, movedTo, reason, now)) return;
      if (error.error_code === 403 || (error.error_code === 400 && GONE.test(error.description))) {
        this.options.db.transaction(() => {
          this.subscriptions.deactivate(d.subscription_id, reason, now);
          this.outbox.dropForSubscription(d.subscription_id, reason);
        })();
        this.options.onEvent?.({ type: "deactivated", subscriptionId: d.subscription_id, chatId: d.chat_id, reason });
        return;
      }
      if (error.error_code < 500) {
        // Any other 4xx is our mistake and will not go away by repeating it.
        this.outbox.markFailed(d.id, reason);
        this.options.onEvent?.({ type: "failed", deliveryId: d.id, chatId: d.chat_id, reason });
        return;
      }
      this.backoff(d, reason, now);
      return;
    }
    // A network error or timeout: Telegram may or may not have the message; retry (see the header comment).
    this.backoff(d, `network: ${String((error as Error)?.message ?? error).slice(0, 120)}`, now);
  }

  /** A group became a supergroup: the subscription follows it to the new chat id and the alert goes there. */
  private followMigration(d: PendingDelivery, movedTo: number, reason: string, now: number): boolean {
    try {
      this.subscriptions.moveToChat(d.subscription_id, movedTo);
    } catch {
      return false; // the new chat already has its own subscription to this watch: treat the old one as gone
    }
    this.outbox.retryLater(d.id, now, reason, false);
    this.options.onEvent?.({ type: "retry", deliveryId: d.id, chatId: movedTo, afterMs: 0, reason });
    return true;
  }

  private backoff(d: PendingDelivery, reason: string, now: number): void {
    const attempts = d.attempts + 1;
    if (attempts >= this.limits.maxAttempts) {
      this.outbox.markFailed(d.id, reason);
      this.options.onEvent?.({ type: "failed", deliveryId: d.id, chatId: d.chat_id, reason });
      return;
    }
    const afterMs = Math.min(this.limits.backoffMaxMs, this.limits.backoffBaseMs * 2 ** (attempts - 1));
    this.outbox.retryLater(d.id, now + afterMs, reason, true);
    this.options.onEvent?.({ type: "retry", deliveryId: d.id, chatId: d.chat_id, afterMs, reason });
  }
}
