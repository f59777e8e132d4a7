import type { Api } from "grammy";
import type { Logger } from "pino";
import { defaultOptions } from "../diagnosis/check-request.js";
import { runCheck } from "../diagnosis/checklist.js";
import type { CheckSummary } from "../diagnosis/report.js";
import { progressLine, reportToHtml } from "../render/telegram.js";

export interface CheckJob {
  chatId: number;
  userId: number;
  lang: string;
  url: string;
}

export interface CheckJobsOptions {
  apiRoot: string;
  allowPrivate: boolean;
  /** Probes in flight across all users. */
  maxInFlight: number;
  /** Checks one user may start per minute. */
  perUserPerMinute: number;
  /** Minimum gap between two edits of one progress message (Telegram answers 429 to faster edits). */
  editIntervalMs: number;
}

export type EnqueueResult = "started" | "busy" | "rate_limited";

/**
 * Probes take up to a minute, longer than one update may take: handlers enqueue here and return at once.
 * The runner posts one progress message, edits it (throttled) as checks finish, then posts the report.
 */
export class CheckJobs {
  private inFlight = 0;
  private readonly recent = new Map<number, number[]>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly api: Api,
    private readonly logger: Logger,
    private readonly options: CheckJobsOptions,
  ) {}

  enqueue(job: CheckJob, now = Date.now()): EnqueueResult {
    const times = (this.recent.get(job.userId) ?? []).filter((t) => now - t < 60_000);
    if (times.length >= this.options.perUserPerMinute) return "rate_limited";
    if (this.inFlight >= this.options.maxInFlight) return "busy";
    times.push(now);
    this.recent.set(job.userId, times);
    this.inFlight++;
    const run = this.run(job)
      .catch((error) => this.logger.error({ err: error, chatId: job.chatId }, "check job failed"))
      .finally(() => {
        this.inFlight--;
        this.running.delete(run);
      });
    this.running.add(run);
    return "started";
  }

  /** Resolves when every running job has finished (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  private async run(job: CheckJob): Promise<void> {
    const progress = await this.api.sendMessage(job.chatId, progressLine(job.lang, []));
    const done: CheckSummary[] = [];
    let lastEdit = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let editing = Promise.resolve();
    const edit = () => {
      lastEdit = Date.now();
      const text = progressLine(job.lang, done);
      editing = editing.then(() => this.api.editMessageText(job.chatId, progress.message_id, text).then(() => undefined, () => undefined));
    };
    const report = await runCheck(
      { url: job.url, platform: "telegram", secrets: {}, options: defaultOptions("telegram", { apiRoot: this.options.apiRoot, allowPrivate: this.options.allowPrivate }) },
      {
        onCheck: (summary) => {
          done.push(summary);
          const wait = this.options.editIntervalMs - (Date.now() - lastEdit);
          if (wait <= 0) edit();
          else pending ??= setTimeout(() => ((pending = undefined), edit()), wait);
        },
      },
    );
    clearTimeout(pending);
    await editing;
    await this.api.editMessageText(job.chatId, progress.message_id, reportToHtml(report, job.lang), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
  }
}
