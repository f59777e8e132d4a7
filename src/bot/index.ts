import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation, type ConversationData, type VersionedState } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotError } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { classifyMessage } from "../diagnosis/classify.js";
import type { CheckResult } from "../diagnosis/checklist.js";
import { createI18n, normalizeLanguage, t } from "../i18n.js";
import type { ConversationStateRepository } from "../store/conversation-state-repository.js";
import type { ReportsRepository } from "../store/reports-repository.js";
import type { UsersRepository } from "../store/users-repository.js";
import type { Metrics } from "../metrics.js";
import { addressedToUs, commandOf, helpText, isAnonymousSender, isContentMessage, STATELESS_COMMANDS } from "./chat-rules.js";
import { CheckJobs, isBlockedError } from "./check-jobs.js";
import type { BotContext, DialogContext } from "./context.js";
import { createCheckDialog } from "./conversations/check-dialog.js";
import { createVerifyDialog } from "./conversations/verify-dialog.js";
import { createWatchDialog } from "./conversations/watch-dialog.js";
import { MIN_INTERVAL_S } from "../monitor/watch-service.js";
import { createAddWatch, watchFeature, type WatchingDeps } from "./features/watch.js";
import { accountFeature } from "./features/account.js";
import { checkFeature } from "./features/check.js";
import { explainFeature, explainText } from "./features/explain.js";
import { fixFeature, type FixDeps } from "./features/fix.js";
import { inlineFeature } from "./features/inline.js";
import { createVerifyDiagnosis, verifyFeature } from "./features/verify.js";

export type { BotContext } from "./context.js";

/** Bump when a dialog's steps change: stored half-finished dialogs of the old shape are then dropped, not replayed. */
const DIALOG_VERSION = 2;
/** A dialog left alone this long is ended (checked when the user's next update arrives). */
const DIALOG_IDLE_MS = 30 * 60_000;

export interface BotStore {
  users: UsersRepository;
  reports: ReportsRepository<CheckResult>;
  conversations: ConversationStateRepository<VersionedState<ConversationData>>;
}

export interface BotDeps {
  config: Pick<Config, "botToken" | "apiRoot" | "probeAllowPrivate">;
  logger: Logger;
  store: BotStore;
  /** Watching (issue: alerts when a webhook breaks): without it the bot only checks on demand. */
  watching?: WatchingDeps;
  /** The owner's burst test, fixes and delivery confirmation (issue 12): without it reports offer none. */
  fix?: FixDeps;
  /** Prometheus recording (METRICS_PORT); the bot never sees the registry itself. */
  metrics?: Pick<Metrics, "apiTransformer" | "updateMiddleware" | "recordReport" | "recordCheckError">;
}

/** Storage key of a dialog: chat and person (users.forget removes every key of a person). */
export const dialogKey = (chatId: number, userId: number | undefined) => `${chatId}:${userId ?? chatId}`;

const retries = () => autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 });

export function createBot({ config, logger, store, watching, metrics, fix }: BotDeps) {
  const { users, reports } = store;
  const bot = new Bot<BotContext>(config.botToken, { client: { apiRoot: config.apiRoot } });
  // Metrics first: inside auto-retry, so every 429 and error Telegram answers is counted, retried or not.
  const countCalls = metrics ? [metrics.apiTransformer("bot")] : [];
  bot.api.config.use(...countCalls);
  if (metrics) bot.use(metrics.updateMiddleware());
  // 429s and 5xx from the Bot API are absorbed with bounded attempts and delays.
  bot.api.config.use(retries());
  // The runner handles updates concurrently; updates of one chat still run in order (dialogs rely on it).
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  const onError = ({ error, ctx }: BotError<BotContext>) => {
    // The handler gets the BotError taken apart: `error` is already what the middleware threw.
    if (isBlockedError(error) && ctx.from && ctx.chat?.type === "private") {
      users.setBlocked(ctx.from.id, true);
      return logger.info({ update_id: ctx.update.update_id }, "user blocked the bot; marked");
    }
    logger.error({ err: error, update_id: ctx.update.update_id }, "update failed");
  };
  bot.catch(onError);
  // A language chosen with /language wins over Telegram's setting, inside dialogs too.
  // One rule for the reader's language: the negotiator (ctx.t) and the jobs that answer later (lang) share it.
  const lang = (ctx: BotContext) => normalizeLanguage((ctx.from && users.language(ctx.from.id)) ?? ctx.from?.language_code);
  const i18n = createI18n<BotContext>({ localeNegotiator: lang });
  bot.use(i18n);

  const jobs = new CheckJobs(
    bot.api,
    logger,
    { apiRoot: config.apiRoot, allowPrivate: config.probeAllowPrivate, maxInFlight: 20, perUserPerMinute: 10, editIntervalMs: 1_500 },
    {
      canWatch: Boolean(watching),
      canFix: Boolean(fix),
      saveReport: (report, job) => {
        users.ensure(job.userId);
        return reports.save(report, { userId: job.userId, chatId: job.chatId }, job.spec);
      },
      onBlocked: (userId, chatId) => {
        if (userId === chatId) users.setBlocked(userId, true);
      },
      onReport: metrics?.recordReport,
      onCheckError: metrics?.recordCheckError,
    },
  );

  // An anonymous administrator (or a channel) has no person behind it to keep watches, reports or dialogs for.
  bot.on("message", async (ctx, next) => {
    if (!isAnonymousSender(ctx)) return next();
    const command = commandOf(ctx);
    if (!command?.forUs) return; // not addressed to us: nothing to answer
    if (STATELESS_COMMANDS.has(command.name)) return next();
    return ctx.reply(ctx.t("chat-anonymous-admin"));
  });

  // Dialogs live only in chats (inline queries have none) and are stored sealed in SQLite.
  const chats = bot.filter((ctx) => ctx.chat !== undefined);
  chats.use(
    conversations<BotContext, DialogContext>({
      // One dialog per person per chat: in a group, two people's /check never mix their answers.
      storage: { type: "key", version: DIALOG_VERSION, adapter: store.conversations, getStorageKey: (ctx) => dialogKey(ctx.chat!.id, ctx.from?.id) },
      // Inner contexts get no plugins by default: the language and the retries are installed again.
      plugins: [i18n as never, (ctx, next) => (ctx.api.config.use(...countCalls, retries()), next())],
    }),
  );
  // Before /cancel and the dialogs: a fix waiting for a typed answer (secret token, update types) takes it,
  // and /cancel then cancels that fix; any other update passes through.
  if (fix) chats.use(fixFeature({ ...fix, api: bot.api, jobs, reports, lang, logger, apiRoot: config.apiRoot, allowPrivate: config.probeAllowPrivate }));
  chats.command("cancel", async (ctx) => {
    const active = Object.keys(await ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t(active ? "dialog-cancelled" : "dialog-nothing-to-cancel"));
  });
  // A command typed in the middle of a dialog leaves the dialog and runs (only /skip belongs to a question).
  chats.use(async (ctx, next) => {
    const command = commandOf(ctx);
    if (command?.forUs && command.name !== "skip" && Object.keys(await ctx.conversation.active()).length > 0) {
      await ctx.conversation.exitAll();
      await ctx.reply(ctx.t("chat-dialog-left"));
    }
    return next();
  });
  chats.use(createConversation(createCheckDialog((job) => jobs.enqueue(job)), { id: "check", maxMillisecondsToWait: DIALOG_IDLE_MS }));
  chats.use(createConversation(createVerifyDialog(createVerifyDiagnosis(config.apiRoot, config.botToken)), { id: "verify", maxMillisecondsToWait: DIALOG_IDLE_MS }));
  const addWatch = watching ? createAddWatch(watching.service, t, () => bot.botInfo.username) : undefined;
  if (watching && addWatch) {
    chats.use(createConversation(createWatchDialog(addWatch, MIN_INTERVAL_S), { id: "watch", maxMillisecondsToWait: DIALOG_IDLE_MS }));
    // Before the greeting: /start <share code> subscribes.
    bot.use(watchFeature({ ...watching, jobs, reports, lang }, addWatch));
  }

  bot.use(accountFeature(users));
  bot.use(explainFeature);
  bot.use(verifyFeature);
  bot.use(checkFeature({ jobs, reports, lang }));
  bot.use(inlineFeature(jobs, lang));

  // What is left: in a group only what is addressed to the bot gets an answer (chatter and service messages none).
  const toUs = bot.on("message").filter((ctx) => addressedToUs(ctx) && ctx.message.via_bot?.id !== ctx.me.id);
  toUs.on("message:text", async (ctx) => {
    const text = ctx.message.text.trim();
    if (commandOf(ctx)) return ctx.reply(ctx.t("bot-unknown-command"));
    // A pasted last_error_message, status line or OpenSSL line: explain it without a command.
    if (classifyMessage(text).code !== "unknown") return explainText(ctx, text);
    return ctx.reply(helpText(ctx), { parse_mode: "HTML" });
  });
  toUs.filter(isContentMessage, (ctx) => ctx.reply(ctx.t("bot-send-text")));
  // Every button press gets an answer (or the user's button keeps spinning): one nobody handled is stale.
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("chat-button-stale") }));

  return { bot, jobs };
}
