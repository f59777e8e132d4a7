import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/** The real entry point (src/main.ts) as a child process, as `npm start` runs it. */
export interface EntryPoint {
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends by itself. */
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code (bounded). */
  stop: (ms?: number) => Promise<number | null>;
}

export function startEntryPoint(env: Record<string, string>, nodeOptions?: string): EntryPoint {
  const proc = spawn("node_modules/.bin/vite-node", ["src/main.ts"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc,
    output: () => output,
    exited,
    stop: async (ms = 30_000) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** One HTTP request on a fresh connection, bounded by 5 s. */
export function httpRequest(method: string, url: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: options.headers, agent: false, timeout: 5_000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"] ?? "") }));
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer within 5 s`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Polls `probe` every 100 ms until it returns a value, bounded by `ms`. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** Prometheus text → value of one series (labels in any order), or undefined when the series is absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}
