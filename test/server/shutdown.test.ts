import pino from "pino";
import { describe, expect, it } from "vitest";
import { installShutdown } from "../../src/server/shutdown.js";

// No sockets: the shutdown sequence on its own, triggered without a signal, with a fake exit.
function recorder() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  const codes: number[] = [];
  const exit = (code: number) => {
    codes.push(code);
    resolveExit(code);
  };
  return { lines, logger, exited, codes, exit };
}

const bounded = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms))]);

describe("graceful shutdown", () => {
  it("runs the steps in order and exits 0 when all finish", async () => {
    const r = recorder();
    const order: string[] = [];
    const stop = installShutdown({
      logger: r.logger,
      signals: [],
      exit: r.exit,
      steps: [
        { name: "a", run: () => void order.push("a") },
        { name: "b", run: () => new Promise<void>((resolve) => setTimeout(() => (order.push("b"), resolve()), 50)) },
        { name: "c", run: () => void order.push("c") },
      ],
    });
    await stop("test");
    expect(await bounded(r.exited, 1_000)).toBe(0);
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("a failing step is logged, the later steps still run, and the exit code is 1", async () => {
    const r = recorder();
    let closed = false;
    const stop = installShutdown({
      logger: r.logger,
      signals: [],
      exit: r.exit,
      steps: [
        { name: "boom", run: () => Promise.reject(new Error("nope")) },
        { name: "close", run: () => void (closed = true) },
      ],
    });
    await stop("test");
    expect(await bounded(r.exited, 1_000)).toBe(1);
    expect(closed).toBe(true);
    expect(r.lines.some((l) => l.step === "boom" && l.level === 50)).toBe(true);
  });

  it("the deadline cuts a step that never ends: exit 1, logging the step and its pending work", async () => {
    const r = recorder();
    const stop = installShutdown({
      logger: r.logger,
      signals: [],
      exit: r.exit,
      deadlineMs: 200,
      steps: [
        { name: "stop taking updates", run: () => undefined },
        { name: "finish running checks", run: () => new Promise<void>(() => {}), pending: () => ({ checks: 3 }) },
        { name: "close the database", run: () => undefined },
      ],
    });
    void stop("SIGTERM");
    const started = Date.now();
    expect(await bounded(r.exited, 2_000)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_500);
    const cut = r.lines.find((l) => String(l.msg).includes("deadline"));
    expect(cut?.cut).toEqual([{ step: "finish running checks", checks: 3 }, { step: "close the database" }]);
  });

  it("a second signal during the stop exits at once", async () => {
    const r = recorder();
    const stop = installShutdown({ logger: r.logger, signals: [], exit: r.exit, deadlineMs: 5_000, steps: [{ name: "hang", run: () => new Promise<void>(() => {}) }] });
    void stop("SIGINT");
    void stop("SIGINT");
    expect(await bounded(r.exited, 1_000)).toBe(1);
  });
});
