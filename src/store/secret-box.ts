import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { isEncryptionKey } from "../secrets.js";

/**
 * Encrypts secrets at rest (bot tokens, signing secrets, verify tokens) with AES-256-GCM.
 * Stored form: "v1:" + base64(iv | tag | ciphertext). The key comes from ENCRYPTION_KEY: 32 bytes as
 * 64 hex characters, nothing else (a passphrase stretched silently hid typos and truncated keys: a wrong
 * key then sealed new secrets that the right key can never open).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    if (!keyMaterial) throw new Error("SecretBox needs a key");
    this.key = SecretBox.deriveKey(keyMaterial);
  }

  static deriveKey(material: string): Buffer {
    if (!isEncryptionKey(material)) throw new Error("the encryption key must be 64 hex characters");
    return Buffer.from(material, "hex");
  }

  seal(plaintext: string, associatedData = ""): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    // Binding the row's purpose (e.g. "watch:42") stops a ciphertext being moved to another row.
    cipher.setAAD(Buffer.from(associatedData, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  open(sealed: string, associatedData = ""): string {
    if (!sealed.startsWith("v1:")) throw new Error("unknown secret format");
    const raw = Buffer.from(sealed.slice(3), "base64");
    const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  }
}
