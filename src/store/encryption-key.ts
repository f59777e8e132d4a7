import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isEncryptionKey } from "../secrets.js";

export interface ResolvedKey {
  key: string;
  /** Where it came from: the environment, a key file made earlier, or a key file made just now. */
  source: "env" | "file" | "created";
  path?: string;
}

/** A key that cannot be used; the start stops with this message (it never contains the key). */
export class EncryptionKeyError extends Error {}

/**
 * The key that seals stored secrets. ENCRYPTION_KEY wins; without it, a random key is kept in a file
 * beside the database (mode 600), so a plain `npm start` works and a restart can still open what it sealed.
 * A key made fresh on every start would make every stored token unreadable after a restart.
 */
export function resolveEncryptionKey(fromEnv: string | undefined, databasePath: string): ResolvedKey {
  if (fromEnv) {
    if (!isEncryptionKey(fromEnv)) throw new EncryptionKeyError("ENCRYPTION_KEY must be 64 hex characters (openssl rand -hex 32)");
    return { key: fromEnv, source: "env" };
  }
  const path = join(dirname(databasePath === ":memory:" ? "./data/x" : databasePath), "encryption.key");
  try {
    const key = readFileSync(path, "utf8").trim();
    // A damaged or hand-edited file must stop the start, not seal new secrets under a key nobody has.
    if (!isEncryptionKey(key)) throw new EncryptionKeyError(`${path} does not hold 64 hex characters: restore it from a backup (or set ENCRYPTION_KEY)`);
    return { key, source: "file", path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32).toString("hex");
  // "wx": two processes starting together never overwrite each other's key.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(path, 0o600);
  return { key, source: "created", path };
}
