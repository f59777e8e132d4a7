import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EncryptionKeyError, resolveEncryptionKey } from "../../src/store/encryption-key.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { tempDir } from "../support/temp.js";


describe("the encryption key", () => {
  it("comes from ENCRYPTION_KEY when set, else from a private key file beside the database, made once and reused", () => {
    const dir = tempDir("wd-key-");
    const hex = "5e".repeat(32);
    expect(resolveEncryptionKey(hex, `${dir}/db.sqlite`)).toEqual({ key: hex, source: "env" });
    const first = resolveEncryptionKey(undefined, `${dir}/db.sqlite`);
    expect(first.source).toBe("created");
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const again = resolveEncryptionKey(undefined, `${dir}/db.sqlite`);
    expect(again).toEqual({ key: first.key, source: "file", path: first.path });
  });

  it("refuses a key that is not 64 hex characters instead of stretching it, and never repeats it", () => {
    const dir = tempDir("wd-key-");
    for (const bad of ["from-env", "correct horse battery staple", "5e".repeat(31), "5e".repeat(33), "zz".repeat(32)]) {
      expect(() => resolveEncryptionKey(bad, `${dir}/db.sqlite`)).toThrow(EncryptionKeyError);
      expect(() => resolveEncryptionKey(bad, `${dir}/db.sqlite`)).not.toThrow(bad);
      expect(() => new SecretBox(bad)).toThrow(/64 hex/);
    }
  });

  it("refuses a damaged key file rather than sealing new secrets under a key nobody has", () => {
    const dir = tempDir("wd-key-");
    writeFileSync(join(dir, "encryption.key"), "5e5e5e\n", { mode: 0o600 });
    expect(() => resolveEncryptionKey(undefined, `${dir}/db.sqlite`)).toThrow(/restore it from a backup/);
  });
});
