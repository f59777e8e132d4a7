import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";

/** A real server process started by a test: stop() ends it and removes its temp dir. */
export interface ServerProcess {
  /** The temp dir holding its config, pid, logs and state. */
  dir: string;
  /** What it wrote to stdout and stderr so far (Caddy and HAProxy log there; Apache to dir/error.log). */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** The address:port that must accept TCP connections before the server counts as started. */
  waitFor: { host: string; port: number };
  /** Extra readiness condition checked after the port accepts (e.g. a TLS certificate issued). */
  ready?: () => Promise<boolean>;
  /** Extra text for a failed start (e.g. an error log file). */
  diagnostics?: () => string;
  startTimeoutMs?: number;
}

/** Spawns `command` in the foreground and waits (bounded) until `waitFor` accepts and `ready` holds. */
export async function spawnServer(o: SpawnOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn(o.command, o.args, { stdio: ["ignore", "pipe", "pipe"], env: o.env ?? process.env, cwd: o.dir });
  let output = "";
  const keep = (d: Buffer) => {
    // Bounded: a chatty server must not fill the test's memory.
    if (output.length < 1_000_000) output += d.toString();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 5_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    rmSync(o.dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (o.startTimeoutMs ?? 15_000);
  while (!((await accepts(o.waitFor.host, o.waitFor.port)) && (!o.ready || (await o.ready())))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const why = `${o.name} did not start (exit ${child.exitCode}): ${output}${o.diagnostics?.() ?? ""}`;
      await stop();
      throw new Error(why);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { dir: o.dir, output: () => output, stop };
}

export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(1_000, () => {
      s.destroy();
      resolve(false);
    });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** True once a TLS handshake with this SNI completes (certificate not verified): the certificate is in place. */
export function handshakes(host: string, port: number, servername: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host, port, servername, rejectUnauthorized: false });
    s.setTimeout(2_000, () => {
      s.destroy();
      resolve(false);
    });
    s.once("secureConnect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
