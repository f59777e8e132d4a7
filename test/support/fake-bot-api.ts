import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RawWebhookInfo } from "../../src/probes/telegram-api.js";

/**
 * A local stand-in for the Telegram Bot API that speaks the real HTTP protocol
 * (`POST /bot<token>/<method>`, JSON, urlencoded or multipart bodies, `{ok, result}` answers).
 * Tests program it per method, feed it updates for long polling, and read back every call it got.
 */

export interface RecordedCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** The result the fake answered with, when the call succeeded (e.g. the sent Message with its message_id). */
  result?: { message_id?: number } & Record<string, unknown>;
}

export type ApiAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

export type MethodHandler = (params: Record<string, unknown>, token: string, call: RecordedCall) => ApiAnswer | unknown | Promise<ApiAnswer | unknown>;

/** The fake keeps the same record shape the real API answers (and our client reads). */
export type WebhookInfoState = RawWebhookInfo;

export interface FakeBot {
  id: number;
  username: string;
  first_name: string;
  webhook: WebhookInfoState;
  /** The secret_token of the last setWebhook (Telegram never shows it in getWebhookInfo; tests may read it here). */
  secretToken?: string;
  /**
   * What Telegram is doing with the queue, applied at each getWebhookInfo: delivering (the pending count
   * drains by `perRead`) or failing (a delivery error is recorded again, last_error_date moving forward).
   */
  delivery?: { mode: "drain"; perRead: number } | { mode: "fail"; message: string };
}

/** What a test gives addBot: any field of the bot, and only the webhook record fields it cares about (the rest default). */
export type FakeBotSetup = Partial<Omit<FakeBot, "webhook">> & { webhook?: Partial<WebhookInfoState> };

export const ok = (result: unknown): ApiAnswer => ({ ok: true, result });
export const apiError = (error_code: number, description: string, retry_after?: number): ApiAnswer => ({
  ok: false,
  error_code,
  description,
  ...(retry_after !== undefined ? { parameters: { retry_after } } : {}),
});

function isAnswer(value: unknown): value is ApiAnswer {
  return typeof value === "object" && value !== null && "ok" in value && typeof (value as { ok: unknown }).ok === "boolean";
}

/** A request Telegram would refuse by its own rules (not a programmed failure): the test's evidence of a bug. */
export interface Refusal {
  method: string;
  description: string;
  params: Record<string, unknown>;
}

interface StoredMessage {
  fromBot: boolean;
  /** The text parameter as sent (HTML source when parse_mode is HTML) and its parse mode. */
  text?: string;
  parseMode?: string;
  /** JSON of the inline keyboard, "" when the message has none. */
  markup: string;
}

export interface FakeBotApiOptions {
  /**
   * Telegram's stateful rules too: messages only to chats the bot has seen (an update came from them),
   * edits and deletes only of messages that exist, answers only to callback queries that were delivered.
   * Off by default for tests that talk to chats no update announced (alert senders).
   */
  strict?: boolean;
}

/** Telegram's limits (Bot API documentation), counted in UTF-16 units after entity parsing. */
export const LIMITS = { text: 4096, caption: 1024, callbackData: 64, callbackAnswer: 200, inlineResults: 50 } as const;

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** Every request refused by a rule of Telegram's (text too long, bad HTML, bad UTF-8, not modified, ...). */
  readonly refusals: Refusal[] = [];
  private readonly chats = new Set<number>();
  private readonly messages = new Map<string, StoredMessage>();
  /** Delivered callback queries by id: whether answerCallbackQuery was called for each. */
  private readonly queries = new Map<string, boolean>();
  /** Bots known by token; any other token gets 401 Unauthorized, as the real API answers. */
  readonly bots = new Map<string, FakeBot>();
  private readonly handlers = new Map<string, MethodHandler>();
  /** One-shot answers that take precedence over handlers (e.g. a single 429), per method. */
  private readonly queued = new Map<string, ApiAnswer[]>();
  private readonly updates = new Map<string, unknown[]>();
  private readonly waiters = new Map<string, Array<() => void>>();
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private server?: Server;
  /** Files users "uploaded" (documents), served by getFile and GET /file/bot<token>/<path>. */
  private readonly files = new Map<string, Buffer>();
  url = "";

  constructor(private readonly options: FakeBotApiOptions = {}) {
    this.handlers.set("getMe", (_p, token) => {
      const bot = this.bots.get(token)!;
      return { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
    });
    this.handlers.set("getWebhookInfo", (_p, token) => {
      const bot = this.bots.get(token)!;
      const w = bot.webhook;
      if (bot.delivery?.mode === "drain") w.pending_update_count = Math.max(0, w.pending_update_count - bot.delivery.perRead);
      if (bot.delivery?.mode === "fail") {
        w.last_error_date = Math.max(Math.floor(Date.now() / 1000), (w.last_error_date ?? 0) + 1);
        w.last_error_message = bot.delivery.message;
      }
      return { ...w };
    });
    this.handlers.set("getUpdates", (p, token) => this.takeUpdates(token, p));
    // As the real server: deleteWebhook empties the URL (and the queue with drop_pending_updates); setWebhook
    // replaces the registration (max_connections back to 40 when omitted, allowed_updates kept when omitted,
    // the secret token replaced) and clears the last error.
    this.handlers.set("deleteWebhook", (p, token) => {
      const bot = this.bots.get(token)!;
      bot.webhook.url = "";
      if (p.drop_pending_updates === true || p.drop_pending_updates === "true") bot.webhook.pending_update_count = 0;
      return true;
    });
    this.handlers.set("setWebhook", (p, token) => {
      const bot = this.bots.get(token)!;
      const w = bot.webhook;
      w.url = String(p.url ?? "");
      if (!w.url) return true;
      w.max_connections = p.max_connections !== undefined ? Number(p.max_connections) : 40;
      if (Array.isArray(p.allowed_updates)) w.allowed_updates = p.allowed_updates as string[];
      if (p.drop_pending_updates === true || p.drop_pending_updates === "true") w.pending_update_count = 0;
      bot.secretToken = typeof p.secret_token === "string" ? p.secret_token : undefined;
      delete w.last_error_date;
      delete w.last_error_message;
      return true;
    });
    for (const m of ["sendMessage", "editMessageText", "sendPhoto", "sendDocument"]) {
      this.handlers.set(m, (p) => this.messageResult(p));
    }
    for (const m of ["setMyCommands", "deleteMessage", "answerCallbackQuery", "answerInlineQuery", "setChatMenuButton", "sendChatAction", "editMessageReplyMarkup", "deleteMyCommands"]) {
      this.handlers.set(m, () => true);
    }
    this.handlers.set("getFile", (p) => {
      const bytes = this.files.get(String(p.file_id));
      if (!bytes) return apiError(400, "Bad Request: invalid file_id");
      return { file_id: p.file_id, file_unique_id: `u${p.file_id}`, file_size: bytes.length, file_path: `documents/${p.file_id}` };
    });
    this.handlers.set("getChatMember", (p) => ({ status: "administrator", user: { id: Number(p.user_id), is_bot: false, first_name: "Admin" } }));
  }

  addBot(token: string, bot: FakeBotSetup = {}): FakeBot {
    const id = Number(token.split(":")[0]) || 1;
    const entry: FakeBot = {
      id,
      username: bot.username ?? `bot${id}`,
      first_name: bot.first_name ?? "Test bot",
      webhook: { url: "", has_custom_certificate: false, pending_update_count: 0, max_connections: 40, ...bot.webhook },
      ...(bot.delivery ? { delivery: bot.delivery } : {}),
    };
    this.bots.set(token, entry);
    return entry;
  }

  /** Store a file as if a user had uploaded it; returns its file_id for a `document` in an update. */
  addFile(bytes: Buffer): string {
    const id = `file${this.files.size + 1}`;
    this.files.set(id, bytes);
    return id;
  }

  /** A chat an update came from: the bot may write to it (strict mode refuses others: "chat not found"). */
  seeChat(chatId: number): void {
    this.chats.add(chatId);
  }

  /** A user's message in a chat: its id comes from the chat's one sequence of message ids, as in Telegram. */
  incomingMessage(chatId: number, text?: string): number {
    this.seeChat(chatId);
    const id = this.nextMessageId++;
    this.messages.set(`${chatId}:${id}`, { fromBot: false, text, markup: "" });
    return id;
  }

  /** A message of the bot's that the test did not see being sent (e.g. from before a restart), with buttons. */
  plantBotMessage(chatId: number, text: string, replyMarkup?: unknown): number {
    this.seeChat(chatId);
    const id = this.nextMessageId++;
    this.messages.set(`${chatId}:${id}`, { fromBot: true, text, markup: replyMarkup ? JSON.stringify(replyMarkup) : "" });
    return id;
  }

  /** The newest message of the bot's in a chat with a button carrying this callback data. */
  messageWithButton(chatId: number, data: string): number | undefined {
    let found: number | undefined;
    for (const [key, m] of this.messages) {
      const [chat, id] = key.split(":").map(Number);
      if (chat !== chatId || !m.fromBot || !m.markup) continue;
      const rows = (JSON.parse(m.markup) as { inline_keyboard?: Array<Array<{ callback_data?: string }>> }).inline_keyboard ?? [];
      if (rows.some((row) => row.some((b) => b.callback_data === data)) && (found === undefined || id > found)) found = id;
    }
    return found;
  }

  /** A callback query was delivered to the bot: it must be answered, once. */
  callbackQueryDelivered(id: string): void {
    this.queries.set(id, false);
  }

  /** Delivered callback queries the bot never answered (the user's button keeps spinning). */
  unansweredCallbackQueries(): string[] {
    return [...this.queries].filter(([, answered]) => !answered).map(([id]) => id);
  }

  /** Replace the behaviour of one method for all tokens. */
  on(method: string, handler: MethodHandler): void {
    this.handlers.set(method, handler);
  }

  /** The next `count` calls of `method` get this answer (e.g. a 429 with retry_after, a 502). */
  failNext(method: string, answer: ApiAnswer, count = 1): void {
    const list = this.queued.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(answer);
    this.queued.set(method, list);
  }

  /** Queue an update for a bot's getUpdates; `update_id` is assigned here. */
  pushUpdate(token: string, update: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++;
    const list = this.updates.get(token) ?? [];
    list.push({ update_id, ...update });
    this.updates.set(token, list);
    for (const wake of this.waiters.get(token) ?? []) wake();
    this.waiters.set(token, []);
    return update_id;
  }

  callsOf(method: string, token?: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (token === undefined || c.token === token));
  }

  /** Resolve once a call matching the predicate has been recorded (bounded by timeoutMs). */
  async waitForCall(predicate: (c: RecordedCall) => boolean, timeoutMs = 10_000): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.calls.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`fake Bot API: no matching call within ${timeoutMs} ms; got ${this.calls.map((c) => c.method).join(", ")}`);
  }

  async start(host = "127.0.0.1"): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host}:${port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const list of this.waiters.values()) list.forEach((wake) => wake());
    this.waiters.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * Telegram's rules for what a bot sends, checked before any handler runs. The descriptions are the real
   * API's, so code that reads them (e.g. "chat not found") behaves as it would in production.
   */
  private telegramRules(method: string, p: Record<string, unknown>): Extract<ApiAnswer, { ok: false }> | undefined {
    const bad = (description: string) => apiError(400, `Bad Request: ${description}`) as Extract<ApiAnswer, { ok: false }>;
    if (typeof p[INVALID_BODY] === "string" || hasLoneSurrogate(p)) return bad("strings must be encoded in UTF-8");
    const chatId = p.chat_id === undefined ? undefined : Number(p.chat_id);
    const strict = this.options.strict === true;
    if (strict && chatId !== undefined && Number.isFinite(chatId) && !this.chats.has(chatId) && CHAT_METHODS.has(method)) return bad("chat not found");

    const markupProblem = inlineKeyboardProblem(p.reply_markup);
    if (markupProblem) return bad(markupProblem);

    const textOf = (text: unknown, parseMode: unknown, limit: number, what: "message" | "caption") => {
      if (text === undefined && what === "caption") return undefined;
      if (typeof text !== "string") return bad("message text is empty");
      const parsed = parseMode === "HTML" ? parseTelegramHtml(text) : { text };
      if ("error" in parsed) return bad(`can't parse entities: ${parsed.error}`);
      if (what === "message" && parsed.text.trim().length === 0) return bad("message text is empty");
      if (parsed.text.length > limit) return bad(what === "message" ? "message is too long" : "message caption is too long");
      return undefined;
    };
    const key = chatId !== undefined ? `${chatId}:${Number(p.message_id)}` : "";
    switch (method) {
      case "sendMessage":
        return textOf(p.text, p.parse_mode, LIMITS.text, "message");
      case "sendPhoto":
      case "sendDocument":
        return textOf(p.caption, p.parse_mode, LIMITS.caption, "caption");
      case "editMessageText": {
        const problem = textOf(p.text, p.parse_mode, LIMITS.text, "message");
        if (problem) return problem;
        const stored = this.messages.get(key);
        if (!stored) return strict && p.inline_message_id === undefined ? bad("message to edit not found") : undefined;
        if (!stored.fromBot) return bad("message can't be edited");
        if (stored.text === p.text && stored.parseMode === p.parse_mode && stored.markup === markupOf(p.reply_markup)) return bad(NOT_MODIFIED);
        return undefined;
      }
      case "editMessageReplyMarkup": {
        const stored = this.messages.get(key);
        if (!stored) return strict && p.inline_message_id === undefined ? bad("message to edit not found") : undefined;
        if (!stored.fromBot) return bad("message can't be edited");
        if (stored.markup === markupOf(p.reply_markup)) return bad(NOT_MODIFIED);
        return undefined;
      }
      case "deleteMessage":
        return strict && !this.messages.has(key) ? bad("message to delete not found") : undefined;
      case "answerCallbackQuery": {
        const id = String(p.callback_query_id);
        const answered = this.queries.get(id);
        if (answered === true || (answered === undefined && strict)) return bad("query is too old and response timeout expired or query ID is invalid");
        if (typeof p.text === "string" && p.text.length > LIMITS.callbackAnswer) return bad("MESSAGE_TOO_LONG");
        return undefined;
      }
      case "answerInlineQuery": {
        const results = Array.isArray(p.results) ? (p.results as Array<Record<string, unknown>>) : [];
        if (results.length > LIMITS.inlineResults) return bad("RESULTS_TOO_MUCH");
        for (const r of results) {
          if (typeof r.id !== "string" || Buffer.byteLength(r.id) > 64) return bad("RESULT_ID_INVALID");
          if (r.type === "article" && (typeof r.title !== "string" || r.title.trim() === "")) return bad("RESULT_TITLE_EMPTY");
          const content = r.input_message_content as { message_text?: unknown; parse_mode?: unknown } | undefined;
          if (content) {
            const problem = textOf(content.message_text, content.parse_mode, LIMITS.text, "message");
            if (problem) return problem;
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** What Telegram keeps of a successful call: the messages (for edits, "not modified") and answered queries. */
  private remember(method: string, p: Record<string, unknown>, result: unknown): void {
    const chatId = Number(p.chat_id);
    if (method === "answerCallbackQuery") this.queries.set(String(p.callback_query_id), true);
    if (!Number.isFinite(chatId)) return;
    const id = (result as { message_id?: number } | null)?.message_id;
    if ((method === "sendMessage" || method === "sendPhoto" || method === "sendDocument") && typeof id === "number") {
      this.messages.set(`${chatId}:${id}`, { fromBot: true, text: typeof p.text === "string" ? p.text : undefined, parseMode: p.parse_mode as string | undefined, markup: markupOf(p.reply_markup) });
    } else if (method === "editMessageText") {
      const key = `${chatId}:${Number(p.message_id)}`;
      this.messages.set(key, { fromBot: true, text: String(p.text), parseMode: p.parse_mode as string | undefined, markup: markupOf(p.reply_markup) });
    } else if (method === "editMessageReplyMarkup") {
      const stored = this.messages.get(`${chatId}:${Number(p.message_id)}`);
      if (stored) stored.markup = markupOf(p.reply_markup);
    } else if (method === "deleteMessage") {
      this.messages.delete(`${chatId}:${Number(p.message_id)}`);
    }
  }

  private messageResult(p: Record<string, unknown>) {
    return {
      message_id: p.message_id !== undefined ? Number(p.message_id) : this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(p.chat_id), type: Number(p.chat_id) < 0 ? "supergroup" : "private" },
      text: typeof p.text === "string" ? p.text : undefined,
    };
  }

  private async takeUpdates(token: string, p: Record<string, unknown>): Promise<unknown[]> {
    const offset = Number(p.offset ?? 0);
    const timeoutS = Math.min(Number(p.timeout ?? 0), 2); // keep test long polls short
    const pending = () => (this.updates.get(token) ?? []).filter((u) => (u as { update_id: number }).update_id >= offset);
    // Updates below the offset are confirmed: forget them, as the real server does.
    this.updates.set(token, pending());
    if (pending().length === 0 && timeoutS > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutS * 1000);
        const list = this.waiters.get(token) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        this.waiters.set(token, list);
      });
    }
    return pending().slice(0, Number(p.limit ?? 100));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = /^\/file\/bot([^/]+)\/documents\/([\w]+)$/.exec(req.url ?? "");
    if (file) {
      const bytes = this.bots.has(file[1]) ? this.files.get(file[2]) : undefined;
      res.writeHead(bytes ? 200 : 404).end(bytes);
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(req.url ?? "");
    const send = (status: number, body: ApiAnswer) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!match) return send(404, apiError(404, "Not Found"));
    const [, token, method] = match;
    const params = await readParams(req).catch((error: Error) => ({ [INVALID_BODY]: error.message }) as Record<string, unknown>);
    const call: RecordedCall = { token, method, params, at: Date.now() };
    this.calls.push(call);
    if (!this.bots.has(token)) return send(401, apiError(401, "Unauthorized"));
    const refusal = this.telegramRules(method, params);
    if (refusal) {
      this.refusals.push({ method, description: refusal.description, params });
      return send(refusal.error_code, refusal);
    }
    const queued = this.queued.get(method);
    if (queued?.length) {
      const answer = queued.shift()!;
      return send(answer.ok ? 200 : answer.error_code, answer);
    }
    const handler = this.handlers.get(method);
    if (!handler) return send(404, apiError(404, "Not Found: method not found"));
    try {
      const value = await handler(params, token, call);
      const answer = isAnswer(value) ? value : ok(value);
      if (answer.ok) {
        this.remember(method, params, answer.result);
        if (typeof answer.result === "object" && answer.result !== null) call.result = answer.result as RecordedCall["result"];
      }
      send(answer.ok ? 200 : answer.error_code, answer);
    } catch (error) {
      send(500, apiError(500, `Internal Server Error: ${(error as Error).message}`));
    }
  }
}

const INVALID_BODY = "__invalid_utf8_body";
const NOT_MODIFIED = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
/** Methods whose chat_id must name a chat the bot knows. */
const CHAT_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup", "deleteMessage", "sendChatAction", "getChatMember", "getChat"]);

const markupOf = (markup: unknown): string => {
  const keyboard = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  return Array.isArray(keyboard) && keyboard.length > 0 ? JSON.stringify(markup) : "";
};

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === "string") return /[\ud800-\udfff]/u.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value && typeof value === "object" && !(value instanceof Blob)) return Object.values(value).some(hasLoneSurrogate);
  return false;
}

/** An inline keyboard as Telegram checks it: every button has a text and one action; callback data is 1-64 bytes. */
function inlineKeyboardProblem(markup: unknown): string | undefined {
  const rows = (markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (rows === undefined) return undefined;
  if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) return "field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays";
  for (const button of rows.flat() as Array<Record<string, unknown>>) {
    if (typeof button.text !== "string" || button.text.trim() === "") return "BUTTON_TEXT_INVALID";
    if ("callback_data" in button) {
      const bytes = Buffer.byteLength(String(button.callback_data));
      if (bytes < 1 || bytes > LIMITS.callbackData) return "BUTTON_DATA_INVALID";
    } else if ("url" in button) {
      if (!/^(https?|tg):\/\/\S+$/i.test(String(button.url))) return "BUTTON_URL_INVALID";
    } else if (!["switch_inline_query", "switch_inline_query_current_chat", "login_url", "web_app", "copy_text", "pay", "callback_game", "switch_inline_query_chosen_chat"].some((k) => k in button)) {
      return "text buttons are unallowed in the inline keyboard";
    }
  }
  return undefined;
}

/** The tags of Telegram's HTML parse mode (Bot API "Formatting options"); everything else is refused. */
const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote", "tg-time"]);

/**
 * Telegram's HTML parse mode as its server applies it (tdlib's parse_html): only the supported tags,
 * properly nested and closed; `<` must be escaped; the named entities &lt; &gt; &amp; &quot; and numeric
 * ones are decoded (any other `&` stays as it is). Returns the plain text Telegram would count, or the error.
 */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const offset = (i: number) => Buffer.byteLength(html.slice(0, i));
  const stack: string[] = [];
  let text = "";
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === "&") {
      const m = /^&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-f]{1,6}));/i.exec(html.slice(i, i + 12));
      if (m) {
        const code = m[1] ? { lt: 60, gt: 62, amp: 38, quot: 34 }[m[1].toLowerCase() as "lt"]! : Number.parseInt(m[2] ?? m[3]!, m[2] ? 10 : 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return { error: `Invalid character entity at byte offset ${offset(i)}` };
        text += String.fromCodePoint(code);
        i += m[0].length;
      } else {
        text += c;
        i++;
      }
      continue;
    }
    if (c !== "<") {
      text += c;
      i++;
      continue;
    }
    const begin = i;
    if (html[i + 1] === "/") {
      const end = /^<\/([^\s>]*)\s*>/.exec(html.slice(i));
      if (!end) return { error: `Unclosed end tag at byte offset ${offset(begin)}` };
      const name = end[1].toLowerCase();
      const open = stack.pop();
      if (open === undefined) return { error: `Unexpected end tag at byte offset ${offset(begin)}` };
      if (open !== name) return { error: `Unmatched end tag at byte offset ${offset(begin)}, expected "</${open}>", found "</${name}>"` };
      i += end[0].length;
      continue;
    }
    const nameMatch = /^<([^\s>/]*)/.exec(html.slice(i))!;
    const name = nameMatch[1].toLowerCase();
    if (!HTML_TAGS.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${offset(begin)}` };
    i += nameMatch[0].length;
    const attributes: Record<string, string> = {};
    for (;;) {
      while (i < html.length && /\s/.test(html[i])) i++;
      if (i >= html.length) return { error: `Unclosed start tag at byte offset ${offset(begin)}` };
      if (html[i] === ">") {
        i++;
        break;
      }
      const attr = /^([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/.exec(html.slice(i));
      if (!attr) return { error: `Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${offset(i)}` };
      attributes[attr[1].toLowerCase()] = attr[2] ?? attr[3] ?? attr[4] ?? "";
      i += attr[0].length;
    }
    if (name === "span" && attributes.class !== "tg-spoiler") return { error: `Tag "span" must have class "tg-spoiler" at byte offset ${offset(begin)}` };
    stack.push(name);
  }
  if (stack.length > 0) return { error: `Can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { text };
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
  // Telegram refuses bodies that are not valid UTF-8 (files in multipart bodies are bytes, not text).
  if (!type.startsWith("multipart/form-data")) new TextDecoder("utf-8", { fatal: true }).decode(body);
  const query = Object.fromEntries(new URL(req.url ?? "/", "http://x").searchParams);
  if (body.length === 0) return query;
  if (type.includes("application/json")) return { ...query, ...(JSON.parse(body.toString("utf8")) as Record<string, unknown>) };
  const form = type.startsWith("multipart/form-data") ? parseMultipart(body, type) : new URLSearchParams(body.toString("utf8"));
  const params: Record<string, unknown> = { ...query };
  for (const [key, value] of form) {
    if (typeof value !== "string") {
      params[key] = value;
      continue;
    }
    try {
      params[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      params[key] = value;
    }
  }
  return params;
}

/**
 * multipart/form-data as grammY sends it (sendPhoto, sendDocument): a file part becomes a Blob, the rest
 * strings. Written out because the platform's FormData parser rejects grammY's streamed bodies.
 */
function parseMultipart(body: Buffer, type: string): Array<[string, string | Blob]> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const entries: Array<[string, string | Blob]> = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4, part.length - 2); // the part ends with CRLF
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) entries.push([name, /filename=|content-type: (?!text)/i.test(headers) ? new Blob([new Uint8Array(content)]) : content.toString("utf8")]);
    }
    start = next;
  }
  return entries;
}
