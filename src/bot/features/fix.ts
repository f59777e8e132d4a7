import { Composer, InlineKeyboard, type Api } from "grammy";
import type { Logger } from "pino";
import { authorizeBurst, type BurstLedger } from "../../diagnosis/burst-gate.js";
import { defaultOptions, type CheckRequest } from "../../diagnosis/check-request.js";
import type { BurstSettings } from "../../diagnosis/checks/burst.js";
import { sameWebhookUrl } from "../../diagnosis/checks/telegram.js";
import { runCheck, type CheckResult } from "../../diagnosis/checklist.js";
import { confirmDelivery, type TimelinePoint } from "../../diagnosis/confirm-delivery.js";
import { t } from "../../i18n.js";
import { sanitizeUrl } from "../../probes/target.js";
import { burstFixText, burstTable, confirmVerdictText, timelineLine } from "../../render/burst-text.js";
import { findingText } from "../../render/finding-text.js";
import { escapeHtml, fixToHtml } from "../../render/telegram.js";
import type { FixActionRow, FixActionsRepository, FixStage } from "../../store/fix-actions-repository.js";
import type { ReportsRepository, StoredRequest } from "../../store/reports-repository.js";
import {
  describeCall,
  executeWebhookCall,
  parseAllowedUpdates,
  planWebhookCall,
  readWebhookRecord,
  TWO_STEP_ACTIONS,
  type FixAction,
  type FixChoices,
  type WebhookCall,
} from "../../telegram/webhook-actions.js";
import { isTelegramSecretToken } from "../../secrets.js";
import type { CheckJobs, CheckSpec, EnqueueResult } from "../check-jobs.js";
import type { BotContext } from "../context.js";
import { cutText } from "../../text.js";

/**
 * The owner's tools under a report made with a bot token: the burst test at the webhook's own
 * max_connections, fixes sent as Bot API calls after an explicit confirmation that shows the exact call,
 * and "confirm delivery" that watches Telegram's record afterwards.
 *
 * Every step of a fix is a row with a one-shot id (src/store/fix-actions-repository.ts) that moves forward
 * with a conditional update: a second press, a press after a restart or a press by someone else finds the
 * row already moved (or not theirs) and gets a plain answer; a call is never sent twice, and never without
 * the owner's confirmation. The calls themselves live in src/telegram/webhook-actions.ts.
 */

export type FixRow = FixActionRow<FixChoices, WebhookCall>;

export interface FixOptions {
  /** Overrides of the burst's shape (tests use a short ramp). */
  burst?: Partial<BurstSettings>;
  confirmWaitMs?: number;
  confirmIntervalMs?: number;
  /** Minimum gap between two edits of a progress message (Telegram answers 429 to faster edits). */
  editIntervalMs?: number;
  /** A fix left half-way this long is expired. */
  actionTtlMs?: number;
}

export interface FixDeps {
  runs: BurstLedger;
  actions: FixActionsRepository<FixChoices, WebhookCall>;
  options?: FixOptions;
}

interface FeatureDeps extends FixDeps {
  api: Api;
  jobs: CheckJobs;
  reports: ReportsRepository<CheckResult>;
  lang: (ctx: BotContext) => string;
  logger: Logger;
  apiRoot: string;
  allowPrivate: boolean;
}

/** One letter per action in callback data (Telegram allows 64 bytes; "fx:n:<report id>:<letter>" is 15). */
const ACTION_CODES: Record<string, FixAction> = { r: "reset", m: "max_connections", u: "allowed_updates", d: "drop_backlog", x: "delete_webhook" };
const codeOf = (action: FixAction) => Object.keys(ACTION_CODES).find((k) => ACTION_CODES[k] === action)!;
const TERMINAL: FixStage[] = ["done", "failed", "cancelled"];
const html = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

export function fixFeature(deps: FeatureDeps) {
  const { api, jobs, reports, actions, runs, lang, logger, apiRoot } = deps;
  const options = deps.options ?? {};
  const ttlMs = options.actionTtlMs ?? 30 * 60_000;
  const editIntervalMs = options.editIntervalMs ?? 1_500;
  const feature = new Composer<BotContext>();
  const userOf = (ctx: BotContext) => ctx.from?.id ?? ctx.chat!.id;
  const where = (ctx: BotContext) => (ctx.msg?.message_thread_id ? { message_thread_id: ctx.msg.message_thread_id } : {});

  /** The stored request with its token, for the person who ran the check only. */
  const ownerRequest = (ctx: BotContext, reportId: string): (StoredRequest & { secrets: { botToken?: string } }) | undefined => {
    const request = ctx.from ? reports.request(reportId, ctx.from.id) : undefined;
    return request as (StoredRequest & { secrets: { botToken?: string } }) | undefined;
  };
  const refuseNotOwner = (ctx: BotContext) => ctx.answerCallbackQuery({ text: ctx.t("fix-not-owner"), show_alert: true });
  const answerBusy = (ctx: BotContext, result: EnqueueResult) => ctx.reply(ctx.t(result === "busy" ? "bot-busy" : "bot-rate-limited"));

  /** Edits one message at most every editIntervalMs; the last text always lands. */
  const throttledEditor = (chatId: number, messageId: number) => {
    let last = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let latest = "";
    let chain = Promise.resolve();
    const flush = () => {
      last = Date.now();
      const text = latest;
      chain = chain.then(() => api.editMessageText(chatId, messageId, text, html).then(() => undefined, () => undefined));
    };
    return {
      set(text: string) {
        latest = text;
        const wait = editIntervalMs - (Date.now() - last);
        if (wait <= 0) flush();
        else pending ??= setTimeout(() => ((pending = undefined), flush()), wait);
      },
      async done() {
        clearTimeout(pending);
        await chain;
      },
    };
  };

  // ── Burst test ────────────────────────────────────────────────────────────────────────────────────
  feature.callbackQuery(/^wd:burst:([a-z0-9]{8})$/, async (ctx) => {
    const reportId = ctx.match[1];
    const owner = ownerRequest(ctx, reportId);
    if (!owner) return refuseNotOwner(ctx);
    if (owner.platform === "telegram" && !owner.secrets.botToken) return ctx.answerCallbackQuery({ text: ctx.t("burst-refused-no_token"), show_alert: true });
    const userId = userOf(ctx);
    const chatId = ctx.chat!.id;
    const language = lang(ctx);
    const extra = where(ctx);
    const started = jobs.enqueueTask(userId, () => runBurst({ owner: owner as CheckSpec, userId, chatId, language, extra }), { chatId, burst: true });
    await ctx.answerCallbackQuery(started === "started" ? { text: ctx.t("burst-starting") } : undefined);
    if (started !== "started") await answerBusy(ctx, started);
  });

  async function runBurst(job: { owner: CheckSpec; userId: number; chatId: number; language: string; extra: object }) {
    const { owner, userId, chatId, language } = job;
    const request: CheckRequest = {
      url: owner.url,
      platform: owner.platform,
      secrets: owner.secrets,
      auth: owner.auth,
      options: defaultOptions(owner.platform, { apiRoot, allowPrivate: deps.allowPrivate }),
    };
    const decision = await authorizeBurst(request, runs, String(userId));
    if (!decision.ok) {
      await api.sendMessage(chatId, t(language, `burst-refused-${decision.reason}`, { minutes: Math.ceil((decision.retry_after_s ?? 0) / 60) }), job.extra);
      return;
    }
    let refused = false;
    try {
      const progress = await api.sendMessage(chatId, t(language, "burst-progress", { connections: 0, concurrency: decision.concurrency, done: 0, total: 0 }), job.extra);
      const editor = throttledEditor(chatId, progress.message_id);
      const report = await runCheck(
        { ...request, options: { ...request.options, burst: { ...options.burst, concurrency: decision.concurrency } } },
        { onBurst: (p) => editor.set(escapeHtml(t(language, "burst-progress", { connections: p.connections, concurrency: p.concurrency, done: p.done, total: p.total }))) },
      );
      await editor.done();
      refused = Boolean(report.burst_refused);
      const reportId = reports.save(report, { userId, chatId }, owner);
      logger.info({ chatId, url: report.url, burst: report.burst ?? null, verdict: report.verdict, reportId }, "burst test finished");
      await api.editMessageText(chatId, progress.message_id, burstMessage(report, language), { ...html, ...(report.platform === "telegram" ? { reply_markup: burstButtons(report, reportId, language) } : {}) });
    } finally {
      // A burst the receiver refused sent no load: it does not count against the 10 minutes.
      decision.release(refused);
    }
  }

  function burstMessage(report: CheckResult, language: string): string {
    const s = report.burst;
    const lines = [`<b>${escapeHtml(t(language, "burst-heading"))}</b> · <code>${escapeHtml(report.url)}</code>`];
    if (!s) {
      const primary = report.primary ? findingText(report.primary, language, report.url).title : "";
      const reason = report.burst_refused ? t(language, `burst-refused-${report.burst_refused}`) : primary;
      lines.push(escapeHtml(t(language, "burst-not-run", { reason: reason || "—" })));
      return lines.join("\n");
    }
    lines.push(`<pre>${escapeHtml(burstTable(s, language))}</pre>`);
    for (const f of report.findings.filter((x) => x.check === "burst")) {
      lines.push(`${f.severity === "fail" ? "❌" : "⚠️"} <b>${escapeHtml(findingText(f.code, language, report.url).title)}</b> <code>${f.code}</code>`);
    }
    if (!report.findings.some((x) => x.check === "burst")) lines.push(`✅ ${escapeHtml(t(language, "burst-held-all", { concurrency: s.concurrency }))}`);
    const fix = burstFixText(s, language);
    if (fix) lines.push(`<b>${escapeHtml(t(language, "report-fix"))}:</b>`, fixToHtml(fix));
    return lines.join("\n");
  }

  /** The fixes and the delivery confirmation are Telegram calls: only a Telegram burst offers them. */
  function burstButtons(report: CheckResult, reportId: string, language: string): InlineKeyboard {
    const keyboard = new InlineKeyboard();
    const s = report.burst;
    if (s && s.errors_began_at !== null && s.held !== null && s.held < s.concurrency) {
      keyboard.text(t(language, "fix-action-max_connections", { n: s.held }), `fx:n:${reportId}:m`).row();
    }
    return keyboard.text(t(language, "fix-button"), `wd:fix:${reportId}`).text(t(language, "fix-confirm-button"), `fx:d:${reportId}`);
  }

  // ── The fix menu ──────────────────────────────────────────────────────────────────────────────────
  /** The owner's token and Telegram's current record, or a reply saying why not. */
  const currentRecord = async (ctx: BotContext, reportId: string) => {
    const owner = ownerRequest(ctx, reportId);
    if (!owner) return void (await refuseNotOwner(ctx));
    const token = owner.secrets.botToken;
    if (owner.platform !== "telegram" || !token) return void (await ctx.answerCallbackQuery({ text: ctx.t("burst-refused-no_token"), show_alert: true }));
    await ctx.answerCallbackQuery();
    const record = await readWebhookRecord(apiRoot, token);
    if (!record.ok) return void (await ctx.reply(ctx.t(`fix-record-${record.reason}`)));
    // Fixes act on the webhook that was checked; a record that moved elsewhere since is not ours to change.
    if (record.info.url && !sameWebhookUrl(record.info.url, owner.url)) return void (await ctx.reply(ctx.t("fix-url-moved")));
    return { owner, token, info: record.info };
  };

  feature.callbackQuery(/^wd:fix:([a-z0-9]{8})$/, async (ctx) => {
    const reportId = ctx.match[1];
    const current = await currentRecord(ctx, reportId);
    if (!current) return;
    const { info } = current;
    const held = reports.get(reportId)?.report.burst;
    const keyboard = new InlineKeyboard();
    const offer = (action: FixAction, vars: Record<string, string | number> = {}) => keyboard.text(ctx.t(`fix-action-${action}`, vars), `fx:n:${reportId}:${codeOf(action)}`).row();
    if (info.url) {
      offer("reset");
      if (held && held.errors_began_at !== null && held.held !== null && held.held < held.concurrency) offer("max_connections", { n: held.held });
      offer("allowed_updates");
      if (info.pending_update_count > 0) offer("drop_backlog", { n: info.pending_update_count });
      offer("delete_webhook");
    }
    keyboard.text(ctx.t("fix-confirm-button"), `fx:d:${reportId}`);
    const text = [
      `<b>${escapeHtml(ctx.t("fix-menu-title"))}</b>`,
      escapeHtml(ctx.t("fix-menu-record", { url: info.url ? sanitizeUrl(info.url) : "—", pending: info.pending_update_count, max: info.max_connections ?? 40 })),
      ...(info.has_custom_certificate ? [escapeHtml(ctx.t("fix-custom-certificate"))] : []),
      escapeHtml(ctx.t("fix-menu-hint")),
    ].join("\n");
    await ctx.reply(text, { ...html, reply_markup: keyboard, ...where(ctx) });
  });

  // An action chosen: a row with a one-shot id, then the questions it needs (update types, secret token).
  feature.callbackQuery(/^fx:n:([a-z0-9]{8}):([rmudx])$/, async (ctx) => {
    const [, reportId, code] = ctx.match;
    const action = ACTION_CODES[code];
    const current = await currentRecord(ctx, reportId);
    if (!current) return;
    const { info } = current;
    if (!info.url && action !== "delete_webhook") return ctx.reply(ctx.t("fix-no-webhook"));
    const base = { reportId, userId: userOf(ctx), chatId: ctx.chat!.id, botId: botIdOf(current.token), action, pendingCount: info.pending_update_count };
    if (action === "max_connections") {
      const s = reports.get(reportId)?.report.burst;
      if (!s || s.held === null) return ctx.reply(ctx.t("fix-no-burst"));
      const id = actions.create({ ...base, stage: "ask_secret", choices: { maxConnections: s.held } });
      return askSecret(ctx, id);
    }
    if (action === "allowed_updates") {
      actions.create({ ...base, stage: "ask_types" });
      return ctx.reply(ctx.t("fix-ask-types", { current: info.allowed_updates?.join(", ") ?? ctx.t("fix-types-default") }), where(ctx));
    }
    if (action === "delete_webhook") {
      const plan = planWebhookCall(action, info, {});
      if (!plan.ok) return ctx.reply(ctx.t(`fix-plan-${plan.reason}`));
      const id = actions.create({ ...base, stage: "confirm", choices: {}, call: plan.call, callText: describeCall(plan.call) });
      return showConfirm(ctx, actions.get(id)!);
    }
    const id = actions.create({ ...base, stage: "ask_secret", choices: {} });
    return askSecret(ctx, id);
  });

  const askSecret = (ctx: BotContext, id: string) =>
    ctx.reply(escapeHtml(ctx.t("fix-ask-secret")), {
      ...html,
      ...where(ctx),
      reply_markup: new InlineKeyboard().text(ctx.t("fix-secret-keep"), `fx:k:${id}`).row().text(ctx.t("fix-secret-none"), `fx:s:${id}`).row().text(ctx.t("fix-cancel"), `fx:c:${id}`),
    });

  /** The exact call, then the button that sends it (or, for actions that lose updates, the first of two). */
  const showConfirm = (ctx: BotContext, row: FixRow) => {
    const twoStep = TWO_STEP_ACTIONS.includes(row.action as FixAction);
    const text = [
      `<b>${escapeHtml(ctx.t("fix-confirm-title"))}</b>`,
      `<code>${escapeHtml(row.callText ?? "")}</code>`,
      escapeHtml(ctx.t(`fix-effect-${row.action}`, { pending: row.pendingCount ?? 0 })),
    ].join("\n");
    return ctx.reply(text, {
      ...html,
      ...where(ctx),
      reply_markup: new InlineKeyboard().text(ctx.t(twoStep ? "fix-continue" : "fix-send"), `fx:o:${row.id}`).text(ctx.t("fix-cancel"), `fx:c:${row.id}`),
    });
  };

  /** Why a press found its row elsewhere: done, running, cancelled, expired or a newer step. */
  const explainStage = (ctx: BotContext, row: FixRow) => {
    const key = row.stage === "done" ? "fix-already-done" : row.stage === "failed" ? "fix-already-failed" : row.stage === "running" ? "fix-already-running" : row.stage === "cancelled" ? "fix-already-cancelled" : "fix-stale-button";
    return ctx.answerCallbackQuery({ text: ctx.t(key, { result: cutText(row.result ?? "", 150) }), show_alert: true });
  };
  const expired = (row: FixRow) => !TERMINAL.includes(row.stage) && row.stage !== "running" && Date.now() - row.updatedAt > ttlMs;

  /** Plans the setWebhook with the owner's secret choice from Telegram's record as it is now. */
  const planWithSecret = async (row: FixRow, secretToken: string | null) => {
    const request = reports.request(row.reportId, row.userId) as (StoredRequest & { secrets: { botToken?: string } }) | undefined;
    if (!request?.secrets.botToken) return { ok: false as const, key: "fix-record-token_invalid" };
    const record = await readWebhookRecord(apiRoot, request.secrets.botToken);
    if (!record.ok) return { ok: false as const, key: `fix-record-${record.reason}` };
    if (record.info.url && !sameWebhookUrl(record.info.url, request.url)) return { ok: false as const, key: "fix-url-moved" };
    const choices: FixChoices = { ...row.choices, secretToken };
    const plan = planWebhookCall(row.action as FixAction, record.info, choices);
    if (!plan.ok) return { ok: false as const, key: `fix-plan-${plan.reason}` };
    return { ok: true as const, choices, call: plan.call, pending: record.info.pending_update_count };
  };

  feature.callbackQuery(/^fx:([ksocO]):([A-Za-z0-9_-]{10})$/, async (ctx) => {
    const [, verb, id] = ctx.match;
    const row = actions.get(id);
    if (!row) return ctx.answerCallbackQuery({ text: ctx.t("fix-unknown"), show_alert: true });
    if (row.userId !== ctx.from?.id) return refuseNotOwner(ctx);
    if (expired(row)) return ctx.answerCallbackQuery({ text: ctx.t("fix-expired"), show_alert: true });

    if (verb === "c") {
      if (TERMINAL.includes(row.stage) || row.stage === "running" || !actions.advance(id, row.userId, row.stage, "cancelled")) return explainStage(ctx, actions.get(id)!);
      await ctx.answerCallbackQuery();
      return ctx.reply(ctx.t("fix-cancelled"), where(ctx));
    }
    if (verb === "k") {
      if (!actions.advance(id, row.userId, "ask_secret", "await_secret")) return explainStage(ctx, actions.get(id)!);
      await ctx.answerCallbackQuery();
      return ctx.reply(ctx.t("fix-send-secret"), where(ctx));
    }
    if (verb === "s") {
      if (row.stage !== "ask_secret") return explainStage(ctx, row);
      await ctx.answerCallbackQuery();
      const plan = await planWithSecret(row, null);
      if (!plan.ok) return ctx.reply(ctx.t(plan.key), where(ctx));
      if (!actions.advance(id, row.userId, "ask_secret", "confirm", { choices: plan.choices, call: plan.call, callText: describeCall(plan.call), pendingCount: plan.pending })) return;
      return showConfirm(ctx, actions.get(id)!);
    }
    const twoStep = TWO_STEP_ACTIONS.includes(row.action as FixAction);
    if (verb === "o" && twoStep) {
      if (!actions.advance(id, row.userId, "confirm", "confirm2")) return explainStage(ctx, actions.get(id)!);
      await ctx.answerCallbackQuery();
      return ctx.reply(escapeHtml(ctx.t(`fix-second-${row.action}`, { pending: row.pendingCount ?? 0 })), {
        ...html,
        ...where(ctx),
        reply_markup: new InlineKeyboard().text(ctx.t(`fix-second-yes-${row.action}`, { pending: row.pendingCount ?? 0 }), `fx:O:${id}`).text(ctx.t("fix-cancel"), `fx:c:${id}`),
      });
    }
    // The sending press: "confirm" for one-step actions, "confirm2" (the second confirmation) for the others.
    const from: FixStage = verb === "O" ? "confirm2" : "confirm";
    if ((verb === "O") !== twoStep || !actions.advance(id, row.userId, from, "running")) return explainStage(ctx, actions.get(id)!);
    await ctx.answerCallbackQuery({ text: ctx.t("fix-sending") });
    return execute(ctx, actions.get(id)!);
  });

  async function execute(ctx: BotContext, row: FixRow) {
    const request = reports.request(row.reportId, row.userId) as (StoredRequest & { secrets: { botToken?: string } }) | undefined;
    const token = request?.secrets.botToken;
    const answer = token && row.call ? await executeWebhookCall(apiRoot, token, row.call) : ({ ok: false, description: "token unavailable" } as const);
    const result = answer.ok ? "ok" : cutText(`${"status" in answer && answer.status ? `${answer.status} ` : ""}${answer.description}`, 300);
    actions.advance(row.id, row.userId, "running", answer.ok ? "done" : "failed", { result });
    // Who did what to which bot, and how it went; never the token, the URL or the secret.
    logger.info({ user_id: row.userId, bot_id: row.botId, action: row.action, ok: answer.ok, result }, "webhook action");
    const text = answer.ok
      ? [escapeHtml(ctx.t("fix-done")), `<code>${escapeHtml(row.callText ?? "")}</code>`, escapeHtml(ctx.t("fix-done-next"))].join("\n")
      : [escapeHtml(ctx.t("fix-failed", { answer: result })), `<code>${escapeHtml(row.callText ?? "")}</code>`].join("\n");
    await ctx.reply(text, { ...html, ...where(ctx), reply_markup: new InlineKeyboard().text(ctx.t("fix-confirm-button"), `fx:d:${row.reportId}`) });
  }

  // Typed answers: the update types, or the secret token (deleted from the chat at once).
  feature.on("message:text", async (ctx, next) => {
    const row = ctx.from ? actions.waitingForText(ctx.chat.id, ctx.from.id) : undefined;
    if (!row || expired(row)) return next();
    const text = ctx.message.text.trim();
    if (text === "/cancel") {
      actions.advance(row.id, row.userId, row.stage, "cancelled");
      return ctx.reply(ctx.t("fix-cancelled"));
    }
    if (text.startsWith("/")) return next();
    if (row.stage === "ask_types") {
      const parsed = parseAllowedUpdates(text);
      if (!parsed.ok) return ctx.reply(ctx.t("fix-types-invalid", { words: parsed.unknown.join(", ") || "—" }));
      if (!actions.advance(row.id, row.userId, "ask_types", "ask_secret", { choices: { allowedUpdates: parsed.list } })) return;
      return askSecret(ctx, row.id);
    }
    // await_secret: the message carries a secret; it leaves the chat before anything else happens.
    const deleted = await ctx.deleteMessage().then(
      () => true,
      () => false,
    );
    if (!isTelegramSecretToken(text)) return ctx.reply(ctx.t("fix-secret-invalid"));
    const plan = await planWithSecret(row, text);
    if (!plan.ok) return ctx.reply(ctx.t(plan.key));
    if (!actions.advance(row.id, row.userId, "await_secret", "confirm", { choices: plan.choices, call: plan.call, callText: describeCall(plan.call), pendingCount: plan.pending })) return;
    await ctx.reply(ctx.t(deleted ? "fix-secret-deleted" : "fix-secret-not-deleted"));
    return showConfirm(ctx, actions.get(row.id)!);
  });

  // ── Confirm delivery ──────────────────────────────────────────────────────────────────────────────
  feature.callbackQuery(/^fx:d:([a-z0-9]{8})$/, async (ctx) => {
    const reportId = ctx.match[1];
    const owner = ownerRequest(ctx, reportId);
    if (!owner) return refuseNotOwner(ctx);
    const token = owner.secrets.botToken;
    if (!token) return ctx.answerCallbackQuery({ text: ctx.t("burst-refused-no_token"), show_alert: true });
    const chatId = ctx.chat!.id;
    const language = lang(ctx);
    const extra = where(ctx);
    const started = jobs.enqueueTask(userOf(ctx), () => watchDelivery(chatId, language, token, extra), { chatId, confirm: true });
    await ctx.answerCallbackQuery(started === "started" ? { text: ctx.t("fix-confirm-started") } : undefined);
    if (started !== "started") await answerBusy(ctx, started);
  });

  async function watchDelivery(chatId: number, language: string, token: string, extra: object) {
    const waitMs = options.confirmWaitMs ?? 120_000;
    const heading = escapeHtml(t(language, "confirm-watching", { seconds: Math.round(waitMs / 1000) }));
    const message = await api.sendMessage(chatId, heading, { ...html, ...extra });
    const editor = throttledEditor(chatId, message.message_id);
    const points: TimelinePoint[] = [];
    // The latest readings only: a two-minute watch every few seconds would not fit a message.
    const body = () => `<pre>${escapeHtml(points.slice(-12).map((p) => timelineLine(p, language)).join("\n"))}</pre>`;
    const result = await confirmDelivery({
      apiRoot,
      token,
      waitMs,
      intervalMs: options.confirmIntervalMs,
      onPoint: (p) => {
        points.push(p);
        editor.set(`${heading}\n${body()}`);
      },
    });
    await editor.done();
    const verdict = result.ok ? confirmVerdictText(result, language) : t(language, `confirm-refused-${result.reason}`);
    const mark = result.ok ? (result.verdict === "delivered" ? "✅" : result.verdict === "failing" ? "❌" : "ℹ️") : "❌";
    await api.editMessageText(chatId, message.message_id, `${mark} <b>${escapeHtml(verdict)}</b>\n${body()}`, html).catch(() => api.sendMessage(chatId, `${mark} ${escapeHtml(verdict)}`, { ...html, ...extra }));
  }

  return feature;
}

/** The numeric part of a bot token is the bot's public user id; the secret part never leaves here. */
function botIdOf(token: string): number {
  return Number(token.split(":")[0]) || 0;
}

