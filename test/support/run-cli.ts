import { main, type Io } from "../../src/cli/main.js";

/**
 * The real `webhook-doctor` command run in-process, its output captured. The test's root CA is trusted the
 * way the binary trusts one: through NODE_EXTRA_CA_CERTS, read when a check builds its trust anchors.
 */
export async function runCli(argv: string[], options: { caFile: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: options.env ?? {} };
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = options.caFile;
  try {
    return { code: await main(argv, io), ...out };
  } finally {
    process.env.NODE_EXTRA_CA_CERTS = saved;
  }
}
