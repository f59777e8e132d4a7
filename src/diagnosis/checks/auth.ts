import { probeHttp, type HttpObservation } from "../../probes/http.js";
import { signedHeaders } from "../../probes/signatures/headers.js";
import { InvalidSecretError, standardWebhooksKey, type HmacScheme } from "../../probes/signatures/schemes.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Finding } from "../report.js";
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
  const transport = judgeHttp(o, timeoutMs, "auth").filter((f) => !["http.unauthorized", "http.bad_request"].includes(f.code));
  return transport.length ? transport : [finding(refusedCode, "auth", httpEvidence(o))];
}
/** A well-formed secret that is not the receiver's: Standard Webhooks needs base64 after "whsec_". */
export function wrongSecretFor(scheme: HmacScheme): string {
  const text = "webhook-doctor-wrong-secret";
  return scheme === "standard-webhooks" ? `whsec_${Buffer.from(text).toString("base64")}` : text;
}

const SAMPLE = { type: "webhook_doctor.ping", id: "evt_webhook_doctor", note: "diagnostic request; safe to ignore" };

/**
 * The three-way test every authenticated receiver must pass: a correct request accepted, a wrong one
 * refused, a missing one refused. Then content-type tolerance: JSON and form-encoded bodies alike.
 */
export async function checkGenericAuth(ep: PinnedEndpoint, ctx: CheckContext): Promise<CheckOutcome[]> {
  const started = Date.now();
  const { auth, secrets, options } = ctx.request;
  if (!auth) return [];
  if (auth.kind === "hmac" && auth.scheme === "standard-webhooks") {
    // No request can be signed with a secret that is not base64 after whsec_: say so instead of probing
    // (the command line refuses it earlier; the bot's dialog and stored watches arrive here).
    try {
      standardWebhooksKey(secrets.signingSecret ?? "");
    } catch (error) {
      if (!(error instanceof InvalidSecretError)) throw error;
      return [{ id: "auth", findings: [finding("sig.secret_encoding", "auth", { scheme: "standard-webhooks", secret_is_base64: false })], duration_ms: Date.now() - started }];
    }
  }
  const send = (headers: Record<string, string>, body: string, type = "application/json") =>
    probeHttp(ep, {
      method: "POST",
      headers: { "content-type": type, ...headers },
      body,
      timeoutMs: Math.max(100, Math.min(options.httpTimeoutMs, ctx.remainingMs())),
      signal: ctx.signal,
      extraCa: options.extraCa,
    });
  // Escaped non-ASCII, as Meta and others send it: a receiver that re-serialises before verifying changes these bytes.
  const json = JSON.stringify(SAMPLE).replace("safe to ignore", "safe to ignore \\u2014 caf\\u00e9");
  const form = new URLSearchParams(Object.entries(SAMPLE)).toString();

  const good = (body: string) =>
    auth.kind === "bearer"
      ? { authorization: `Bearer ${secrets.bearerToken ?? ""}` }
      : signedHeaders(auth.scheme as HmacScheme, secrets.signingSecret ?? "", Buffer.from(body), auth);
  const bad = (body: string) =>
    auth.kind === "bearer" ? { authorization: "Bearer webhook-doctor-wrong-token" } : signedHeaders(auth.scheme as HmacScheme, wrongSecretFor(auth.scheme as HmacScheme), Buffer.from(body), auth);

  const findings: Finding[] = [];
  const valid = await send(good(json), json);
  const formAnswer = await send(good(form), form, "application/x-www-form-urlencoded");
  const refused = (o: HttpObservation) => o.status === 415 || o.status === 400;
  // JSON refused but a signed form body accepted: authentication works, the content type does not.
  const jsonOnlyProblem = refused(valid) && ok(formAnswer);
  if (!jsonOnlyProblem) findings.push(...judgeValidAttempt(valid, options.httpTimeoutMs, auth.kind === "bearer" ? "auth.bearer_rejected" : "auth.valid_rejected"));
  const wrong = await send(bad(json), json);
  const missing = await send({}, json);
  if (ok(wrong) || ok(missing)) {
    findings.push(finding("auth.not_enforced", "auth", { wrong_accepted: ok(wrong), missing_accepted: ok(missing), status_wrong: wrong.status ?? null, status_missing: missing.status ?? null }));
  }
  const secretValues = [secrets.bearerToken, secrets.signingSecret];
  const authOutcome: CheckOutcome = { id: "auth", findings: withoutEncodedSecrets(findings, secretValues), duration_ms: Date.now() - started };

  const ctStarted = Date.now();
  const ctFindings: Finding[] = [];
  if (ok(valid) && refused(formAnswer)) ctFindings.push(finding("http.content_type_rejected", "content_type", { accepted: "application/json", refused: "application/x-www-form-urlencoded", status: formAnswer.status! }));
  if (jsonOnlyProblem) ctFindings.push(finding("http.content_type_rejected", "content_type", { accepted: "application/x-www-form-urlencoded", refused: "application/json", status: valid.status! }));
  return [authOutcome, { id: "content_type", findings: withoutEncodedSecrets(ctFindings, secretValues), duration_ms: Date.now() - ctStarted }];
}
