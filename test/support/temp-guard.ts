import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Global setup (vitest.config.ts): the run gets a temp dir of its own (TMPDIR, inherited by the test workers
 * and every process they start), so runs side by side never see each other's files. At the end, whatever a
 * test left in it fails the run, by name; then the dir goes.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "webhook-doctor-test-run-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length > 0) {
      process.exitCode = 1;
      throw new Error(`tests left ${left.length} entries in the temp dir (remove them, e.g. with tempDir() from test/support/temp.ts): ${left.join(", ")}`);
    }
  };
}
