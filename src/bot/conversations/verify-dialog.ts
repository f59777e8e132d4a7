import { finding } from "../../diagnosis/report.js";
import { findingToHtml } from "../../render/telegram.js";
import type { DoctorScheme, SignatureDiagnosis } from "../../diagnosis/signature-doctor.js";
import type { Dialog, DialogContext } from "../context.js";
import { abandon, askChoice, askSecret, askText, nextAnswer } from "./prompts.js";
import { checkBearerToken, checkMessageId, checkOpaqueSecret, checkSignature, checkTimestamp, SCHEME_CHOICES } from "./validators.js";

/** Payload files larger than this are refused in chat (the CLI takes up to 10 MB). */
export const MAX_PAYLOAD_FILE_BYTES = 1024 * 1024;

export interface VerifyInput {
  scheme: DoctorScheme;
  secret: string;
  /** The payload typed or pasted, or the Telegram file to fetch (by its file_path). */
  payload: { text: string } | { filePath: string };
  signature: string;
  timestamp?: string;
  id?: string;
  now: number;
}

/** Runs outside the replayed dialog: fetches a payload file if needed, then diagnoses. */
export type DiagnoseVerify = (input: VerifyInput) => Promise<SignatureDiagnosis | { error: string }>;

/** /verify: the signature-mistake detector as a conversation (scheme, secret, payload, received signature). */
export function createVerifyDialog(diagnose: DiagnoseVerify) {
  return async function verifyDialog(conversation: Dialog, ctx: DialogContext): Promise<void> {
    const scheme = await askChoice<DoctorScheme>(
      conversation,
      ctx,
      "verify-ask-scheme",
      SCHEME_CHOICES,
      2,
    );
    const secret = (await askSecret(conversation, ctx, scheme === "bearer" ? "verify-ask-expected-token" : "verify-ask-secret", scheme === "bearer" ? checkBearerToken : checkOpaqueSecret, false))!;
    const payload = await askPayload(conversation, ctx);
    const signature = await askText(conversation, ctx, scheme === "bearer" ? "verify-ask-authorization" : "verify-ask-signature", checkSignature);
    const timestamp = scheme === "slack" || scheme === "standard-webhooks" ? await askText(conversation, ctx, "verify-ask-timestamp", checkTimestamp) : undefined;
    const id = scheme === "standard-webhooks" ? await askText(conversation, ctx, "verify-ask-id", checkMessageId) : undefined;
    const now = await conversation.now();
    const result = await conversation.external(() => diagnose({ scheme, secret, payload, signature, timestamp, id, now }));
    if ("error" in result) {
      await ctx.reply(ctx.t(result.error));
      return;
    }
    // A correct signature needs no fix: its title, code and why say it all.
    const html = findingToHtml(finding(result.code, "verify", result.evidence), await ctx.i18n.getLocale(), "https://your-host/", { withFix: result.code !== "sig.ok" });
    await ctx.reply(html, { parse_mode: "HTML" });
  };
}

/** The payload exactly as received: pasted text, or a file (so no client re-wraps or trims it). */
async function askPayload(conversation: Dialog, ctx: DialogContext): Promise<VerifyInput["payload"]> {
  await ctx.reply(ctx.t("verify-ask-payload"), { parse_mode: "HTML" });
  for (let attempt = 0; attempt < 25; attempt++) {
    const answer = await nextAnswer(conversation);
    const document = answer.message?.document;
    if (document) {
      if ((document.file_size ?? 0) > MAX_PAYLOAD_FILE_BYTES) {
        await answer.reply(answer.t("verify-file-too-large"));
        continue;
      }
      const file = await answer.getFile();
      if (!file.file_path) {
        await answer.reply(answer.t("verify-file-unreadable"));
        continue;
      }
      return { filePath: file.file_path };
    }
    const text = answer.message?.text;
    if (text === undefined || text.startsWith("/")) {
      await answer.reply(answer.t("verify-ask-payload"), { parse_mode: "HTML" });
      continue;
    }
    return { text };
  }
  return abandon(conversation, ctx);
}
