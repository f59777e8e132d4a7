import { randomBytes } from "node:crypto";
import { prepared, type Db } from "./database.js";
import type { SecretBox } from "./secret-box.js";
import { parseStoredJson, StoredReportSchema, StoredRequestSchema, type BadRowHandler, type StoredRequest } from "./stored-json.js";

/** What a re-run needs besides the report: the request as the user gave it, secrets included (sealed). */
export type { StoredRequest };

export interface StoredReport<R> {
  id: string;
  userId: number;
  chatId: number | null;
  report: R;
  createdAt: string;
}

const ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
/** Reports older than this are pruned; their sealed secrets go with them. */
export const REPORT_RETENTION_DAYS = 30;

/** Stored reports: the secret-free report JSON, shown again by /report <id> and re-run from its buttons. */
export class ReportsRepository<R extends { url: string; platform: string; verdict: string; primary: string | null; checked_at: string }> {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    /** A stored report or request that does not parse: logged by the caller, then treated as gone. */
    private readonly onBadRow?: BadRowHandler,
  ) {}

  /** A short id people can read aloud or type: 8 characters without look-alikes (0/o, 1/l/i). */
  static newId(): string {
    return [...randomBytes(8)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
  }

  save(report: R, owner: { userId: number; chatId?: number }, request?: StoredRequest): string {
    const id = ReportsRepository.newId();
    prepared(this.db, 
        `INSERT INTO reports (id, user_id, chat_id, url, platform, verdict, primary_code, report_json, request_sealed, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, owner.userId, owner.chatId ?? null, report.url, report.platform, report.verdict, report.primary, JSON.stringify(report), request ? this.box.seal(JSON.stringify(request), `report:${id}`) : null, report.checked_at);
    return id;
  }

  get(id: string): StoredReport<R> | undefined {
    const row = prepared(this.db, "SELECT id, user_id, chat_id, report_json, created_at FROM reports WHERE id = ?").get(id) as
      | { id: string; user_id: number; chat_id: number | null; report_json: string; created_at: string }
      | undefined;
    if (!row) return undefined;
    const parsed = parseStoredJson(StoredReportSchema, row.report_json);
    if (!parsed.ok) {
      this.onBadRow?.("reports", row.id, parsed.reason);
      return undefined;
    }
    // The schema checked what the bot reads; the rest of the report is the renderer's, kept as stored.
    return { id: row.id, userId: row.user_id, chatId: row.chat_id, report: parsed.value as unknown as R, createdAt: row.created_at };
  }

  /** The sealed request of a report, opened and parsed; undefined (and reported) when either fails. */
  private openRequest(id: string, sealed: string): StoredRequest | undefined {
    let json: string;
    try {
      json = this.box.open(sealed, `report:${id}`);
    } catch {
      return undefined; // sealed under another ENCRYPTION_KEY: expected after a key change, not a bad row
    }
    const parsed = parseStoredJson(StoredRequestSchema, json);
    if (parsed.ok) return parsed.value;
    this.onBadRow?.("reports.request_sealed", id, parsed.reason);
    return undefined;
  }

  /** The sealed request, opened only for its owner (a re-run or a deep check from the report's buttons). */
  request(id: string, userId: number): StoredRequest | undefined {
    const row = prepared(this.db, "SELECT request_sealed FROM reports WHERE id = ? AND user_id = ?").get(id, userId) as { request_sealed: string | null } | undefined;
    if (!row?.request_sealed) return undefined;
    return this.openRequest(id, row.request_sealed);
  }

  /**
   * What another person may run again from a report's buttons: the checked URL and platform without the
   * secrets, only when the URL itself carries none (the report shows it unchanged). A report URL with a
   * secret sanitised out is not the endpoint: probing it would check something else ("url_has_secret").
   */
  requestForOthers(id: string): { url: string; platform: string } | "url_has_secret" | undefined {
    const row = prepared(this.db, "SELECT url, request_sealed FROM reports WHERE id = ?").get(id) as { url: string; request_sealed: string | null } | undefined;
    if (!row?.request_sealed) return undefined;
    const request = this.openRequest(id, row.request_sealed);
    if (!request) return undefined;
    return request.url.trim() === row.url ? { url: row.url, platform: request.platform } : "url_has_secret";
  }

  prune(now = new Date()): number {
    const cutoff = new Date(now.getTime() - REPORT_RETENTION_DAYS * 86_400_000).toISOString();
    return prepared(this.db, "DELETE FROM reports WHERE created_at < ?").run(cutoff).changes;
  }
}
