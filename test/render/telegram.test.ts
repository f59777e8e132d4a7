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
