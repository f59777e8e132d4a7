import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, packMessages } from "../../src/render/telegram.js";

const balanced = (html: string) => {
  const open = (html.match(/<(b|i|code|pre)>/g) ?? []).length;
  const close = (html.match(/<\/(b|i|code|pre)>/g) ?? []).length;
  return open === close;
};

describe("splitting a long report into messages", () => {
  it("splits between blocks, never inside a tag, and keeps every block", () => {
    const blocks = Array.from({ length: 12 }, (_, i) => `<b>Finding ${i}</b>\n<pre>${"x".repeat(900)}</pre>`);
    const messages = packMessages(blocks);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect(balanced(m)).toBe(true);
    }
    expect(messages.join("\n\n")).toBe(blocks.join("\n\n"));
  });

  it("a single block over the limit loses its markup, not its balance", () => {
    const [only] = packMessages([`<pre>${"&lt;".repeat(3000)}</pre>`]);
    expect(only.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(only).not.toMatch(/<\/?pre>/);
    expect(only).not.toMatch(/&[a-z]*\n…$/); // no entity cut in half
  });
});

describe("reports read well when forwarded", () => {
  it("no finding text or report word addresses the reader as 'you' (en), so a customer is not confused", async () => {
    const { CATALOGUE, messageIdOf } = await import("../../src/diagnosis/catalogue.js");
    const { t } = await import("../../src/i18n.js");
    const vars = { host: "bot.example.com", port: "443", path: "/hook", url: "https://bot.example.com/hook" };
    const texts = Object.keys(CATALOGUE).flatMap((code) => ["title", "why", "fix"].map((part) => t("en", `${messageIdOf(code as never)}.${part}`, vars)));
    const words = ["verdict-ok", "verdict-warn", "verdict-fail", "report-primary", "report-other-findings", "report-passed", "record-title", "record-last-error"].map((k) => t("en", k));
    const offending = [...texts, ...words].filter((s) => /\byou(r|rs)?\b/i.test(s));
    expect(offending).toEqual([]);
    expect(texts.length).toBeGreaterThan(150); // the catalogue really was read
  });
});

describe("fix texts in Telegram", () => {
  it("snippets become <pre> blocks and `commands` inline <code>, everything else escaped", async () => {
    const { fixToHtml } = await import("../../src/render/telegram.js");
    const html = fixToHtml("Serve the chain:\n```\nssl_certificate a<b>.pem;\n```\nThen run `openssl s_client -connect x:443` & check.");
    expect(html).toBe("Serve the chain:\n<pre>ssl_certificate a&lt;b&gt;.pem;</pre>\nThen run <code>openssl s_client -connect x:443</code> &amp; check.");
  });
});
