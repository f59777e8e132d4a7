import { randomBytes } from "node:crypto";
import { prepared, type Db } from "./database.js";
import type { SecretBox } from "./secret-box.js";

export type FixStage = "ask_types" | "ask_secret" | "await_secret" | "confirm" | "confirm2" | "running" | "done" | "failed" | "cancelled";

export interface FixActionRow<Choices, Call> {
  id: string;
  reportId: string;
  userId: number;
  chatId: number;
  botId: number;
  action: string;
  stage: FixStage;
  choices: Choices | null;
  call: Call | null;
  callText: string | null;
  pendingCount: number | null;
  result: string | null;
  createdAt: number;
  updatedAt: number;
}

type Row = {
  id: string;
  report_id: string;
  user_id: number;
  chat_id: number;
  bot_id: number;
  action: string;
  stage: FixStage;
  choices_sealed: string | null;
  call_sealed: string | null;
  call_text: string | null;
  pending_count: number | null;
  result: string | null;
  created_at: number;
  updated_at: number;
};

/**
 * Fix actions in progress, one row each, with a one-shot id. Every step is a conditional UPDATE from the
 * stage the button was made for: whoever presses second (twice, after a restart, another tab) finds the
 * row already moved on and gets told so; nothing is ever sent twice. Answers and the planned call are
 * sealed: they carry the webhook URL (often with the token in its path) and the secret token.
 */
export class FixActionsRepository<Choices extends object, Call extends object> {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  create(input: { reportId: string; userId: number; chatId: number; botId: number; action: string; stage: FixStage; choices?: Choices; call?: Call; callText?: string; pendingCount?: number }, now = Date.now()): string {
    const id = randomBytes(8).toString("base64url").slice(0, 10);
    prepared(
      this.db,
      `INSERT INTO fix_actions (id, report_id, user_id, chat_id, bot_id, action, stage, choices_sealed, call_sealed, call_text, pending_count, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      input.reportId,
      input.userId,
      input.chatId,
      input.botId,
      input.action,
      input.stage,
      input.choices ? this.box.seal(JSON.stringify(input.choices), `fix:${id}:choices`) : null,
      input.call ? this.box.seal(JSON.stringify(input.call), `fix:${id}:call`) : null,
      input.callText ?? null,
      input.pendingCount ?? null,
      now,
      now,
    );
    return id;
  }

  get(id: string): FixActionRow<Choices, Call> | undefined {
    const row = prepared(this.db, "SELECT * FROM fix_actions WHERE id = ?").get(id) as Row | undefined;
    return row ? this.toRow(row) : undefined;
  }

  /** The action in this chat waiting for this person's typed answer (a secret token, a list of update types). */
  waitingForText(chatId: number, userId: number): FixActionRow<Choices, Call> | undefined {
    const row = prepared(this.db, "SELECT * FROM fix_actions WHERE chat_id = ? AND user_id = ? AND stage IN ('ask_types', 'await_secret') ORDER BY updated_at DESC LIMIT 1").get(chatId, userId) as
      | Row
      | undefined;
    return row ? this.toRow(row) : undefined;
  }

  /**
   * Moves the row from `from` to `to` (with what was learnt on the way) if, and only if, it is still at
   * `from` and belongs to `userId`. Returns false when someone or something moved it first.
   */
  advance(id: string, userId: number, from: FixStage, to: FixStage, patch: { choices?: Choices; call?: Call; callText?: string; pendingCount?: number; result?: string } = {}, now = Date.now()): boolean {
    const sets = ["stage = ?", "updated_at = ?"];
    const values: unknown[] = [to, now];
    if (patch.choices !== undefined) (sets.push("choices_sealed = ?"), values.push(this.box.seal(JSON.stringify(patch.choices), `fix:${id}:choices`)));
    if (patch.call !== undefined) (sets.push("call_sealed = ?"), values.push(this.box.seal(JSON.stringify(patch.call), `fix:${id}:call`)));
    if (patch.callText !== undefined) (sets.push("call_text = ?"), values.push(patch.callText));
    if (patch.pendingCount !== undefined) (sets.push("pending_count = ?"), values.push(patch.pendingCount));
    if (patch.result !== undefined) (sets.push("result = ?"), values.push(patch.result));
    const sql = `UPDATE fix_actions SET ${sets.join(", ")} WHERE id = ? AND user_id = ? AND stage = ?`;
    return prepared(this.db, sql).run(...values, id, userId, from).changes === 1;
  }

  /** Rows still waiting after this long are dropped with their sealed answers. */
  prune(olderThanMs: number, now = Date.now()): number {
    return prepared(this.db, "DELETE FROM fix_actions WHERE updated_at < ? AND stage NOT IN ('done', 'failed')").run(now - olderThanMs).changes;
  }

  private toRow(r: Row): FixActionRow<Choices, Call> {
    const open = <T>(sealed: string | null, what: string): T | null => {
      if (!sealed) return null;
      try {
        return JSON.parse(this.box.open(sealed, `fix:${r.id}:${what}`)) as T;
      } catch {
        return null;
      }
    };
    return {
      id: r.id,
      reportId: r.report_id,
      userId: r.user_id,
      chatId: r.chat_id,
      botId: r.bot_id,
      action: r.action,
      stage: r.stage,
      choices: open<Choices>(r.choices_sealed, "choices"),
      call: open<Call>(r.call_sealed, "call"),
      callText: r.call_text,
      pendingCount: r.pending_count,
      result: r.result,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
