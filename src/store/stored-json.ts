import * as v from "valibot";

/**
 * JSON the store reads back (reports, sealed check requests, sealed dialog state), parsed with a schema
 * instead of cast. A row that does not parse (written by another version, damaged, tampered) is reported
 * through `onBadRow` and treated as absent: the user is told it is no longer stored, nothing crashes.
 */
export type BadRowHandler = (table: string, key: string, reason: string) => void;

export function parseStoredJson<T>(schema: v.GenericSchema<unknown, T>, json: string): { ok: true; value: T } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message.slice(0, 80)})` };
  }
  const parsed = v.safeParse(schema, raw);
  if (parsed.success) return { ok: true, value: parsed.output };
  const issues = parsed.issues.slice(0, 3).map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
  return { ok: false, reason: issues.join("; ").slice(0, 240) };
}

const secret = v.optional(v.string());

/** A check request as stored (sealed) with a report: what a re-run needs, secrets included. */
export const StoredRequestSchema = v.object({
  url: v.string(),
  platform: v.picklist(["telegram", "whatsapp", "generic"]),
  secrets: v.object({ botToken: secret, secretToken: secret, verifyToken: secret, appSecret: secret, signingSecret: secret, bearerToken: secret }),
  auth: v.optional(
    v.variant("kind", [
      v.object({
        kind: v.literal("hmac"),
        scheme: v.picklist(["github", "stripe", "standard-webhooks", "slack", "meta", "custom"]),
        header: v.optional(v.string()),
        algorithm: v.optional(v.picklist(["sha1", "sha256", "sha512"])),
        encoding: v.optional(v.picklist(["hex", "base64"])),
        prefix: v.optional(v.string()),
      }),
      v.object({ kind: v.literal("bearer") }),
    ]),
  ),
  deep: v.optional(v.boolean()),
});
export type StoredRequest = v.InferOutput<typeof StoredRequestSchema>;

/** The fields of a stored report that the bot reads without looking deeper; the rest is kept as it is. */
export const StoredReportSchema = v.looseObject({
  url: v.string(),
  platform: v.string(),
  verdict: v.picklist(["ok", "warn", "fail"]),
  primary: v.nullable(v.string()),
  checked_at: v.string(),
  findings: v.array(v.looseObject({ code: v.string(), severity: v.string(), evidence: v.optional(v.record(v.string(), v.unknown())) })),
  checks: v.array(v.looseObject({ id: v.string(), status: v.string() })),
});

/**
 * What @grammyjs/conversations stores per chat (VersionedState<ConversationData>): a version pair and, per
 * conversation, the replay log and the pending interrupts. Loose objects: fields a newer plugin adds are kept.
 */
export const ConversationStoreSchema = v.looseObject({
  version: v.tuple([v.number(), v.union([v.string(), v.number()])]),
  state: v.record(
    v.string(),
    v.array(
      v.looseObject({
        args: v.optional(v.string()),
        replay: v.looseObject({
          send: v.array(v.looseObject({ payload: v.string() })),
          receive: v.array(v.looseObject({ send: v.number(), returnValue: v.unknown() })),
        }),
        interrupts: v.array(v.number()),
      }),
    ),
  ),
});
