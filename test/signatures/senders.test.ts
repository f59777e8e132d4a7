import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signedHeaders, unsignedHeaders } from "../../src/probes/signatures/headers.js";
import { escapeJsonLikeMeta, FORM_TYPE, JSON_TYPE, schemeSpec, senderForm, senderJson, type HmacScheme } from "../../src/probes/signatures/schemes.js";

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

describe("the headers and form bodies a real sender attaches", () => {
  const body = Buffer.from('{"zen":"Keep it logically awesome."}');
  const gh = (alg: string) => createHmac(alg, "s3cret").update(body).digest("hex");

  it("GitHub: both signature headers (SHA-256 and the legacy SHA-1, GitHub's formula), the event and a delivery id", () => {
    const h = signedHeaders("github", "s3cret", body);
    expect(h).toMatchObject({ "x-hub-signature-256": `sha256=${gh("sha256")}`, "x-hub-signature": `sha1=${gh("sha1")}`, "x-github-event": "ping" });
    expect(h["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    // Unsigned: the same sender without a secret, so a refusal is about the signature alone.
    const u = unsignedHeaders("github", body);
    expect(Object.keys(u).sort()).toEqual(["x-github-delivery", "x-github-event"]);
  });

  it("Meta: both signature headers; Stripe and Standard Webhooks: no legacy header", () => {
    expect(Object.keys(signedHeaders("meta", "s3cret", body)).sort()).toEqual(["x-hub-signature", "x-hub-signature-256"]);
    expect(Object.keys(signedHeaders("stripe", "whsec_x", body))).toEqual(["stripe-signature"]);
    expect(Object.keys(signedHeaders("standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body)).sort()).toEqual(["webhook-id", "webhook-signature", "webhook-timestamp"]);
  });

  it("form bodies: GitHub's payload=<json>, Slack's plain fields", () => {
    expect(new URLSearchParams(senderForm(schemeSpec("github"), { a: "b/é" })).get("payload")).toBe('{"a":"b/é"}');
    expect(senderForm(schemeSpec("slack"), { command: "/doctor", text: "x" })).toBe("command=%2Fdoctor&text=x");
  });
});
