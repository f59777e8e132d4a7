import { Composer } from "grammy";
import type { CheckResult } from "../../diagnosis/checklist.js";
import { findingToHtml, packMessages, reportMessages } from "../../render/telegram.js";
import type { ReportsRepository } from "../../store/reports-repository.js";
import type { CheckJobs, CheckSpec, EnqueueResult } from "../check-jobs.js";
import { addressedToUs } from "../chat-rules.js";
import type { BotContext } from "../context.js";
import { MAX_INPUT_CHARS } from "./explain.js";

export interface CheckFeatureDeps {
  jobs: CheckJobs;
  reports: ReportsRepository<CheckResult>;
  lang: (ctx: BotContext) => string;
}

/** /check, a bare URL, /report <id>, and the buttons under a report (re-run, deep, explain in detail). */
export function checkFeature({ jobs, reports, lang }: CheckFeatureDeps) {
  const feature = new Composer<BotContext>();

  const answerEnqueue = (ctx: BotContext, result: EnqueueResult) => {
    if (result === "rate_limited") return ctx.reply(ctx.t("bot-rate-limited"));
    if (result === "busy") return ctx.reply(ctx.t("bot-busy"));
  };
  const enqueue = (ctx: BotContext, spec: CheckSpec) =>
    jobs.enqueue({ chatId: ctx.chat!.id, threadId: ctx.msg?.message_thread_id, userId: ctx.from?.id ?? ctx.chat!.id, lang: lang(ctx), spec });

  feature.command("check", async (ctx) => {
    const url = ctx.match.trim();
    if (url.length > MAX_INPUT_CHARS) return ctx.reply(ctx.t("bot-too-long"));
    await ctx.conversation.enter("check", ...(url ? [url] : []));
  });

  /** A bare URL: the quick Telegram checklist at once, no questions (the dialog is one /check away). */
  feature.on("message:text").filter(
    // In a group only a reply to the bot: a URL in ordinary chatter is not a request.
    (ctx) => /^https?:\/\/\S+$/i.test(ctx.message.text.trim()) && addressedToUs(ctx),
    async (ctx) => {
      const url = ctx.message.text.trim();
      if (url.length > MAX_INPUT_CHARS) return ctx.reply(ctx.t("bot-too-long"));
      return answerEnqueue(ctx, enqueue(ctx, { url, platform: "telegram", secrets: {} }));
    },
  );

  feature.command("report", async (ctx) => {
    const id = ctx.match.trim().replace(/^#/, "");
    const stored = /^[a-z0-9]{8}$/.test(id) ? reports.get(id) : undefined;
    if (!stored) return ctx.reply(ctx.t("bot-report-not-found"), { parse_mode: "HTML" });
    for (const text of reportMessages(stored.report, lang(ctx), stored.id)) {
      await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    }
  });

  feature.callbackQuery(/^wd:(rerun|deep):([a-z0-9]{8})$/, async (ctx) => {
    const [, action, id] = ctx.match;
    // Secrets of a report are opened for the user who ran it only; others re-run without them, at the real
    // URL when it carries no secret (never the sanitised text the report shows), else they are told why not.
    const request = ctx.from ? reports.request(id, ctx.from.id) : undefined;
    const forOthers = request ? undefined : reports.requestForOthers(id);
    if (forOthers === "url_has_secret") return ctx.answerCallbackQuery({ text: ctx.t("watching-rerun-url-secret") });
    const base = request ?? (forOthers ? { ...forOthers, secrets: {} } : undefined);
    if (!base) return ctx.answerCallbackQuery({ text: ctx.t("bot-report-not-found-short") });
    const result = enqueue(ctx, { ...(base as CheckSpec), deep: action === "deep" });
    await ctx.answerCallbackQuery({ text: result === "started" ? ctx.t("bot-check-started") : ctx.t(result === "busy" ? "bot-busy" : "bot-rate-limited") });
  });

  feature.callbackQuery(/^wd:more:([a-z0-9]{8})$/, async (ctx) => {
    const stored = reports.get(ctx.match[1]);
    await ctx.answerCallbackQuery();
    if (!stored) return ctx.reply(ctx.t("bot-report-not-found-short"));
    const { report } = stored;
    const blocks = report.findings.map((f) => findingToHtml(f, lang(ctx), report.url, { stack: report.stack }));
    if (blocks.length === 0) blocks.push(ctx.t("bot-nothing-to-explain"));
    for (const text of packMessages(blocks)) await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  });

  return feature;
}
