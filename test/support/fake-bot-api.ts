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
}

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

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
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

  constructor() {
    this.handlers.set("getMe", (_p, token) => {
      const bot = this.bots.get(token)!;
      return { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
    });
    this.handlers.set("getWebhookInfo", (_p, token) => ({ ...this.bots.get(token)!.webhook }));
    this.handlers.set("getUpdates", (p, token) => this.takeUpdates(token, p));
    this.handlers.set("deleteWebhook", (_p, token) => {
      this.bots.get(token)!.webhook.url = "";
      return true;
    });
    this.handlers.set("setWebhook", (p, token) => {
      this.bots.get(token)!.webhook.url = String(p.url ?? "");
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

  addBot(token: string, bot: Partial<FakeBot> & { webhook?: Partial<WebhookInfoState> } = {}): FakeBot {
    const id = Number(token.split(":")[0]) || 1;
    const entry: FakeBot = {
      id,
      username: bot.username ?? `bot${id}`,
      first_name: bot.first_name ?? "Test bot",
      webhook: { url: "", has_custom_certificate: false, pending_update_count: 0, max_connections: 40, ...bot.webhook },
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
    const params = await readParams(req);
    const call: RecordedCall = { token, method, params, at: Date.now() };
    this.calls.push(call);
    if (!this.bots.has(token)) return send(401, apiError(401, "Unauthorized"));
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
      send(answer.ok ? 200 : answer.error_code, answer);
    } catch (error) {
      send(500, apiError(500, `Internal Server Error: ${(error as Error).message}`));
    }
  }
}

async function readParams(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers["content-type"] ?? "";
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
