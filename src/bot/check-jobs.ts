import { GrammyError, InlineKeyboard, type Api } from "grammy";
import type { InlineQueryResultArticle } from "grammy/types";
import type { Logger } from "pino";
import { defaultOptions, type AuthSpec, type CheckSecrets } from "../diagnosis/check-request.js";
import { runCheck, type CheckResult } from "../diagnosis/checklist.js";
import type { CheckSummary, Platform } from "../diagnosis/report.js";
import { t } from "../i18n.js";
import { progressLine, reportMessages, reportToHtml } from "../render/telegram.js";
import { cutText } from "../text.js";

/** What a user asked to check: kept whole so a report's buttons can run it again. */
export interface CheckSpec {
  url: string;
  platform: Platform;
  secrets: CheckSecrets;
  auth?: AuthSpec;
  deep?: boolean;
}

export interface CheckJob {
  chatId: number;
  /** Forum topic the request came from: the answer goes back into it. */
  threadId?: number;
  userId: number;
  lang: string;
  spec: CheckSpec;
}

export interface CheckJobsOptions {
  apiRoot: string;
  allowPrivate: boolean;
  /** Probes in flight across all users. */
  maxInFlight: number;
  /** Checks one user may start per minute. */
  perUserPerMinute: number;
  /** Minimum gap between two edits of one progress message (Telegram answers 429 to faster edits). */
  editIntervalMs: number;
}

/** Where the runner hands a finished report (storage) and a chat that cannot receive (blocked). */
export interface CheckJobsHooks {
  saveReport?: (report: CheckResult, job: CheckJob) => string | undefined;
  onBlocked?: (userId: number, chatId: number) => void;
  /** Whether the report offers a "watch this endpoint" button (the monitor is running). */
  canWatch?: boolean;
  /** Whether a report made with a bot token offers the owner's burst test and fixes (src/bot/features/fix.ts). */
  canFix?: boolean;
  /** Every finished report and every check that threw (metrics). */
  onReport?: (report: CheckResult, source: "chat" | "inline") => void;
  onCheckError?: (source: "chat" | "inline") => void;
}

export type EnqueueResult = "started" | "busy" | "rate_limited";

/** Telegram's answer for a chat that cannot receive from us any more: stop, do not retry. */
export function isBlockedError(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description)));
}

/** Inline answers are due within seconds: the quick check there gets a short deadline of its own. */
const INLINE_DEADLINE_MS = 8_000;

/**
 * Probes take up to a minute, longer than one update may take: handlers enqueue here and return at once.
 * The runner posts one progress message, edits it (throttled) as checks finish, then edits the report
 * into it (split over more messages when long), with buttons to re-run, go deep, explain, watch.
 */
export class CheckJobs {
  private inFlight = 0;
  private readonly recent = new Map<number, number[]>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly api: Api,
    private readonly logger: Logger,
    private readonly options: CheckJobsOptions,
    private readonly hooks: CheckJobsHooks = {},
  ) {}

  enqueue(job: CheckJob, now = Date.now()): EnqueueResult {
    return this.start(job.userId, now, () => this.run(job), "chat", { chatId: job.chatId });
  }

  /** `@bot <url>` in any chat: a quick check whose report is offered as an article to send. */
  enqueueInline(query: { id: string; userId: number; lang: string; url: string }, now = Date.now()): EnqueueResult {
    return this.start(query.userId, now, () => this.runInline(query), "inline", { inlineQuery: query.id });
  }

  /** Other long work started from a chat (a burst test, a delivery confirmation): the same limits, the same drain. */
  enqueueTask(userId: number, work: () => Promise<void>, logContext: Record<string, unknown> = {}, now = Date.now()): EnqueueResult {
    return this.start(userId, now, work, "chat", logContext);
  }

  /** Resolves when every running job has finished (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private start(userId: number, now: number, work: () => Promise<void>, source: "chat" | "inline", logContext: Record<string, unknown>): EnqueueResult {
    const times = (this.recent.get(userId) ?? []).filter((t) => now - t < 60_000);
    if (times.length >= this.options.perUserPerMinute) return "rate_limited";
    if (this.inFlight >= this.options.maxInFlight) return "busy";
    times.push(now);
    this.recent.set(userId, times);
    this.inFlight++;
    const run = work()
      .catch((error) => {
        this.hooks.onCheckError?.(source);
        this.logger.error({ err: error, ...logContext }, "check job failed");
      })
      .finally(() => {
        this.inFlight--;
        this.running.delete(run);
      });
    this.running.add(run);
    return "started";
  }

  private request(spec: CheckSpec, overrides: { totalTimeoutMs?: number; httpTimeoutMs?: number } = {}) {
    return {
      url: spec.url,
      platform: spec.platform,
      secrets: spec.secrets,
      auth: spec.auth,
      options: defaultOptions(spec.platform, { apiRoot: this.options.apiRoot, allowPrivate: this.options.allowPrivate, deep: Boolean(spec.deep), ...overrides }),
    };
  }

  private async run(job: CheckJob): Promise<void> {
    const where = { ...(job.threadId ? { message_thread_id: job.threadId } : {}) };
    try {
      const progress = await this.api.sendMessage(job.chatId, progressLine(job.lang, []), where);
      const done: CheckSummary[] = [];
      let lastEdit = 0;
      let pending: ReturnType<typeof setTimeout> | undefined;
      let editing = Promise.resolve();
      const edit = () => {
        lastEdit = Date.now();
        // A lost progress edit is harmless: the report replaces it. This also runs from a timer, where a
        // throw would end the process: log it instead.
        try {
          const text = progressLine(job.lang, done);
          editing = editing.then(() => this.api.editMessageText(job.chatId, progress.message_id, text).then(() => undefined, () => undefined));
        } catch (error) {
          this.logger.error({ err: error, chatId: job.chatId }, "progress edit failed");
        }
      };
      const report = await runCheck(this.request(job.spec), {
        onCheck: (summary) => {
          done.push(summary);
          const wait = this.options.editIntervalMs - (Date.now() - lastEdit);
          if (wait <= 0) edit();
          else pending ??= setTimeout(() => ((pending = undefined), edit()), wait);
        },
      });
      clearTimeout(pending);
      this.hooks.onReport?.(report, "chat");
      await editing;
      const reportId = this.hooks.saveReport?.(report, job);
      // Operational trace without the request itself: the report's URL is already sanitised and secret-free.
      this.logger.info({ chatId: job.chatId, platform: report.platform, url: report.url, verdict: report.verdict, primary: report.primary, ms: report.duration_ms, reportId }, "check finished");
      const messages = reportMessages(report, job.lang, reportId);
      const buttons = reportId ? this.buttons(reportId, job.lang, job.spec) : undefined;
      const html = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
      await this.api.editMessageText(job.chatId, progress.message_id, messages[0], { ...html, ...(messages.length === 1 && buttons ? { reply_markup: buttons } : {}) });
      for (let i = 1; i < messages.length; i++) {
        await this.api.sendMessage(job.chatId, messages[i], { ...html, ...where, ...(i === messages.length - 1 && buttons ? { reply_markup: buttons } : {}) });
      }
    } catch (error) {
      if (!isBlockedError(error)) throw error;
      this.logger.info({ chatId: job.chatId }, "chat cannot receive (blocked or gone): check report dropped");
      this.hooks.onBlocked?.(job.userId, job.chatId);
    }
  }

  private buttons(reportId: string, lang: string, spec?: CheckSpec): InlineKeyboard {
    const keyboard = new InlineKeyboard()
      .text(t(lang, "button-rerun"), `wd:rerun:${reportId}`)
      .text(t(lang, "button-deep"), `wd:deep:${reportId}`)
      .row()
      .text(t(lang, "button-explain"), `wd:more:${reportId}`);
    if (this.hooks.canWatch) keyboard.text(t(lang, "button-watch"), `wd:watch:${reportId}`);
    // The owner's tools need the token: only a report made with one offers them.
    if (this.hooks.canFix && spec?.platform === "telegram" && spec.secrets.botToken) {
      keyboard.row().text(t(lang, "burst-button"), `wd:burst:${reportId}`).text(t(lang, "fix-button"), `wd:fix:${reportId}`);
    } else if (this.hooks.canFix && spec && (spec.secrets.appSecret || spec.secrets.signingSecret || spec.secrets.bearerToken)) {
      // A signed webhook's owner (who gave its secret) can burst it; the fixes are Telegram calls.
      keyboard.row().text(t(lang, "burst-button"), `wd:burst:${reportId}`);
    }
    return keyboard;
  }

  private async runInline(query: { id: string; userId: number; lang: string; url: string }): Promise<void> {
    const report = await runCheck(this.request({ url: query.url, platform: "telegram", secrets: {} }, { totalTimeoutMs: INLINE_DEADLINE_MS, httpTimeoutMs: INLINE_DEADLINE_MS / 2 }));
    this.hooks.onReport?.(report, "inline");
    const article: InlineQueryResultArticle = {
      type: "article",
      id: `check-${Date.now().toString(36)}`,
      title: cutText(`${t(query.lang, `verdict-${report.verdict}`)}: ${report.url}`, 200),
      description: report.primary ? `${report.primary}` : t(query.lang, "inline-no-findings"),
      input_message_content: { message_text: reportToHtml(report, query.lang), parse_mode: "HTML", link_preview_options: { is_disabled: true } },
    };
    // The answer is personal (cache per user) and short-lived: a re-typed query re-checks after a minute.
    await this.api.answerInlineQuery(query.id, [article], { cache_time: 60, is_personal: true }).catch((error) => {
      // The query may have expired while probes ran; nothing to show then.
      this.logger.warn({ err: error }, "answerInlineQuery failed");
    });
  }
}

