import { callBotApi, type BotApiResult, type RawWebhookInfo } from "../probes/telegram-api.js";
import { sanitizeUrl } from "../probes/target.js";
import { isTelegramSecretToken } from "../secrets.js";

/**
 * The changes an owner can make to their bot's webhook, each a plain Bot API call planned from Telegram's
 * current record, shown in full before it runs, then sent as shown. The bot puts a confirming human in
 * front of them; the command line could call them the same way.
 *
 * setWebhook replaces the whole registration: a parameter left out is reset (max_connections to 40, the
 * secret token to none), except allowed_updates, which Telegram keeps when omitted. So every setWebhook
 * carries the current settings again, and the secret token is always an explicit choice: Telegram never
 * hands it back, so only the owner can say what it is.
 */

export type FixAction = "reset" | "max_connections" | "allowed_updates" | "drop_backlog" | "delete_webhook";
export const FIX_ACTIONS: readonly FixAction[] = ["reset", "max_connections", "allowed_updates", "drop_backlog", "delete_webhook"];

/** Actions that lose or strand queued updates: a second confirmation names how many. */
export const TWO_STEP_ACTIONS: readonly FixAction[] = ["drop_backlog", "delete_webhook"];
/** Actions sent as setWebhook: the secret token must be chosen (kept and given again, or none). */
export const SETS_WEBHOOK: readonly FixAction[] = ["reset", "max_connections", "allowed_updates", "drop_backlog"];

/** Update types a webhook can subscribe to (Bot API 7–9). */
export const UPDATE_TYPES = [
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
  "message_reaction",
  "message_reaction_count",
  "inline_query",
  "chosen_inline_result",
  "callback_query",
  "shipping_query",
  "pre_checkout_query",
  "purchased_paid_media",
  "poll",
  "poll_answer",
  "my_chat_member",
  "chat_member",
  "chat_join_request",
  "chat_boost",
  "removed_chat_boost",
] as const;

export interface WebhookCall {
  method: "setWebhook" | "deleteWebhook";
  params: Record<string, unknown>;
}

/** What the owner decided for a setWebhook: the secret token (null = none) and the values that change. */
export interface FixChoices {
  secretToken?: string | null;
  maxConnections?: number;
  allowedUpdates?: string[];
}

export type PlanResult = { ok: true; call: WebhookCall } | { ok: false; reason: "webhook_not_set" | "custom_certificate" | "secret_not_chosen" | "bad_value" };


/**
 * The exact call for an action, from the record as Telegram has it now. A webhook registered with an
 * uploaded certificate cannot be re-set without the file (Telegram does not give it back): refused.
 */
export function planWebhookCall(action: FixAction, info: RawWebhookInfo, choices: FixChoices): PlanResult {
  if (action === "delete_webhook") return { ok: true, call: { method: "deleteWebhook", params: { drop_pending_updates: false } } };
  if (!info.url) return { ok: false, reason: "webhook_not_set" };
  if (info.has_custom_certificate) return { ok: false, reason: "custom_certificate" };
  if (choices.secretToken === undefined) return { ok: false, reason: "secret_not_chosen" };
  if (choices.secretToken !== null && !isTelegramSecretToken(choices.secretToken)) return { ok: false, reason: "bad_value" };
  const params: Record<string, unknown> = { url: info.url, max_connections: info.max_connections ?? 40 };
  if (info.allowed_updates) params.allowed_updates = info.allowed_updates;
  if (action === "max_connections") {
    const n = choices.maxConnections;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > 100) return { ok: false, reason: "bad_value" };
    params.max_connections = n;
  }
  if (action === "allowed_updates") {
    const list = choices.allowedUpdates;
    if (!list || list.some((u) => !(UPDATE_TYPES as readonly string[]).includes(u))) return { ok: false, reason: "bad_value" };
    params.allowed_updates = list;
  }
  if (action === "drop_backlog") params.drop_pending_updates = true;
  if (choices.secretToken !== null) params.secret_token = choices.secretToken;
  return { ok: true, call: { method: "setWebhook", params } };
}

/**
 * The call as shown before it runs: every parameter, in the order sent, with the URL sanitised (a bot
 * token in the path becomes <bot-token>) and the secret token named but never printed.
 */
export function describeCall(call: WebhookCall, hidden = "<hidden>"): string {
  const parts = Object.entries(call.params).map(([key, value]) => {
    if (key === "secret_token") return `${key}=${hidden}`;
    if (key === "url") return `${key}="${sanitizeUrl(String(value))}"`;
    return `${key}=${JSON.stringify(value)}`;
  });
  return `${call.method}(${parts.join(", ")})`;
}

/** Sends the planned call as it is. The answer is token-free (callBotApi redacts it). */
export function executeWebhookCall(apiRoot: string, token: string, call: WebhookCall, timeoutMs = 15_000): Promise<BotApiResult<boolean>> {
  return callBotApi<boolean>(apiRoot, token, call.method, { timeoutMs, params: call.params });
}

/** "message, callback_query" or "message callback_query" → the list, or the words Telegram would not know. */
export function parseAllowedUpdates(text: string): { ok: true; list: string[] } | { ok: false; unknown: string[] } {
  const words = text
    .split(/[\s,;]+/)
    .map((w) => w.trim().replace(/^"|"$/g, ""))
    .filter(Boolean);
  const unknown = words.filter((w) => !(UPDATE_TYPES as readonly string[]).includes(w));
  if (words.length === 0 || unknown.length > 0) return { ok: false, unknown: unknown.slice(0, 10) };
  return { ok: true, list: [...new Set(words)] };
}

// One small function per action, for callers that hold the record and the owner's choices already.
type Target = { apiRoot: string; token: string; info: RawWebhookInfo };
const run = async (t: Target, action: FixAction, choices: FixChoices) => {
  const plan = planWebhookCall(action, t.info, choices);
  return plan.ok ? { plan, answer: await executeWebhookCall(t.apiRoot, t.token, plan.call) } : { plan };
};
export const resetWebhook = (t: Target, secretToken: string | null) => run(t, "reset", { secretToken });
export const setMaxConnections = (t: Target, secretToken: string | null, maxConnections: number) => run(t, "max_connections", { secretToken, maxConnections });
export const setAllowedUpdates = (t: Target, secretToken: string | null, allowedUpdates: string[]) => run(t, "allowed_updates", { secretToken, allowedUpdates });
export const dropBacklog = (t: Target, secretToken: string | null) => run(t, "drop_backlog", { secretToken });
export const deleteWebhook = (t: Target) => run(t, "delete_webhook", {});

/** Telegram's record as it is now, read with the owner's token (the bot itself opens no sockets). */
export async function readWebhookRecord(apiRoot: string, token: string): Promise<{ ok: true; info: RawWebhookInfo } | { ok: false; reason: "token_invalid" | "api_unreachable" }> {
  const answer = await callBotApi<RawWebhookInfo>(apiRoot, token, "getWebhookInfo", { timeoutMs: 10_000 });
  if (answer.ok) return { ok: true, info: answer.result };
  return { ok: false, reason: answer.status === 401 || answer.status === 404 ? "token_invalid" : "api_unreachable" };
}
