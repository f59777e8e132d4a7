import { Composer } from "grammy";
import { diagnoseSignature, SignatureInputError } from "../../diagnosis/signature-doctor.js";
import type { BotContext } from "../context.js";
import { MAX_PAYLOAD_FILE_BYTES, type DiagnoseVerify } from "../conversations/verify-dialog.js";

/** /verify enters the signature-mistake dialog. */
export const verifyFeature = new Composer<BotContext>();
verifyFeature.command("verify", (ctx) => ctx.conversation.enter("verify"));

/** The dialog's outside work: fetch a payload file from Telegram (bounded), then run the detector. */
export function createVerifyDiagnosis(apiRoot: string, botToken: string): DiagnoseVerify {
  return async (input) => {
    let payload: Buffer;
    if ("text" in input.payload) payload = Buffer.from(input.payload.text, "utf8");
    else {
      try {
        const res = await fetch(`${apiRoot}/file/bot${botToken}/${input.payload.filePath}`, { signal: AbortSignal.timeout(15_000) });
        if (!res.ok) return { error: "verify-file-unreadable" };
        payload = Buffer.from(await res.arrayBuffer());
        if (payload.length > MAX_PAYLOAD_FILE_BYTES) return { error: "verify-file-too-large" };
      } catch {
        return { error: "verify-file-unreadable" };
      }
    }
    try {
      return diagnoseSignature({ scheme: input.scheme, secret: input.secret, payload, signature: input.signature, timestamp: input.timestamp, id: input.id, now: new Date(input.now) });
    } catch (error) {
      // A case that cannot be judged as given (a Stripe signature without its t= value): say what to give.
      if (error instanceof SignatureInputError) return { error: error.messageId };
      throw error;
    }
  };
}
