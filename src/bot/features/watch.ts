import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { CheckResult } from "../../diagnosis/checklist.js";
import type { HistoryRepository } from "../../store/history-repository.js";
import { WatchError, type CheckTarget, type WatchService, type WatchView } from "../../monitor/watch-service.js";
import { formatUtc, historyTimeline, renderHistoryPng } from "../../render/history-chart.js";
import { escapeHtml } from "../../render/telegram.js";
import type { ReportsRepository } from "../../store/reports-repository.js";
import type { CheckJobs, CheckSpec } from "../check-jobs.js";
import type { BotContext } from "../context.js";
import type { AddWatch } from "../conversations/watch-dialog.js";
import { cutText } from "../../text.js";

export interface WatchingDeps {
  service: WatchService;
  history: HistoryRepository;
}

interface WatchFeatureDeps extends WatchingDeps {
  jobs: CheckJobs;
  reports: ReportsRepository<CheckResult>;
  lang: (ctx: BotContext) => string;
}

const MUTE_HOURS = [1, 8, 24] as const;
/** Why "run a full check" of a watch cannot run, in words. */
const CHECK_TARGET_REFUSALS: Record<Extract<CheckTarget, { ok: false }>["reason"], string> = {
  not_found: "monitor-error-not_found",
  no_endpoint: "watch-no-endpoint",
  no_webhook: "watching-no-webhook",
  telegram_unavailable: "watching-telegram-unavailable",
  token_revoked: "watching-token-revoked",
  sealed: "watching-target-sealed",
};
/** A deep link that subscribes whoever opens it: t.me/<our bot>?start=<code>. */
const shareLink = (botUsername: string, code: string) => `https://t.me/${botUsername}?start=${code}`;

/** One watch as /watches shows it: name, what is watched, state, last change; buttons to act on it. */
export function watchCard(w: WatchView, t: (key: string, vars?: Record<string, string | number>) => string): { text: string; keyboard: InlineKeyboard } {
  const state =
    w.mutedUntil !== null
      ? t("monitor-status-muted", { until: formatUtc(w.mutedUntil) })
      : w.status === "failing" && w.failingSince !== null
        ? t("monitor-status-failing-since", { since: formatUtc(w.failingSince) })
        : t(`monitor-status-${w.status}`);
  const lines = [`<b>${escapeHtml(w.name)}</b> · #${w.id}`];
  if (w.hasToken) lines.push(escapeHtml(t("watch-card-bot", { webhook: w.webhookUrl || "—" })));
  if (w.url) {
    lines.push(escapeHtml(t("watch-card-endpoint", { url: w.url })));
    // Which quick check runs, and that it carries the endpoint's secrets (without them a checking endpoint answers 401).
    lines.push(escapeHtml(t(w.hasEndpointSecrets ? "watching-card-check-sealed" : "watching-card-check", { platform: t(`watching-platform-${w.platform}`) })));
  }
  lines.push(escapeHtml(t("watch-card-state", { state, interval: w.intervalS })));
  if (w.lastErrorMessage) lines.push(`<code>${escapeHtml(cutText(w.lastErrorMessage, 200))}</code>`);
  if (w.lastChangeAt) lines.push(escapeHtml(t("watch-card-last-change", { at: formatUtc(w.lastChangeAt) })));
  const keyboard = new InlineKeyboard()
    .text(t("watch-button-check"), `wd:check:${w.id}`)
    .text(t("watch-button-history"), `wd:whist:${w.id}:24h`)
    .text(t("watch-button-share"), `wd:wshare:${w.id}`)
    .row();
  if (w.mutedUntil !== null) keyboard.text(t("watch-button-unmute"), `wd:wmute:${w.id}:0`);
  else for (const h of MUTE_HOURS) keyboard.text(t("watch-button-mute", { hours: h }), `wd:wmute:${w.id}:${h}`);
  keyboard.row().text(t("watch-button-delete"), `wd:wdel:${w.id}`);
  return { text: lines.join("\n"), keyboard };
}

/** The service call behind the /watch dialog and the report's "watch" button, with its answer in words. */
export function createAddWatch(service: WatchService, t: (lang: string, key: string, vars?: Record<string, string | number>) => string, botUsername: () => string): AddWatch {
  return async ({ ownerId, chatId, lang, token, url, platform, secrets, auth, intervalS }) => {
    try {
      const watch = await service.addWatch(ownerId, { token, url, platform, secrets, auth, intervalS, language: lang });
      if (watch.replaced) return { ok: true, text: t(lang, "watching-token-replaced", { name: escapeHtml(watch.name) }) };
      const { code } = service.createShareCode(watch.id, ownerId);
      return { ok: true, text: [t(lang, "watch-added", { name: escapeHtml(watch.name), interval: watch.intervalS }), escapeHtml(t(lang, "watch-share-hint", { link: shareLink(botUsername(), code), code }))].join("\n") };
    } catch (error) {
      if (!(error instanceof WatchError)) throw error;
      const retry = error.code === "token_invalid" ? "token" : error.code === "interval_too_short" ? "interval" : "none";
      return { ok: false, retry, text: escapeHtml(t(lang, `monitor-error-${error.code}`, error.vars)) };
    }
  };
}

/**
 * Watching in the chat: /watch (a dialog), /watches with a card and buttons per watch, sharing by deep link
 * (/start <code>) or /subscribe <code> in a group (administrators only, forum topics kept), /unsubscribe,
 * /mute for a subscriber, /history with a chart, and the "run a full check" button of alerts.
 */
export function watchFeature({ service, history, jobs, reports, lang }: WatchFeatureDeps, addWatch: AddWatch) {
  const feature = new Composer<BotContext>();
  const userOf = (ctx: BotContext) => ctx.from?.id ?? ctx.chat!.id;
  const fail = (ctx: BotContext, error: unknown) => {
    if (error instanceof WatchError) return ctx.reply(ctx.t(`monitor-error-${error.code}`, error.vars));
    throw error;
  };

  feature.command("watch", (ctx) => ctx.conversation.enter("watch"));

  feature.command("watches", async (ctx) => {
    const watches = service.listWatches(userOf(ctx));
    if (watches.length === 0) return ctx.reply(ctx.t("watch-none"));
    for (const w of watches) {
      const card = watchCard(w, (k, v) => ctx.t(k, v));
      await ctx.reply(card.text, { parse_mode: "HTML", reply_markup: card.keyboard, link_preview_options: { is_disabled: true } });
    }
  });

  // A share link: t.me/<bot>?start=<code>. Other /start payloads fall through to the greeting.
  feature.command("start", async (ctx, next) => {
    const code = ctx.match.trim();
    if (!code || !service.isShareCode(code)) return next();
    return subscribe(ctx, code);
  });

  const subscribe = async (ctx: BotContext, code: string) => {
    try {
      const { watchName } = service.subscribe(code, { chatId: ctx.chat!.id, threadId: ctx.msg?.message_thread_id ?? null, language: lang(ctx) });
      return ctx.reply(ctx.t("watch-subscribed", { name: watchName }));
    } catch (error) {
      return fail(ctx, error);
    }
  };

  feature.command("subscribe", async (ctx) => {
    const code = ctx.match.trim();
    if (!code) return ctx.reply(ctx.t("watch-subscribe-usage"), { parse_mode: "HTML" });
    if (ctx.chat.type !== "private") {
      const member = await ctx.getChatMember(ctx.from!.id);
      if (member.status !== "creator" && member.status !== "administrator") return ctx.reply(ctx.t("watch-subscribe-admins-only"));
    }
    return subscribe(ctx, code);
  });

  feature.command("unsubscribe", async (ctx) => {
    if (ctx.chat.type !== "private") {
      const member = await ctx.getChatMember(ctx.from!.id);
      if (member.status !== "creator" && member.status !== "administrator") return ctx.reply(ctx.t("watch-subscribe-admins-only"));
    }
    const removed = service.unsubscribeChat(ctx.chat.id, ctx.msg?.message_thread_id ?? null);
    return ctx.reply(ctx.t(removed > 0 ? "watch-unsubscribed" : "watch-no-subscriptions", { count: removed }));
  });

  feature.command("mute", async (ctx) => {
    const hours = Number(ctx.match.trim() || "8");
    if (!Number.isInteger(hours) || hours < 1 || hours > 168) return ctx.reply(ctx.t("monitor-error-mute_hours"));
    const muted = service.muteChat(ctx.chat.id, ctx.msg?.message_thread_id ?? null, hours);
    return ctx.reply(ctx.t(muted > 0 ? "watch-chat-muted" : "watch-no-subscriptions", { hours, count: muted }));
  });

  feature.command("history", async (ctx) => {
    const [id, range] = ctx.match.trim().split(/\s+/);
    const watches = service.listWatches(userOf(ctx));
    const watch = id ? watches.find((w) => String(w.id) === id.replace(/^#/, "")) : watches.length === 1 ? watches[0] : undefined;
    if (!watch) return ctx.reply(ctx.t("watch-history-usage"), { parse_mode: "HTML" });
    return sendHistory(ctx, watch, range === "7d" ? "7d" : "24h");
  });

  const sendHistory = async (ctx: BotContext, watch: WatchView, range: "24h" | "7d") => {
    const series = history.series(watch.id, range, Date.now());
    const chart = renderHistoryPng(series, { label: watch.name, lang: lang(ctx) });
    const timeline = historyTimeline(series.events, lang(ctx), { range, format: "html" });
    await ctx.replyWithPhoto(new InputFile(chart.png, `history-${watch.id}-${range}.png`), {
      caption: ctx.t("watch-history-caption", { name: watch.name, range }),
      reply_markup: new InlineKeyboard().text("24 h", `wd:whist:${watch.id}:24h`).text("7 d", `wd:whist:${watch.id}:7d`),
    });
    await ctx.reply(timeline, { parse_mode: "HTML" });
  };

  // The "watch" button under a report: the same service call as the dialog, default interval.
  feature.callbackQuery(/^wd:watch:([a-z0-9]{8})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    const request = reports.request(ctx.match[1], userOf(ctx)) as CheckSpec | undefined;
    if (!request) return ctx.reply(ctx.t(reports.get(ctx.match[1]) ? "chat-report-not-yours" : "bot-report-not-found-short"));
    // The endpoint as it was checked: its real URL, platform and secrets (the service seals them per watch).
    const { botToken, ...secrets } = request.secrets ?? {};
    const result = await addWatch({ ownerId: userOf(ctx), chatId: ctx.chat!.id, lang: lang(ctx), token: botToken, url: request.url, platform: request.platform, secrets, auth: request.auth, intervalS: 60 });
    return ctx.reply(result.text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });

  // "Run a full check" (alerts and cards): for the owner and for subscribers of the watch.
  feature.callbackQuery(/^wd:check:(\d+)$/, async (ctx) => {
    const target = await service.checkTarget(Number(ctx.match[1]), userOf(ctx), ctx.chat?.id ?? userOf(ctx));
    // Never the sanitised display URL: the real target, or a reason why there is none.
    if (!target.ok) return ctx.answerCallbackQuery({ text: ctx.t(CHECK_TARGET_REFUSALS[target.reason]) });
    const result = jobs.enqueue({ chatId: ctx.chat!.id, threadId: ctx.callbackQuery.message?.message_thread_id, userId: userOf(ctx), lang: lang(ctx), spec: target.spec });
    await ctx.answerCallbackQuery({ text: ctx.t(result === "started" ? "bot-check-started" : result === "busy" ? "bot-busy" : "bot-rate-limited") });
  });

  feature.callbackQuery(/^wd:wmute:(\d+):(\d+)$/, async (ctx) => {
    const [id, hours] = [Number(ctx.match[1]), Number(ctx.match[2])];
    try {
      const view = hours === 0 ? service.unmute(id, userOf(ctx)) : service.mute(id, userOf(ctx), hours);
      const card = watchCard(view, (k, v) => ctx.t(k, v));
      await ctx.answerCallbackQuery({ text: ctx.t(hours === 0 ? "watch-unmuted" : "watch-muted", { hours }) });
      await ctx.editMessageText(card.text, { parse_mode: "HTML", reply_markup: card.keyboard, link_preview_options: { is_disabled: true } }).catch(() => undefined);
    } catch (error) {
      await ctx.answerCallbackQuery();
      await fail(ctx, error);
    }
  });

  feature.callbackQuery(/^wd:wshare:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    try {
      const { code } = service.createShareCode(Number(ctx.match[1]), userOf(ctx));
      await ctx.reply(escapeHtml(ctx.t("watch-share-hint", { link: shareLink(ctx.me.username, code), code })), {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text(ctx.t("watch-button-revoke"), `wd:wrevoke:${ctx.match[1]}`),
        link_preview_options: { is_disabled: true },
      });
    } catch (error) {
      await fail(ctx, error);
    }
  });

  feature.callbackQuery(/^wd:wrevoke:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    try {
      const count = service.revokeAllShareCodes(Number(ctx.match[1]), userOf(ctx));
      await ctx.reply(ctx.t("watch-links-revoked", { count }));
    } catch (error) {
      await fail(ctx, error);
    }
  });

  feature.callbackQuery(/^wd:whist:(\d+):(24h|7d)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    try {
      await sendHistory(ctx, service.getWatch(Number(ctx.match[1]), userOf(ctx)), ctx.match[2] as "24h" | "7d");
    } catch (error) {
      await fail(ctx, error);
    }
  });

  feature.callbackQuery(/^wd:wdel:(\d+)$/, async (ctx) => {
    // Only the owner is asked to confirm (the delete itself is refused to others anyway).
    if (!service.listWatches(userOf(ctx)).some((w) => String(w.id) === ctx.match[1])) return ctx.answerCallbackQuery({ text: ctx.t("monitor-error-not_found") });
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("watch-delete-confirm", { id: ctx.match[1] }), { reply_markup: new InlineKeyboard().text(ctx.t("watch-button-delete-confirm"), `wd:wdelok:${ctx.match[1]}`) });
  });

  feature.callbackQuery(/^wd:wdelok:(\d+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    try {
      service.deleteWatch(Number(ctx.match[1]), userOf(ctx));
      await ctx.reply(ctx.t("watch-deleted"));
    } catch (error) {
      await fail(ctx, error);
    }
  });

  return feature;
}

