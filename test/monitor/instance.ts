import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SENDER_TOKEN, waitUntil } from "./helpers.js";

/** A bot instance's background work in its own process (instance-child.ts), with its log lines parsed. */
export interface Instance {
  name: string;
  proc: ChildProcess;
  /** pino lines (JSON) the child has written so far; other output is in `raw`. */
  lines: Array<Record<string, any>>;
  raw: () => string;
  alive: () => boolean;
  /** Waits until a log line matches (fails early if the child exits). */
  waitForLine: (match: (line: Record<string, any>) => boolean, timeoutMs?: number, what?: string) => Promise<Record<string, any>>;
  /** Resolves with the exit code, or null for a signal. */
  exited: Promise<number | null>;
  stop: () => Promise<number | null>;
}

const viteNode = fileURLToPath(new URL("../../node_modules/.bin/vite-node", import.meta.url));
const entry = fileURLToPath(new URL("./instance-child.ts", import.meta.url));

export function startInstance(dbPath: string, apiRoot: string, name: string, settings: Record<string, unknown> = {}): Instance {
  const proc = spawn(viteNode, [entry, dbPath, apiRoot, SENDER_TOKEN, name], {
    env: { ...process.env, WD_TEST_MONITOR: JSON.stringify(settings) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Array<Record<string, any>> = [];
  let raw = "";
  let partial = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    raw += chunk;
    partial += chunk;
    const complete = partial.split("\n");
    partial = complete.pop()!;
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        /* not a log line */
      }
    }
  });
  proc.stderr!.on("data", (chunk: Buffer) => (raw += chunk));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  return {
    name,
    proc,
    lines,
    raw: () => raw,
    alive,
    exited,
    async waitForLine(match, timeoutMs = 20_000, what = "a log line") {
      await waitUntil(() => {
        if (!alive()) throw new Error(`${name} exited while waiting for ${what}:\n${raw.slice(-3000)}`);
        return lines.some(match);
      }, timeoutMs, `${name}: ${what}`);
      return lines.find(match)!;
    },
    async stop() {
      if (alive()) proc.kill("SIGTERM");
      return exited;
    },
  };
}
