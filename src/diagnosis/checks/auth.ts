import { probeHttp, type HttpObservation } from "../../probes/http.js";
import { signedHeaders, unsignedHeaders } from "../../probes/signatures/headers.js";
import {
  FORM_TYPE,
  JSON_TYPE,
  schemeSpec,
  senderForm,
  senderJson,
  type ContentType,
  type HmacScheme,
  type SenderFacts,
} from "../../probes/signatures/schemes.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Finding } from "../report.js";
import { standardWebhooksSecretProblem } from "../signature-doctor.js";
import { httpEvidence, judgeHttp } from "./http.js";

/**
 * The report is scrubbed of secrets as given; a secret that travelled in a URL (the handshake's
 * verify token) or that a receiver echoes into a Location comes back percent-encoded, so those forms go too.
 */
export function withoutEncodedSecrets(findings: Finding[], secrets: Array<string | undefined>): Finding[] {
  const forms = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .flatMap((s) => {
      const component = encodeURIComponent(s);
      const query = new URLSearchParams({ s }).toString().slice(2);
      return [component, query, component.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), query.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())];
    })
    .filter((form, i, all) => all.indexOf(form) === i)
    // Longest first, so a form that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (forms.length === 0) return findings;
  const scrub = (text: string) => forms.reduce((out, form) => out.split(form).join("<secret>"), text);
  return findings.map((f) => ({ ...f, evidence: Object.fromEntries(Object.entries(f.evidence).map(([k, v]) => [k, typeof v === "string" ? scrub(v) : v])) as typeof f.evidence }));
}

export const ok = (o: HttpObservation) => o.status !== undefined && o.status >= 200 && o.status < 300;

/**
 * A correctly authenticated request that failed: a transport failure or a 5xx is the endpoint's problem
 * (reported with its own code); a 4xx is the receiver refusing the credentials.
 */
export function judgeValidAttempt(o: HttpObservation, timeoutMs: number, refusedCode: "auth.valid_rejected" | "auth.bearer_rejected"): Finding[] {
  if (ok(o)) return [];
  const transport = judgeHttp(o, timeoutMs, "auth").filter((f) => !["http.unauthorized", "http.forbidden", "http.bad_request"].includes(f.code));
  return transport.length ? transport : [finding(refusedCode, "auth", httpEvidence(o))];
}
/** A well-formed secret that is not the receiver's: Standard Webhooks needs base64 after "whsec_". */
export function wrongSecretFor(scheme: HmacScheme): string {
  const text = "webhook-doctor-wrong-secret";
  return scheme === "standard-webhooks" ? `whsec_${Buffer.from(text).toString("base64")}` : text;
}

/** Non-ASCII text and a URL: the characters senders write differently (escaped or not), so a re-serialising receiver shows. */
export const SAMPLE = { type: "webhook_doctor.ping", id: "evt_webhook_doctor", note: "diagnostic request \u2014 safe to ignore (caf\u00e9)", source: "https://webhook-doctor.invalid/ping" };

/** Bearer tokens do not depend on the body: any sender, either encoding. */
const BEARER_SENDER: SenderFacts = { contentTypes: [JSON_TYPE, FORM_TYPE], form: "fields", json: "non_ascii_escaped" };

/**
 * A correctly signed request in the sender's own JSON text (`asSent`) and the same JSON re-printed by
 * JSON.stringify and signed over those bytes (`reprinted`). A receiver verifying the raw bytes accepts both.
 * Refusing only the sender's bytes means it verifies a re-serialised body: what the sender really sends fails.
 * Refusing only the re-printed one breaks nothing the sender sends, so it is an explained observation.
 */
export function judgeSignedJson(asSent: HttpObservation, reprinted: HttpObservation | undefined, timeoutMs: number, evidence: { scheme: string; sent_as: string }): Finding[] {
  const refusedByReceiver = (o: HttpObservation) => o.status !== undefined && o.status >= 400 && o.status < 500;
  if (reprinted && refusedByReceiver(asSent) && ok(reprinted)) {
    return [finding("sig.body_reserialized", "auth", { ...evidence, status_as_sent: asSent.status!, reprinted_accepted: true })];
  }
  if (reprinted && ok(asSent) && refusedByReceiver(reprinted)) {
    return [finding("auth.equivalent_body_rejected", "auth", { ...evidence, status_reprinted: reprinted.status! })];
  }
  return judgeValidAttempt(asSent, timeoutMs, "auth.valid_rejected");
}

/**
 * The three-way test every authenticated receiver must pass: a correct request accepted, a wrong one
 * refused, a missing one refused. The correct request is written as the scheme's sender writes it, with
 * the same JSON re-printed beside it to tell a re-serialising receiver apart. The other content type is
 * tried only where that sender really uses it, and a receiver taking one of two is noted, not failed:
 * the sender is set to one of them, and which one is not known from here.
 * The watch profile sends only the correct request (and the form after a JSON refused as a format).
 */
export async function checkGenericAuth(ep: PinnedEndpoint, ctx: CheckContext): Promise<CheckOutcome[]> {
  const started = Date.now();
  const { auth, secrets, options } = ctx.request;
  if (!auth) return [];
  if (auth.kind === "hmac" && auth.scheme === "standard-webhooks") {
    const problem = standardWebhooksSecretProblem(secrets.signingSecret ?? "");
    // No request can be signed with a secret no key can be made from: say so instead of probing
    // (the command line refuses it earlier; the bot's dialog and stored watches arrive here).
    if (problem) return [{ id: "auth", findings: [finding(problem, "auth", problem === "sig.secret_whitespace" ? { scheme: "standard-webhooks", surrounding_whitespace: true } : { scheme: "standard-webhooks", secret_is_base64: false })], duration_ms: Date.now() - started }];
  }
  const send = (headers: Record<string, string>, body: string, type: ContentType = JSON_TYPE) =>
    probeHttp(ep, {
      method: "POST",
      headers: { "content-type": type, ...headers },
      body,
      timeoutMs: Math.max(100, Math.min(options.httpTimeoutMs, ctx.remainingMs())),
      signal: ctx.signal,
      extraCa: options.extraCa,
    });
  const spec = auth.kind === "hmac" ? schemeSpec(auth.scheme as HmacScheme, auth) : undefined;
  const sender = spec?.sender ?? BEARER_SENDER;
  const json = spec ? senderJson(spec, SAMPLE) : JSON.stringify(SAMPLE);
  const form = spec ? senderForm(spec, SAMPLE) : new URLSearchParams(Object.entries(SAMPLE)).toString();

  const good = (body: string) =>
    auth.kind === "bearer"
      ? { authorization: `Bearer ${secrets.bearerToken ?? ""}` }
      : signedHeaders(auth.scheme as HmacScheme, secrets.signingSecret ?? "", Buffer.from(body), auth);
  const bad = (body: string) =>
    auth.kind === "bearer" ? { authorization: "Bearer webhook-doctor-wrong-token" } : signedHeaders(auth.scheme as HmacScheme, wrongSecretFor(auth.scheme as HmacScheme), Buffer.from(body), auth);

  const findings: Finding[] = [];
  const secretValues = [secrets.bearerToken, secrets.signingSecret];
  const refused = (o: HttpObservation) => o.status === 415 || o.status === 400;
  const valid = await send(good(json), json);
  if (options.profile === "watch") {
    // One delivery, as the sender makes it. A sender that may post form bodies may be set to them: JSON refused as
    // a format (400/415) is followed by the same event as a signed form, so a form hook is not reported down.
    const asForm = refused(valid) && sender.contentTypes.includes(FORM_TYPE) ? await send(good(form), form, FORM_TYPE) : undefined;
    const delivery = asForm && !refused(asForm) ? asForm : valid;
    findings.push(...judgeValidAttempt(delivery, options.httpTimeoutMs, auth.kind === "bearer" ? "auth.bearer_rejected" : "auth.valid_rejected"));
    return [{ id: "auth", findings: withoutEncodedSecrets(findings, secretValues), duration_ms: Date.now() - started }];
  }
  const reprintedJson = JSON.stringify(SAMPLE);
  const reprinted = spec ? await send(good(reprintedJson), reprintedJson) : undefined;
  const formAnswer = sender.contentTypes.includes(FORM_TYPE) ? await send(good(form), form, FORM_TYPE) : undefined;
  // JSON refused but a signed form body accepted: authentication works, and this receiver takes form bodies.
  const formOnly = refused(valid) && formAnswer !== undefined && ok(formAnswer);
  if (!formOnly) {
    if (auth.kind === "bearer") findings.push(...judgeValidAttempt(valid, options.httpTimeoutMs, "auth.bearer_rejected"));
    else findings.push(...judgeSignedJson(valid, reprinted, options.httpTimeoutMs, { scheme: auth.scheme, sent_as: sender.json }));
  }
  // The wrong and missing credentials go in the encoding the receiver takes, or its refusal proves nothing.
  const [body, type]: [string, ContentType] = formOnly ? [form, FORM_TYPE] : [json, JSON_TYPE];
  const wrong = await send(bad(body), body, type);
  const missing = await send(auth.kind === "bearer" ? {} : unsignedHeaders(auth.scheme as HmacScheme, Buffer.from(body), auth), body, type);
  if (ok(wrong) || ok(missing)) {
    findings.push(finding("auth.not_enforced", "auth", { wrong_accepted: ok(wrong), missing_accepted: ok(missing), status_wrong: wrong.status ?? null, status_missing: missing.status ?? null }));
  }
  const authOutcome: CheckOutcome = { id: "auth", findings: withoutEncodedSecrets(findings, secretValues), duration_ms: Date.now() - started };
  if (!formAnswer) return [authOutcome];

  const ctStarted = Date.now();
  const ctFindings: Finding[] = [];
  if (ok(valid) && refused(formAnswer)) ctFindings.push(finding("http.content_type_rejected", "content_type", { accepted: JSON_TYPE, refused: FORM_TYPE, status: formAnswer.status! }, "info"));
  if (formOnly) ctFindings.push(finding("http.content_type_rejected", "content_type", { accepted: FORM_TYPE, refused: JSON_TYPE, status: valid.status! }, "info"));
  return [authOutcome, { id: "content_type", findings: withoutEncodedSecrets(ctFindings, secretValues), duration_ms: Date.now() - ctStarted }];
}
