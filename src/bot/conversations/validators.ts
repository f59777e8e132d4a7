import { checkUrl } from "../../diagnosis/checks/url.js";
import type { Platform } from "../../diagnosis/report.js";
import type { Checked } from "./prompts.js";
import { isBotToken, isTelegramSecretToken } from "../../secrets.js";

/** Longest answer read at any prompt: beyond this it is a paste gone wrong. */
export const MAX_ANSWER_CHARS = 4_000;

const tooLong = (text: string): Checked<never> | undefined => (text.length > MAX_ANSWER_CHARS ? { ok: false, problem: "bot-too-long" } : undefined);

/** The URL judged from its text alone (the same rules as the URL layer of a check), with a friendly message. */
export function checkUrlAnswer(platform: Platform) {
  return (raw: string): Checked<string> => {
    const long = tooLong(raw);
    if (long) return long;
    const { findings, observation } = checkUrl(raw.trim(), platform);
    const problem = findings.find((f) => f.severity === "fail");
    // A single word ("both", "skip") would be probed as https://both: a webhook host has a dot (or is an IPv6 literal).
    const host = observation.url?.hostname ?? "";
    if (!problem && !host.includes(".") && !host.startsWith("[")) return { ok: false, problem: "dialog-url-invalid" };
    if (!problem) return { ok: true, value: raw.trim() };
    switch (problem.code) {
      case "url.not_https":
        return { ok: false, problem: "dialog-url-not-https" };
      case "url.port_not_allowed":
        return { ok: false, problem: "dialog-url-port", vars: { port: String(problem.evidence.port ?? "") } };
      case "url.hidden_characters": {
        const cleaned = observation.problems.find((p) => p.kind === "hidden_characters");
        return { ok: false, problem: "dialog-url-hidden", vars: { cleaned: cleaned && "cleaned" in cleaned ? String(cleaned.cleaned) : "" } };
      }
      default:
        return { ok: false, problem: "dialog-url-invalid" };
    }
  };
}

export const checkBotToken = (text: string): Checked<string> => (isBotToken(text) ? { ok: true, value: text } : { ok: false, problem: "dialog-bad-bot-token" });

/** Telegram's rule for secret_token: 1-256 characters of A-Z a-z 0-9 _ -. */
export const checkSecretToken = (text: string): Checked<string> =>
  isTelegramSecretToken(text) ? { ok: true, value: text } : { ok: false, problem: "dialog-bad-secret-token" };

/** Verify tokens, app secrets, signing secrets: one line of at most 512 characters (spaces allowed: GitHub's example secret has them). */
export const checkOpaqueSecret = (text: string): Checked<string> =>
  tooLong(text) ?? (/^[^\r\n]{1,512}$/.test(text) ? { ok: true, value: text } : { ok: false, problem: "dialog-bad-secret" });

/** A bearer token pasted with its "Bearer " prefix is accepted without it (the check sends the prefix itself). */
export const checkBearerToken = (text: string): Checked<string> => checkOpaqueSecret(text.replace(/^bearer\s+/i, ""));

const SIGNATURE_SHAPE = /^[A-Za-z0-9+/=_,.:\- ]{8,4096}$/;
export const checkSignature = (text: string): Checked<string> =>
  SIGNATURE_SHAPE.test(text.trim()) ? { ok: true, value: text.trim() } : { ok: false, problem: "dialog-bad-signature" };

export const checkTimestamp = (text: string): Checked<string> => (/^\d{1,12}$/.test(text.trim()) ? { ok: true, value: text.trim() } : { ok: false, problem: "dialog-bad-timestamp" });

export const checkMessageId = (text: string): Checked<string> => (/^\S{1,256}$/.test(text.trim()) ? { ok: true, value: text.trim() } : { ok: false, problem: "dialog-bad-id" });

/** The signing schemes offered as buttons (/check for signed webhooks, /verify), each with its label id. */
export const SCHEME_CHOICES = (["github", "stripe", "standard-webhooks", "slack", "meta", "bearer"] as const).map((s) => [s, `scheme-${s}`] as [typeof s, string]);
