import { describe, expect, it } from "vitest";
import { escapeJsonLikeMeta, FORM_TYPE, JSON_TYPE, schemeSpec, senderJson, type HmacScheme } from "../../src/probes/signatures/schemes.js";

describe("what each sender really sends, kept in the one list of schemes", () => {
  it("content types: JSON only for Stripe, Standard Webhooks and Meta; GitHub and Slack may send form bodies; a custom sender is unknown", () => {
    const types = Object.fromEntries((["github", "meta", "slack", "stripe", "standard-webhooks", "custom"] as HmacScheme[]).map((s) => [s, schemeSpec(s).sender.contentTypes]));
    expect(types).toEqual({
      github: [JSON_TYPE, FORM_TYPE],
      meta: [JSON_TYPE],
      slack: [JSON_TYPE, FORM_TYPE],
      stripe: [JSON_TYPE],
      "standard-webhooks": [JSON_TYPE],
      custom: [JSON_TYPE, FORM_TYPE],
    });
  });

  it("Meta's JSON text: non-ASCII as lowercase \\uXXXX (emoji as a surrogate pair) and every / as \\/", () => {
    const value = { text: "Zoë — 😀", url: "https://example.com/a/b" };
    expect(escapeJsonLikeMeta(JSON.stringify(value))).toBe('{"text":"Zo\\u00eb \\u2014 \\ud83d\\ude00","url":"https:\\/\\/example.com\\/a\\/b"}');
    // It stays the same JSON value: a receiver parsing it sees the original text.
    expect(JSON.parse(senderJson(schemeSpec("meta"), value))).toEqual(value);
  });

  it("Stripe pretty-prints with two spaces; the others' probe form escapes non-ASCII only", () => {
    expect(senderJson(schemeSpec("stripe"), { a: "é" })).toBe('{\n  "a": "é"\n}');
    expect(senderJson(schemeSpec("github"), { a: "é/" })).toBe('{"a":"\\u00e9/"}');
  });
});
