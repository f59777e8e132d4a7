import { mkdtempSync } from "node:fs";
import pino from "pino";
import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { createBot } from "../../src/bot/index.js";
import type { FixOptions } from "../../src/bot/features/fix.js";
import { BURST_INTERVAL_MS, ledgerVerdict } from "../../src/diagnosis/burst-gate.js";
import { BurstRunsRepository } from "../../src/store/burst-runs-repository.js";
import { FixActionsRepository } from "../../src/store/fix-actions-repository.js";
import type { FixChoices, WebhookCall } from "../../src/telegram/webhook-actions.js";
import { createLogger } from "../../src/logger.js";
import type { CheckResult } from "../../src/diagnosis/checklist.js";
import { ConversationStateRepository } from "../../src/store/conversation-state-repository.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { ReportsRepository } from "../../src/store/reports-repository.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { UsersRepository } from "../../src/store/users-repository.js";
import type { MonitorOptions } from "../../src/monitor/monitor.js";
import { createWatching } from "../../src/monitor/watching.js";
import type { FakeBotApi, RecordedCall } from "./fake-bot-api.js";
import { tempDir } from "./temp.js";

export const TEST_ENCRYPTION_KEY = "a3f1c2d4e5b6a7980f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978";

/**
 * The real bot (real grammY, real SQLite file, real HTTP to the fake Bot API), fed updates the way
 * Telegram would send them: messages, button presses, inline queries. `restart()` drops every object
 * and builds the bot again on the same file, as a process restart would.
 */
export class BotHarness {
  app!: ReturnType<typeof createBot>;
  watching?: ReturnType<typeof createWatching>;
  db!: Db;
  readonly dbPath: string;
  private updateId = 1;
  private readonly opened: Db[] = [];

  constructor(
    private readonly api: FakeBotApi,
    readonly token: string,
    private readonly options: { allowPrivate?: boolean; dbPath?: string; watching?: Partial<MonitorOptions>; logLines?: string[]; fix?: FixOptions } = {},
  ) {
    this.dbPath = options.dbPath ?? `${tempDir("wd-harness-")}/bot.sqlite`;
  }

  async start(): Promise<this> {
    this.db = openDatabase(this.dbPath);
    this.opened.push(this.db);
    const box = new SecretBox(TEST_ENCRYPTION_KEY);
    // With logLines, everything the bot logs (trace and up) is kept for a test to search, through the real redaction.
    const lines = this.options.logLines;
    const logger = lines ? createLogger("trace", { write: (line: string) => void lines.push(line) }) : pino({ level: "silent" });
    this.watching = this.options.watching
      ? createWatching({ db: this.db, box, apiRoot: this.api.url, botToken: this.token, allowPrivate: this.options.allowPrivate ?? true, logger, monitor: this.options.watching })
      : undefined;
    this.app = createBot({
      watching: this.watching,
      // The owner's burst test and fixes (issue 12), with the test's short timings.
      fix: this.options.fix
        ? { runs: new BurstRunsRepository(this.db, ledgerVerdict, BURST_INTERVAL_MS), actions: new FixActionsRepository<FixChoices, WebhookCall>(this.db, box), options: this.options.fix }
        : undefined,
      config: { botToken: this.token, apiRoot: this.api.url, probeAllowPrivate: this.options.allowPrivate ?? true },
      logger,
      store: {
        users: new UsersRepository(this.db),
        reports: new ReportsRepository<CheckResult>(this.db, box),
        conversations: new ConversationStateRepository<VersionedState<ConversationData>>(this.db, box),
      },
    });
    await this.app.bot.init();
    this.watching?.monitor.start();
    return this;
  }

  async restart(): Promise<this> {
    await this.app.jobs.drain();
    await this.watching?.monitor.stop();
    this.db.close();
    return this.start();
  }

  async close(): Promise<void> {
    await this.app?.jobs.drain();
    await this.watching?.monitor.stop();
    for (const db of this.opened) if (db.open) db.close();
  }

  /**
   * Any update, as Telegram would deliver it: the fake learns the chat (the bot may now write there) and
   * the callback query (it must be answered). `update_id` is assigned here. Returns the update id.
   */
  async deliver(update: Record<string, unknown>): Promise<number> {
    const update_id = this.updateId++;
    const full = { ...update, update_id } as Record<string, { chat?: { id: number }; id?: string; message?: { chat: { id: number } } }>;
    for (const kind of ["message", "edited_message", "channel_post", "my_chat_member", "chat_member"]) {
      const chatId = full[kind]?.chat?.id;
      if (chatId !== undefined) this.api.seeChat(chatId);
    }
    const query = full.callback_query;
    if (query?.id) {
      this.api.callbackQueryDelivered(query.id);
      if (query.message) this.api.seeChat(query.message.chat.id);
    }
    await this.app.bot.handleUpdate(full as never);
    return update_id;
  }

  /** A new message id in a chat, from the fake's one sequence (so the bot's deletes and edits find it). */
  messageIdIn(chatId: number, text?: string): number {
    return this.api.incomingMessage(chatId, text);
  }

  /**
   * The message a button sits on: the newest message of the bot's carrying this callback data, or (for a
   * button from before the test, or forged data) a message of the bot's planted with that one button.
   */
  messageWithButton(chatId: number, data: string): number {
    return this.api.messageWithButton(chatId, data) ?? this.api.plantBotMessage(chatId, "…", { inline_keyboard: [[{ text: "·", callback_data: data }]] });
  }

  private from(userId: number, lang: string) {
    return { id: userId, is_bot: false, first_name: "Op", language_code: lang };
  }

  /** A text message from a user in a private chat (or another chat with `chat`). Returns its message_id. */
  async say(userId: number, text: string, opts: { lang?: string; chat?: { id: number; type: "group" | "supergroup" }; threadId?: number } = {}): Promise<number> {
    const chatId = opts.chat?.id ?? userId;
    const message_id = this.messageIdIn(chatId, text);
    const command = /^\/\w+/.exec(text);
    await this.deliver({
      message: {
        message_id,
        date: Math.floor(Date.now() / 1000),
        chat: opts.chat ? { ...opts.chat, title: "Ops" } : { id: userId, type: "private", first_name: "Op" },
        from: this.from(userId, opts.lang ?? "en"),
        text,
        ...(opts.threadId ? { message_thread_id: opts.threadId, is_topic_message: true } : {}),
        ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command[0].length }] } : {}),
      },
    });
    return message_id;
  }

  async sendDocument(userId: number, fileId: string, size: number, lang = "en"): Promise<void> {
    await this.deliver({
      message: {
        message_id: this.messageIdIn(userId),
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: "private", first_name: "Op" },
        from: this.from(userId, lang),
        document: { file_id: fileId, file_unique_id: `u${fileId}`, file_name: "payload.json", file_size: size },
      },
    });
  }

  /**
   * A press on an inline button with this callback data, on a message the bot sent to the user (by default
   * the newest one carrying that button; `onMessage` names another). Returns the callback query id.
   */
  async press(userId: number, data: string, lang = "en", chat?: { id: number; type: "group" | "supergroup" }, onMessage?: number): Promise<string> {
    const id = `cb${this.updateId}`;
    const message_id = onMessage ?? this.messageWithButton(chat?.id ?? userId, data);
    await this.deliver({
      callback_query: {
        id,
        from: this.from(userId, lang),
        chat_instance: "ci",
        data,
        message: { message_id, date: Math.floor(Date.now() / 1000), chat: chat ? { ...chat, title: "Ops" } : { id: userId, type: "private", first_name: "Op" }, text: "…" },
      },
    });
    return id;
  }

  async inline(userId: number, query: string, lang = "en"): Promise<string> {
    const id = `iq${this.updateId}`;
    await this.deliver({ inline_query: { id, from: this.from(userId, lang), query, offset: "" } });
    return id;
  }

  async blockedBy(userId: number): Promise<void> {
    await this.deliver({
      my_chat_member: {
        chat: { id: userId, type: "private", first_name: "Op" },
        from: this.from(userId, "en"),
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { status: "member", user: { id: 1, is_bot: true, first_name: "WD" } },
        new_chat_member: { status: "kicked", user: { id: 1, is_bot: true, first_name: "WD" }, until_date: 0 },
      },
    });
  }

  /** Everything the bot sent to one chat after `since` (an index into the fake's call log). */
  sentTo(chatId: number, since = 0, methods = ["sendMessage", "editMessageText"]): RecordedCall[] {
    return this.api.calls.slice(since).filter((c) => methods.includes(c.method) && Number(c.params.chat_id) === chatId);
  }

  /** The texts of the bot's replies to a chat since `since`. */
  textsTo(chatId: number, since = 0): string[] {
    return this.sentTo(chatId, since).map((c) => String(c.params.text));
  }
}
