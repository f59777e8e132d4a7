import type { AuthSpec } from "../../diagnosis/check-request.js";
import type { Platform } from "../../model.js";
import type { EndpointSecrets } from "../../monitor/watch-secrets.js";
import type { Dialog, DialogContext } from "../context.js";
import { askChoice, askSecret } from "./prompts.js";
import { checkBearerToken, checkOpaqueSecret, checkSecretToken, SCHEME_CHOICES } from "./validators.js";

/** The platform buttons of /check and /watch. */
export const PLATFORM_CHOICES: Array<[Platform, string]> = [
  ["telegram", "check-platform-telegram"],
  ["whatsapp", "check-platform-whatsapp"],
  ["generic", "check-platform-generic"],
];

type GenericChoice = "github" | "stripe" | "standard-webhooks" | "slack" | "meta" | "bearer" | "none";

/**
 * The endpoint's own secrets a platform's check uses, asked one by one, each skippable but WhatsApp's verify
 * token: Telegram's secret token; WhatsApp's verify token and app secret; a signing scheme with its secret or a
 * bearer token. (The watched bot's own token is not the endpoint's: /check and /watch ask it themselves.)
 */
export async function askPlatformSecrets(
  conversation: Dialog,
  ctx: DialogContext,
  platform: Platform,
  secretTokenQuestion: string,
): Promise<{ secrets: EndpointSecrets; auth?: AuthSpec }> {
  const secrets: EndpointSecrets = {};
  let auth: AuthSpec | undefined;
  if (platform === "telegram") {
    secrets.secretToken = await askSecret(conversation, ctx, secretTokenQuestion, checkSecretToken, true);
  } else if (platform === "whatsapp") {
    secrets.verifyToken = await askSecret(conversation, ctx, "check-ask-verify-token", checkOpaqueSecret, false);
    secrets.appSecret = await askSecret(conversation, ctx, "check-ask-app-secret", checkOpaqueSecret, true);
  } else {
    const scheme = await askChoice<GenericChoice>(conversation, ctx, "check-ask-scheme", [...SCHEME_CHOICES, ["none", "scheme-none"]], 2);
    if (scheme === "bearer") {
      secrets.bearerToken = await askSecret(conversation, ctx, "check-ask-bearer", checkBearerToken, false);
      auth = { kind: "bearer" };
    } else if (scheme !== "none") {
      secrets.signingSecret = await askSecret(conversation, ctx, "check-ask-signing-secret", checkOpaqueSecret, false);
      auth = { kind: "hmac", scheme };
    }
  }
  const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === "string" && v.length > 0)) as EndpointSecrets;
  return { secrets: given, ...(auth ? { auth } : {}) };
}
