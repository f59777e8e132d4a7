import { describe, expect, it } from "vitest";
import { checkUrl } from "../../src/diagnosis/checks/url.js";
import { sanitizeUrl } from "../../src/probes/target.js";

const codes = (raw: string, platform: "telegram" | "generic" = "telegram") => checkUrl(raw, platform).findings.map((f) => f.code);

describe("URL layer", () => {
  it("accepts a plain https URL on an allowed port", () => {
    expect(codes("https://bot.example.com/webhook")).toEqual([]);
    expect(codes("https://bot.example.com:8443/webhook")).toEqual([]);
  });

  it("treats a URL without scheme as https, like Telegram", () => {
    const r = checkUrl("bot.example.com/hook", "telegram");
    expect(r.findings).toEqual([]);
    expect(r.url?.protocol).toBe("https:");
  });

  it.each([
    ["http://bot.example.com/hook", "url.not_https"],
    ["ftp://x", "url.not_https"],
    ["https://bot.example.com:8080/hook", "url.port_not_allowed"],
    ["https://exa mple.com", "url.invalid"],
    ["", "url.invalid"],
    ["https://", "url.invalid"],
    ["https://bot.exa\u200Bmple.com/hook", "url.hidden_characters"],
    ["https://bot.example.com/ho\u00A0ok", "url.hidden_characters"],
    ["https://b\u043Et.example.com/hook", "url.hidden_characters"], // Cyrillic о
  ])("%j → %s", (raw, code) => {
    expect(codes(raw)).toContain(code);
  });

  it("allows any port for generic webhooks", () => {
    expect(codes("https://crm.example.com:9443/in", "generic")).toEqual([]);
  });

  it("names each hidden character and still checks the cleaned URL", () => {
    const r = checkUrl("https://bot.example.com/\u200Bhook", "telegram");
    expect(r.findings[0].evidence.characters).toEqual(["U+200B zero-width space at position 24"]);
    expect(r.url?.pathname).toBe("/hook");
  });

  it("refuses a 100 KB argument as a URL", () => {
    const r = checkUrl(`https://example.com/${"a".repeat(100_000)}`, "telegram");
    expect(r.findings.map((f) => f.code)).toEqual(["url.invalid"]);
    expect(r.findings[0].evidence.reason).toBe("too_long");
  });

  it("never lets a secret through into a report URL", () => {
    const token = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
    const clean = sanitizeUrl(`https://user:pw@bot.example.com/${token}?secret=abc&x=1`);
    expect(clean).not.toContain(token);
    expect(clean).not.toContain("pw");
    expect(clean).not.toContain("abc");
    expect(clean).toBe("https://bot.example.com/<bot-token>?secret=***&x=1");
  });
});
