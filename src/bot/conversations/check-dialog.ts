import type { CheckSecrets } from "../../diagnosis/check-request.js";
import type { Platform } from "../../diagnosis/report.js";
import type { CheckSpec, EnqueueResult } from "../check-jobs.js";
import type { Dialog, DialogContext } from "../context.js";
import { askChoice, askSecret, askText } from "./prompts.js";
import { askPlatformSecrets, PLATFORM_CHOICES } from "./platform-secrets.js";
import { checkBotToken, checkUrlAnswer } from "./validators.js";

/** What the dialog hands over when the inputs are complete; the job runner does the probing. */
export type StartCheck = (job: { chatId: number; threadId?: number; userId: number; lang: string; spec: CheckSpec }) => EnqueueResult;

/**
 * /check as a conversation: platform → URL → the secrets that platform can use, each skippable but the
 * WhatsApp verify token. It only collects input; the probes run in the job runner (never awaited here).
 * Replay rule: everything that touches the world outside Telegram runs inside conversation.external.
 */
export function createCheckDialog(startCheck: StartCheck) {
  return async function checkDialog(conversation: Dialog, ctx: DialogContext, presetUrl?: string): Promise<void> {
    const platform = await askChoice<Platform>(conversation, ctx, "check-ask-platform", PLATFORM_CHOICES);
    const validUrl = checkUrlAnswer(platform);
    const preset = presetUrl ? validUrl(presetUrl) : undefined;
    const url = preset?.ok ? preset.value : await askText(conversation, ctx, "check-ask-url", validUrl);

    const botToken = platform === "telegram" ? await askSecret(conversation, ctx, "check-ask-bot-token", checkBotToken, true) : undefined;
    const { secrets: endpointSecrets, auth } = await askPlatformSecrets(conversation, ctx, platform, "check-ask-secret-token");
    const secrets: CheckSecrets = { ...(botToken ? { botToken } : {}), ...endpointSecrets };

    const lang = await ctx.i18n.getLocale();
    const chatId = ctx.chat!.id;
    const threadId = ctx.msg?.message_thread_id;
    const userId = ctx.from?.id ?? chatId;
    const spec: CheckSpec = { url, platform, secrets, ...(auth ? { auth } : {}) };
    const result = await conversation.external(() => startCheck({ chatId, threadId, userId, lang, spec }));
    if (result === "rate_limited") await ctx.reply(ctx.t("bot-rate-limited"));
    else if (result === "busy") await ctx.reply(ctx.t("bot-busy"));
  };
}
