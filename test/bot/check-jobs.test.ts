import { Writable } from "node:stream";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CheckJobs } from "../../src/bot/check-jobs.js";
import { createLogger } from "../../src/logger.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { waitUntil } from "../monitor/helpers.js";

// The check job runner is a background loop too: a job that throws is logged with its stack (and no secret)
// and the runner goes on with the next one. Loopback block: 127.0.140.50 (fake Bot API), 127.0.140.51 (a
// target with nothing listening: the quick check fails fast at TCP).
const TOKEN = "7314050:AAHjobsJOBSjobsJOBSjobsJOBSjobsJOB01";
const api = new FakeBotApi();
const lines: Array<Record<string, any>> = [];
const logger = createLogger(
  "info",
  new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  }),
);

beforeAll(async () => {
  await api.start("127.0.140.50");
  api.addBot(TOKEN);
});
afterAll(async () => {
  await api.stop();
});

describe("check job runner", () => {
  it("logs a job that throws with its stack, scrubbed, and runs the next job", async () => {
    let saves = 0;
    const jobs = new CheckJobs(
      new Api(TOKEN, { apiRoot: api.url }),
      logger,
      { apiRoot: api.url, allowPrivate: true, maxInFlight: 5, perUserPerMinute: 10, editIntervalMs: 0 },
      {
        saveReport: () => {
          if (++saves === 1) throw new Error(`database is locked (while saving for bot${TOKEN})`);
          return undefined;
        },
      },
    );
    const job = (chatId: number) => ({ chatId, userId: chatId, lang: "en", spec: { url: "https://127.0.140.51/hook", platform: "telegram" as const, secrets: {} } });
    expect(jobs.enqueue(job(14_051))).toBe("started");
    await jobs.drain();
    const failed = lines.find((l) => l.msg === "check job failed");
    expect(failed?.level).toBe(50);
    expect(failed?.err.stack).toMatch(/\n\s+at /);
    expect(JSON.stringify(failed)).not.toContain(TOKEN);

    // The runner is still there: the next job posts its report.
    const before = api.callsOf("editMessageText").length;
    expect(jobs.enqueue(job(14_052))).toBe("started");
    await jobs.drain();
    await waitUntil(() => api.callsOf("editMessageText").length > before, 5_000, "the second report");
    expect(api.callsOf("editMessageText").some((c) => Number(c.params.chat_id) === 14_052 && String(c.params.text).includes("127.0.140.51"))).toBe(true);
  });
});
