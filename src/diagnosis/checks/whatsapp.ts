import { randomInt } from "node:crypto";
import { probeHttp } from "../../probes/http.js";
import { signedHeaders } from "../../probes/signatures/headers.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Finding } from "../report.js";
import { escapeJsonLikeMeta } from "../../probes/signatures/schemes.js";
import { judgeSignedJson, ok, withoutEncodedSecrets } from "./auth.js";
import { judgeLargeBody } from "./deep.js";
import { httpEvidence } from "./http.js";

/** Meta allows notifications up to this size; a smaller body limit in front of the handler drops them. */
export const WHATSAPP_MAX_NOTIFICATION_BYTES = 3 * 1024 * 1024;

/**
 * A realistic Cloud API notification (a text message and an interactive button reply), written as Meta
 * writes and signs it: non-ASCII as \uXXXX and "/" as "\/". A receiver verifying the raw bytes accepts it.
 */
export function whatsappNotification(padding = 0): string {
  return escapeJsonLikeMeta(JSON.stringify(whatsappNotificationValue(padding)));
}

function whatsappNotificationValue(padding: number): unknown {
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "15550000000", phone_number_id: "100000000000000" },
    contacts: [{ profile: { name: "Webhook Doctor" }, wa_id: "15550000001" }],
    messages: [
      { from: "15550000001", id: "wamid.WEBHOOKDOCTOR1", timestamp: "1700000000", type: "text", text: { body: "Webhook Doctor test — safe to ignore (café, https://webhook-doctor.invalid/ping)" } },
      { from: "15550000001", id: "wamid.WEBHOOKDOCTOR2", timestamp: "1700000001", type: "interactive", interactive: { type: "button_reply", button_reply: { id: "wd_ok", title: "OK" } } },
    ],
    ...(padding > 0 ? { webhook_doctor_padding: "x".repeat(padding) } : {}),
  };
  return { object: "whatsapp_business_account", entry: [{ id: "100000000000001", changes: [{ value, field: "messages" }] }] };
}

/**
 * Meta's GET verification handshake, then (with the app secret) signed notifications and a large one. The
 * watch profile sends only what Meta itself sends: the handshake with the right token and one signed notification.
 */
export async function checkWhatsapp(ep: PinnedEndpoint, ctx: CheckContext): Promise<CheckOutcome[]> {
  const { secrets } = ctx.request;
  // The verify token travels in the handshake's query string; a redirect can echo it back encoded.
  return (await whatsappOutcomes(ep, ctx)).map((o) => ({ ...o, findings: withoutEncodedSecrets(o.findings, [secrets.verifyToken, secrets.appSecret]) }));
}

async function whatsappOutcomes(ep: PinnedEndpoint, ctx: CheckContext): Promise<CheckOutcome[]> {
  const { secrets, options } = ctx.request;
  const timeoutMs = () => Math.max(100, Math.min(options.httpTimeoutMs, ctx.remainingMs()));
  const get = (token: string, challenge: string) => {
    const q = new URLSearchParams(ep.url.search);
    q.set("hub.mode", "subscribe");
    q.set("hub.verify_token", token);
    q.set("hub.challenge", challenge);
    return probeHttp(ep, { method: "GET", path: `${ep.url.pathname}?${q}`, timeoutMs: timeoutMs(), signal: ctx.signal, extraCa: options.extraCa });
  };
  const outcomes: CheckOutcome[] = [];
  const full = options.profile !== "watch";

  let started = Date.now();
  const handshake: Finding[] = [];
  const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
  const right = await get(secrets.verifyToken ?? "", challenge);
  if (!(right.status === 200 && (right.body_preview ?? "").trim() === challenge)) {
    handshake.push(finding("whatsapp.verify_failed", "whatsapp", { ...httpEvidence(right), body_matches_challenge: false }));
  }
  if (full) {
    const otherChallenge = String(randomInt(1_000_000_000, 2_000_000_000));
    const wrong = await get(`webhook-doctor-wrong-${otherChallenge}`, otherChallenge);
    if (ok(wrong) && (wrong.body_preview ?? "").includes(otherChallenge)) handshake.push(finding("whatsapp.verify_token_ignored", "whatsapp", { status: wrong.status! }));
  }
  outcomes.push({ id: "whatsapp", findings: handshake, duration_ms: Date.now() - started });

  if (!secrets.appSecret) return outcomes;
  started = Date.now();
  const post = (body: string, headers: Record<string, string>) =>
    probeHttp(ep, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, timeoutMs: timeoutMs(), signal: ctx.signal, extraCa: options.extraCa });
  const body = whatsappNotification();
  const auth: Finding[] = [];
  const valid = await post(body, signedHeaders("meta", secrets.appSecret, Buffer.from(body)));
  if (!full) {
    outcomes.push({ id: "auth", findings: judgeSignedJson(valid, undefined, options.httpTimeoutMs, { scheme: "meta", sent_as: "meta_escaped" }), duration_ms: Date.now() - started });
    return outcomes;
  }
  // The same notification with raw UTF-8 (as JSON.stringify prints it), signed over its own bytes: Meta never
  // sends this, so refusing it alone is only noted; accepting it alone shows a receiver that re-serialises.
  const raw = JSON.stringify(whatsappNotificationValue(0));
  const rawAnswer = await post(raw, signedHeaders("meta", secrets.appSecret, Buffer.from(raw)));
  auth.push(...judgeSignedJson(valid, rawAnswer, options.httpTimeoutMs, { scheme: "meta", sent_as: "meta_escaped" }));
  const badSig = await post(body, signedHeaders("meta", "webhook-doctor-wrong-secret", Buffer.from(body)));
  const noSig = await post(body, {});
  if (ok(badSig) || ok(noSig)) auth.push(finding("auth.not_enforced", "auth", { wrong_accepted: ok(badSig), missing_accepted: ok(noSig) }));
  outcomes.push({ id: "auth", findings: auth, duration_ms: Date.now() - started });

  // A notification Meta is allowed to send, refused while the small signed one passed: the same body-limit
  // problem as the 1 MiB Telegram probe, judged by the same rule.
  started = Date.now();
  const large = whatsappNotification(WHATSAPP_MAX_NOTIFICATION_BYTES - 2_000);
  const big = await post(large, signedHeaders("meta", secrets.appSecret, Buffer.from(large)));
  const payload = judgeLargeBody(valid, big, Buffer.byteLength(large));
  outcomes.push({ id: "payload", findings: payload, duration_ms: Date.now() - started });
  return outcomes;
}
