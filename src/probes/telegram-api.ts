import { request } from "undici";
import { cutText } from "../text.js";
import { BOT_TOKEN_MARK, redactBotTokens } from "../secrets.js";

/**
 * A tiny Bot API client for diagnosing *other* bots (our own bot talks through grammY). The token sits in
 * the URL path, so nothing it returns or throws may contain the URL.
 */
export type BotApiResult<T> = { ok: true; result: T } | { ok: false; status?: number; description: string; network?: boolean };

export interface RawWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
  last_synchronization_error_date?: number;
  max_connections?: number;
  allowed_updates?: string[];
}

export interface RawBotUser {
  id: number;
  username?: string;
  first_name: string;
}

const MAX_ANSWER_BYTES = 256 * 1024;

/** The token we called with (whatever its shape), and anything else shaped like a token, hidden. */
export function redactToken(text: string, token: string): string {
  return redactBotTokens(token ? text.split(token).join(BOT_TOKEN_MARK) : text);
}

export async function callBotApi<T>(
  apiRoot: string,
  token: string,
  method: string,
  opts: { timeoutMs: number; signal?: AbortSignal; params?: Record<string, unknown> },
): Promise<BotApiResult<T>> {
  const url = `${apiRoot.replace(/\/+$/, "")}/bot${token}/${method}`;
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(opts.params ?? {}), signal });
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        res.body.destroy();
        return { ok: false, status: res.statusCode, description: "answer too large" };
      }
      chunks.push(chunk as Buffer);
    }
    const answer = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { ok: boolean; result?: T; description?: string; error_code?: number };
    if (answer.ok) return { ok: true, result: answer.result as T };
    return { ok: false, status: answer.error_code ?? res.statusCode, description: redactToken(String(answer.description ?? "error"), token) };
  } catch (error) {
    return { ok: false, network: true, description: cutText(redactToken((error as Error).message ?? "network error", token), 200, "") };
  }
}

export const getWebhookInfo = (apiRoot: string, token: string, opts: { timeoutMs: number; signal?: AbortSignal }) =>
  callBotApi<RawWebhookInfo>(apiRoot, token, "getWebhookInfo", opts);

export const getMe = (apiRoot: string, token: string, opts: { timeoutMs: number; signal?: AbortSignal }) => callBotApi<RawBotUser>(apiRoot, token, "getMe", opts);
