import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Temp dirs for tests: made under the OS temp dir (the test run's own, see temp-guard.ts) and removed after
 * the test file by test/support/temp-cleanup.ts, whatever the test did. A test that made a dir with
 * mkdtempSync and forgot it left a `wd-*` folder behind on every run; this one cannot forget.
 */
const made = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
