import type { AuthSpec, CheckSecrets } from "../../diagnosis/check-request.js";
import type { Platform } from "../../diagnosis/report.js";
import type { CheckSpec, EnqueueResult } from "../check-jobs.js";
import type { Dialog, DialogContext } from "../context.js";
import { askChoice, askSecret, askText } from "./prompts.js";
import { checkBearerToken, checkBotToken, checkOpaqueSecret, checkSecretToken, checkUrlAnswer, SCHEME_CHOICES } from "./validators.js";

/** What the dialog hands over when the inputs are complete; the job runner does the probing. */
export type StartCheck = (job: { chatId: number; threadId?: number; userId: number; lang: string; spec: CheckSpec }) => EnqueueResult;

type GenericChoice = "github" | "stripe" | "standard-webhooks" | "slack" | "meta" | "bearer" | "none";

/**
 * /check as a conversation: platform → URL → the secrets that platform can use, each skippable but the
 * WhatsApp verify token. It only collects input; the probes run in the job runner (never awaited here).
 * Replay rule: everything that touches the world outside Telegram runs inside conversation.external.
 */
export function createCheckDialog(startCheck: StartCheck) {
  return async function checkDialog(conversation: Dialog, ctx: DialogContext, presetUrl?: string): Promise<void> {
    const platform = await askChoice<Platform>(conversation, ctx, "check-ask-platform", [
      ["telegram", "check-platform-telegram"],
      ["whatsapp", "check-platform-whatsapp"],
      ["generic", "check-platform-generic"],
    ]);
    const validUrl = checkUrlAnswer(platform);
    const preset = presetUrl ? validUrl(presetUrl) : undefined;
    const url = preset?.ok ? preset.value : await askText(conversation, ctx, "check-ask-url", validUrl);

    const secrets: CheckSecrets = {};
    let auth: AuthSpec | undefined;
    if (platform === "telegram") {
      secrets.botToken = await askSecret(conversation, ctx, "check-ask-bot-token", checkBotToken, true);
      secrets.secretToken = await askSecret(conversation, ctx, "check-ask-secret-token", checkSecretToken, true);
    } else if (platform === "whatsapp") {
      secrets.verifyToken = await askSecret(conversation, ctx, "check-ask-verify-token", checkOpaqueSecret, false);
      secrets.appSecret = await askSecret(conversation, ctx, "check-ask-app-secret", checkOpaqueSecret, true);
    } else {
      const scheme = await askChoice<GenericChoice>(
        conversation,
        ctx,
        "check-ask-scheme",
        [...SCHEME_CHOICES, ["none", "scheme-none"]],
        2,
      );
      if (scheme === "bearer") {
        secrets.bearerToken = await askSecret(conversation, ctx, "check-ask-bearer", checkBearerToken, false);
        auth = { kind: "bearer" };
      } else if (scheme !== "none") {
        secrets.signingSecret = await askSecret(conversation, ctx, "check-ask-signing-secret", checkOpaqueSecret, false);
        auth = { kind: "hmac", scheme };
      }
    }

    const lang = await ctx.i18n.getLocale();
    const chatId = ctx.chat!.id;
    const threadId = ctx.msg?.message_thread_id;
    const userId = ctx.from?.id ?? chatId;
    const spec: CheckSpec = { url, platform, secrets: dropEmpty(secrets), ...(auth ? { auth } : {}) };
    const result = await conversation.external(() => startCheck({ chatId, threadId, userId, lang, spec }));
    if (result === "rate_limited") await ctx.reply(ctx.t("bot-rate-limited"));
    else if (result === "busy") await ctx.reply(ctx.t("bot-busy"));
  };
}

function dropEmpty(secrets: CheckSecrets): CheckSecrets {
  return Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === "string" && v.length > 0)) as CheckSecrets;
}
