import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { classifyMessage } from "../../src/diagnosis/classify.js";

const rows = readFileSync(new URL("../fixtures/last-error-messages.tsv", import.meta.url), "utf8")
  .split("\n")
  .slice(1)
  .filter((line) => line.trim())
  .map((line) => line.split("\t") as [string, string, string]);

describe("explain: real error strings from public threads", () => {
  it("has a corpus worth the name", () => expect(rows.length).toBeGreaterThanOrEqual(80));

  it.each(rows)("%s → %s", (text, code) => {
    expect(classifyMessage(text).code).toBe(code);
  });
});

function capture() {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
  return { io, out };
}

describe("webhook-doctor explain", () => {
  it("answers JSON with code, title and fix", async () => {
    const { io, out } = capture();
    expect(await main(["explain", "Wrong response from the webhook: 502 Bad Gateway", "--json"], io)).toBe(0);
    const answer = JSON.parse(out.stdout);
    expect(answer.code).toBe("http.bad_gateway");
    expect(answer.title).toMatch(/proxy/i);
    expect(answer.fix.length).toBeGreaterThan(20);
  });

  it("tells verify_failed apart from the causes it may hide, and offers the check", async () => {
    const { io, out } = capture();
    await main(["explain", "SSL error {error:0A000086:SSL routines::certificate verify failed}"], io);
    expect(out.stdout).toContain("[tls.verify_failed]");
    expect(out.stdout).toContain("webhook-doctor check");
  });

  it.each([["the cat sat on the mat"], ["\u0000\u0001\u00ff binary junk"], ["x".repeat(99_000)]])("answers unknown for %#, never crashes", async (text) => {
    const { io, out } = capture();
    expect(await main(["explain", text, "--json"], io)).toBe(0);
    expect(JSON.parse(out.stdout).code).toBe("unknown");
  });

  it("refuses empty and over-long input with exit 2", async () => {
    for (const text of ["", "x".repeat(100_001)]) {
      const { io, out } = capture();
      expect(await main(["explain", text], io)).toBe(2);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
