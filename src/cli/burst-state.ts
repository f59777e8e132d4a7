import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { BURST_INTERVAL_MS, BURST_RUN_STALE_MS, ledgerVerdict, type BurstLedger } from "../diagnosis/burst-gate.js";

/**
 * The command line's burst ledger: a state directory on this machine. Each `webhook-doctor` run is a new
 * process, so an in-process limit would reset on every call and never hold; a file outlives the process.
 * Per URL: `burst-<key>.json` keeps the start times of recent bursts (the 10-minute rule), and
 * `burst-<key>.lock`, created exclusively, is held while a burst runs (a second one on the same URL is
 * refused). A lock left by a crashed run is taken over once its process is gone or it is older than a
 * burst can be. The limit is per machine and user account; the bot keeps its own in SQLite.
 */
export function stateDir(env: NodeJS.ProcessEnv): string {
  if (env.WEBHOOK_DOCTOR_STATE_DIR) return env.WEBHOOK_DOCTOR_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(base, "webhook-doctor");
}

interface RunsFile {
  runs: Array<{ startedAt: number; finishedAt: number | null }>;
}

export class FileBurstLedger implements BurstLedger {
  constructor(private readonly dir: string) {}

  begin(urlKey: string, _userKey: string, now: number) {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (!this.lock(urlKey, now)) return { ok: false as const, reason: "in_progress" as const };
    const runs = this.read(urlKey).runs.filter((r) => now - r.startedAt < BURST_INTERVAL_MS);
    // The lock decides "running"; the file only answers "how recent" (a crashed run's open row counts as finished).
    const decision = ledgerVerdict(runs.map((r) => ({ startedAt: r.startedAt, finishedAt: r.finishedAt ?? r.startedAt })), now);
    if (!decision.ok) {
      rmSync(this.lockPath(urlKey), { force: true });
      return decision;
    }
    this.write(urlKey, { runs: [...runs, { startedAt: now, finishedAt: null }] });
    return decision;
  }

  finish(urlKey: string, now: number, discard = false): void {
    const file = this.read(urlKey);
    if (discard) file.runs = file.runs.filter((r) => r.finishedAt !== null);
    for (const r of file.runs) if (r.finishedAt === null) r.finishedAt = now;
    this.write(urlKey, file);
    rmSync(this.lockPath(urlKey), { force: true });
  }

  private lockPath = (key: string) => join(this.dir, `burst-${key}.lock`);
  private runsPath = (key: string) => join(this.dir, `burst-${key}.json`);

  /** Exclusive create; a lock of a dead process (or an impossibly old one) is removed and taken once. */
  private lock(key: string, now: number): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(this.lockPath(key), JSON.stringify({ pid: process.pid, startedAt: now }), { flag: "wx", mode: 0o600 });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        let held: { pid?: number; startedAt?: number } = {};
        try {
          held = JSON.parse(readFileSync(this.lockPath(key), "utf8"));
        } catch {
          // A torn lock file (crash while writing) is stale.
        }
        const stale = !held.pid || !alive(held.pid) || now - (held.startedAt ?? 0) > BURST_RUN_STALE_MS;
        if (!stale) return false;
        rmSync(this.lockPath(key), { force: true });
      }
    }
    return false;
  }

  private read(key: string): RunsFile {
    try {
      const parsed = JSON.parse(readFileSync(this.runsPath(key), "utf8")) as RunsFile;
      return Array.isArray(parsed.runs) ? parsed : { runs: [] };
    } catch {
      return { runs: [] };
    }
  }

  private write(key: string, file: RunsFile): void {
    writeFileSync(this.runsPath(key), JSON.stringify(file), { mode: 0o600 });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
