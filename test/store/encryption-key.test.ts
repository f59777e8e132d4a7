import { mkdtempSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveEncryptionKey } from "../../src/store/encryption-key.js";

describe("the encryption key", () => {
  it("comes from ENCRYPTION_KEY when set, else from a private key file beside the database, made once and reused", () => {
    const dir = mkdtempSync("/tmp/wd-key-");
    expect(resolveEncryptionKey("from-env", `${dir}/db.sqlite`)).toEqual({ key: "from-env", source: "env" });
    const first = resolveEncryptionKey(undefined, `${dir}/db.sqlite`);
    expect(first.source).toBe("created");
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const again = resolveEncryptionKey(undefined, `${dir}/db.sqlite`);
    expect(again).toEqual({ key: first.key, source: "file", path: first.path });
  });
});
