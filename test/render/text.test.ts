import { describe, expect, it } from "vitest";
import { classifyMessage } from "../../src/diagnosis/classify.js";
import { sanitizeUrl } from "../../src/probes/target.js";
import { evidenceLines } from "../../src/render/finding-text.js";
import { cutText, wellFormed } from "../../src/text.js";

/** What Telegram refuses ("strings must be encoded in UTF-8"): half of a surrogate pair. */
const hasLoneSurrogate = (s: string) => /[\ud800-\udfff]/u.test(s);

describe("cutting text people read (one helper, src/text.ts)", () => {
  it("never splits an emoji, a flag or a family: the cut falls between graphemes, within the limit", () => {
    for (const unit of ["😀", "🇷🇺", "👨‍👩‍👧‍👦", "é", "a"]) {
      for (let max = 1; max < 40; max++) {
        const text = `x${unit.repeat(30)}`;
        const cut = cutText(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(cut)).toBe(false);
        const body = cut.endsWith("…") ? cut.slice(0, -1) : cut;
        expect(text.startsWith(body)).toBe(true);
        if (body.length > 0) expect((body.length - 1) % unit.length).toBe(0); // whole units only
      }
    }
  });

  it("leaves short text alone and mends lone surrogates cut elsewhere", () => {
    expect(cutText("short", 10)).toBe("short");
    expect(wellFormed("a\ud83d")).toBe("a\ufffd");
    expect(wellFormed("😀")).toBe("😀");
  });

  it("evidence lines, the classifier's fragment and the sanitised URL of an unparsable paste are cut safely", () => {
    // An odd prefix puts an emoji's halves across the 200th and 300th UTF-16 unit, where these cut.
    const text = `Wrong response from the webhook: 502 Bad Gateway ${"x".repeat(150)}${"😀".repeat(200)}`;
    const { evidence } = classifyMessage(text);
    expect(hasLoneSurrogate(String(evidence.message))).toBe(false);
    for (const line of evidenceLines({ message: text }, 200)) expect(hasLoneSurrogate(line)).toBe(false);
    const unparsable = `not a url ${"x".repeat(189)}${"😀".repeat(20)}`;
    expect(hasLoneSurrogate(sanitizeUrl(unparsable))).toBe(false);
    expect(sanitizeUrl(unparsable).length).toBeLessThanOrEqual(200);
  });
});
