import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.105.x. A private CA is not a missing intermediate: a chain sent in full
// up to a root nobody trusts (the test PKI's root standing in for a company CA) against the classic leaf-only
// chain whose intermediate the AIA URL would find.
const servers: TestServer[] = [];
let rootPem = "";
const PRIVATE = { host: "private.zoo.test", address: "127.0.105.1" };
const LEAF_ONLY = { host: "leafonly.zoo.test", address: "127.0.105.2" };

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
  const [privateLeaf, leafOnly] = await Promise.all([issueLeaf(PRIVATE.host), issueLeaf(LEAF_ONLY.host)]);
  servers.push(
    // leaf + intermediate (fullchain.pem), root not sent, as every server does.
    await startTlsServer({ ...PRIVATE, ...privateLeaf }),
    await startTlsServer({ ...LEAF_ONLY, ...leafOnly, chain: [] }),
  );
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const check = (e: { host: string; address: string }, extraCa: string[]) => runCheck(zooRequest(`https://${e.host}/hook`, e.address, rootPem, { options: { extraCa } }));

describe("private root vs missing intermediate", () => {
  it("full chain to a private root the sender does not trust → tls.untrusted_root naming that root", async () => {
    const r = await check(PRIVATE, []);
    expect(r.primary).toBe("tls.untrusted_root");
    expect(r.findings.map((f) => f.code)).toEqual(["tls.untrusted_root"]);
    expect(r.findings[0].evidence).toMatchObject({ untrusted_root: expect.stringContaining("Test Root CA"), root_sent: false });
    expect(r.findings[0].evidence.chain_sent).toHaveLength(2);
  });

  it("the same chain for a client that has the root installed: no finding", async () => {
    const r = await check(PRIVATE, [rootPem]);
    expect(r.verdict).toBe("ok");
  });

  it("only the leaf served, the intermediate findable by AIA → still tls.incomplete_chain", async () => {
    const r = await check(LEAF_ONLY, [rootPem]);
    expect(r.primary).toBe("tls.incomplete_chain");
    expect(r.findings.map((f) => f.code)).not.toContain("tls.untrusted_root");
  });
});
