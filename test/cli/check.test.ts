import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { defaultOptions } from "../../src/diagnosis/check-request.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { runCli } from "../support/run-cli.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.6.100+
let ok: TestServer;
let broken: TestServer;
let trap: Server;
let trapConnections = 0;
let caFile = "";

beforeAll(async () => {
  const pki = await testPki();
  const leaf = await issueLeaf("ok.cli.test");
  ok = await startTlsServer({ address: "127.0.6.100", host: "ok.cli.test", key: leaf.key, cert: leaf.cert, chain: leaf.chain });
  const brokenLeaf = await issueLeaf("broken.cli.test");
  broken = await startTlsServer({ address: "127.0.6.101", host: "broken.cli.test", key: brokenLeaf.key, cert: brokenLeaf.cert, chain: brokenLeaf.chain, handler: (_q, res) => void res.writeHead(502).end() });
  trap = createServer((s) => {
    trapConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => trap.listen(443, "127.0.6.102", r));
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  caFile = `${tempDir("wd-ca-")}/root.pem`;
  writeFileSync(caFile, pki.root.cert);
});
afterAll(async () => {
  await Promise.all([ok.close(), broken.close(), new Promise((r) => trap.close(r))]);
});

const run = (argv: string[]) => runCli(argv, { caFile });

describe("webhook-doctor check: exit codes and JSON contract", () => {
  it("exit 0 and verdict ok for a healthy endpoint", async () => {
    const r = await run(["check", "https://ok.cli.test/hook", "--resolve", "ok.cli.test:443:127.0.6.100", "--allow-private", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ verdict: "ok", primary: null, findings: [] });
    for (const c of json.checks) expect(Object.keys(c).sort()).toEqual(["duration_ms", "id", "status"]);
  });

  it("exit 1 with a localized primary finding for a 502", async () => {
    const r = await run(["check", "https://broken.cli.test/hook", "--resolve", "broken.cli.test:443:127.0.6.101", "--allow-private", "--json", "--lang", "ru"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.primary).toBe("http.bad_gateway");
    const f = json.findings[0];
    expect(Object.keys(f).sort()).toEqual(["check", "code", "evidence", "fix", "severity", "title"]);
    expect(f.severity).toBe("fail");
  });

  it("prints a readable terminal report", async () => {
    const r = await run(["check", "https://broken.cli.test/hook", "--resolve", "broken.cli.test:443:127.0.6.101", "--allow-private"]);
    expect(r.stdout).toContain("[http.bad_gateway]");
    expect(r.stdout).toContain("Primary cause");
  });

  it("without --allow-private, a loopback target is refused and never connected to", async () => {
    const before = trapConnections;
    const r = await run(["check", "https://trap.cli.test/hook", "--resolve", "trap.cli.test:443:127.0.6.102", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).primary).toBe("dns.private_address");
    expect(trapConnections).toBe(before);
  });

  it("the same holds for the engine used by the bot: private targets only with the explicit setting", async () => {
    const before = trapConnections;
    const report = await runCheck({
      url: "https://127.0.6.102/hook",
      platform: "telegram",
      secrets: {},
      options: defaultOptions("telegram", { httpTimeoutMs: 2_000 }),
    });
    expect(report.primary).toBe("dns.private_address");
    expect(trapConnections).toBe(before);
  });

  it.each([
    ["ftp://x", "url.not_https"],
    ["https://exa mple.com", "url.invalid"],
    ["https://ok.cli\u200B.test/hook", "url.hidden_characters"],
  ])("%j gets the matching finding and exit 1", async (url, code) => {
    const r = await run(["check", url, "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).primary).toBe(code);
  });
});
