import { mkdtempSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { sign } from "../../src/probes/signatures/schemes.js";

const dir = mkdtempSync("/tmp/wd-sig-");
const payloadFile = `${dir}/body.json`;
writeFileSync(payloadFile, '{"action":"opened"}');
const big = `${dir}/big.json`;
writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));

async function run(argv: string[]) {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
  return { code: await main(["verify-signature", ...argv], io), ...out };
}

const good = sign("github", { secret: "topsecret", payload: Buffer.from('{"action":"opened"}') });

describe("webhook-doctor verify-signature", () => {
  it("exit 0 and sig.ok for a correct signature, without echoing the secret", async () => {
    const r = await run(["--scheme", "github", "--secret", "topsecret", "--payload-file", payloadFile, "--signature", good, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).code).toBe("sig.ok");
    expect(r.stdout).not.toContain("topsecret");
  });

  it("exit 1 and the mistake for a wrong one", async () => {
    const r = await run(["--scheme", "github", "--secret", "topsecret", "--payload-file", payloadFile, "--signature", good.slice(7), "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).code).toBe("sig.prefix");
  });

  it.each([
    [["--scheme", "hmac5", "--secret", "s", "--payload-file", payloadFile, "--signature", good], "unknown --scheme"],
    [["--scheme", "github", "--secret", "s", "--payload-file", payloadFile, "--signature", "!!not a signature!!"], "not in any known signature format"],
    [["--scheme", "github", "--secret", "s", "--signature", good], "--payload-file"],
    [["--scheme", "github", "--secret", "s", "--payload-file", `${dir}/missing.json`, "--signature", good], "cannot read the payload file"],
    [["--scheme", "github", "--secret", "s", "--payload-file", big, "--signature", good], "larger than 10 MB"],
    [["--scheme", "slack", "--secret", "s", "--payload-file", payloadFile, "--signature", "v0=abcdef0123456789"], "--timestamp"],
  ])("bad input %# → exit 2 with a clear message", async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
