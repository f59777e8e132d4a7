import { InlineKeyboard } from "grammy";
import type { AuthSpec } from "../../diagnosis/check-request.js";
import type { Platform } from "../../model.js";
import type { EndpointSecrets } from "../../monitor/watch-secrets.js";
import type { Dialog, DialogContext } from "../context.js";
import { abandon, askChoice, askSecret, askText, nextAnswer, type Checked } from "./prompts.js";
import { askPlatformSecrets, PLATFORM_CHOICES } from "./platform-secrets.js";
import { checkBotToken, checkUrlAnswer } from "./validators.js";

export const INTERVAL_CHOICES = [30, 60, 300, 900] as const;

/** What the dialog hands to the watch service (outside the replayed code); an error is a message id. */
export type AddWatch = (input: {
  ownerId: number;
  chatId: number;
  lang: string;
  token?: string;
  url?: string;
  platform?: Platform;
  secrets?: EndpointSecrets;
  auth?: AuthSpec;
  intervalS: number;
}) => Promise<
  { ok: true; text: string } | { ok: false; retry: "token" | "interval" | "none"; text: string }
>;

/** Seconds, or with a unit ("90", "5m", "1h"). */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d{1,6})\s*(s|sec|m|min|h)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? "s").toLowerCase();
  return Number(m[1]) * (unit.startsWith("h") ? 3600 : unit.startsWith("m") ? 60 : 1);
}

/**
 * /watch: what to watch (the bot's webhook record, an endpoint, or both), the token; for an endpoint its
 * platform (a Telegram bot's endpoint when both are watched), URL and the secrets that platform's check uses
 * (an endpoint that checks them answers 401 without them, and would be reported down forever); the
 * interval. The service validates (token with getMe, interval minimum, per-user cap); a token it refuses
 * or an interval below the minimum is asked again, the rest ends the dialog with a clear answer.
 */
export function createWatchDialog(addWatch: AddWatch, minIntervalS: number) {
  return async function watchDialog(conversation: Dialog, ctx: DialogContext): Promise<void> {
    const kind = await askChoice(conversation, ctx, "watch-ask-kind", [
      ["bot", "watch-kind-bot"],
      ["endpoint", "watch-kind-endpoint"],
      ["both", "watch-kind-both"],
    ] as Array<["bot" | "endpoint" | "both", string]>);
    const askToken = () => askSecret(conversation, ctx, "watch-ask-token", checkBotToken, false);
    let token = kind === "endpoint" ? undefined : await askToken();
    const endpoint = kind === "bot" ? undefined : await askEndpoint(conversation, ctx, kind === "both" ? "telegram" : undefined);
    const checkInterval = (text: string): Checked<number> => {
      const seconds = parseInterval(text);
      if (seconds === undefined) return { ok: false, problem: "watch-bad-interval" };
      if (seconds < minIntervalS) return { ok: false, problem: "monitor-error-interval_too_short", vars: { min: String(minIntervalS) } };
      return { ok: true, value: seconds };
    };
    let intervalS = await askInterval(conversation, ctx, checkInterval);

    const lang = await ctx.i18n.getLocale();
    const ownerId = ctx.from?.id ?? ctx.chat!.id;
    const chatId = ctx.chat!.id;
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await conversation.external(() => addWatch({ ownerId, chatId, lang, token, ...endpoint, intervalS }));
      await ctx.reply(result.text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
      if (result.ok || result.retry === "none") return;
      if (result.retry === "token") token = await askToken();
      else intervalS = await askInterval(conversation, ctx, checkInterval);
    }
    return abandon(conversation, ctx);
  };
}

/** The endpoint's platform (unless given), URL and the secrets its quick check can use. */
async function askEndpoint(conversation: Dialog, ctx: DialogContext, given?: Platform): Promise<{ url: string; platform: Platform; secrets: EndpointSecrets; auth?: AuthSpec }> {
  const platform = given ?? (await askChoice<Platform>(conversation, ctx, "watching-ask-platform", PLATFORM_CHOICES));
  const url = await askText(conversation, ctx, "check-ask-url", checkUrlAnswer(platform));
  return { url, platform, ...(await askPlatformSecrets(conversation, ctx, platform, "watching-ask-secret-token")) };
}

/** Buttons for the usual intervals; any other value can be typed ("90", "5m"). */
async function askInterval(conversation: Dialog, ctx: DialogContext, check: (text: string) => Checked<number>): Promise<number> {
  const keyboard = new InlineKeyboard();
  for (const seconds of INTERVAL_CHOICES) keyboard.text(ctx.t(`watch-interval-${seconds}`), `wd:choice:${seconds}`);
  const asked = await ctx.reply(ctx.t("watch-ask-interval"), { parse_mode: "HTML", reply_markup: keyboard });
  for (let attempt = 0; attempt < 25; attempt++) {
    const answer = await nextAnswer(conversation, asked.message_id);
    const data = answer.callbackQuery?.data;
    if (data?.startsWith("wd:choice:")) await answer.answerCallbackQuery();
    const text = data?.startsWith("wd:choice:") ? data.slice("wd:choice:".length) : answer.message?.text;
    if (text === undefined || text.startsWith("/")) {
      await answer.reply(answer.t("dialog-in-progress"));
      continue;
    }
    const result = check(text);
    if (result.ok) return result.value;
    await answer.reply(answer.t(result.problem, result.vars));
  }
  return abandon(conversation, ctx);
}
