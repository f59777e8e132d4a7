import { domainToUnicode } from "node:url";
import type { Platform } from "../model.js";
import { cutText } from "../text.js";
import { isSecretQueryKey, redactBotTokens } from "../secrets.js";

/**
 * What the URL alone can tell: is it a URL at all, is it https, is the port one the sender accepts,
 * and does it carry characters nobody can see (copied from chats, PDFs and rich-text editors).
 */

/** Ports Telegram accepts for webhooks; any other port is refused at setWebhook. */
export const TELEGRAM_PORTS = [443, 80, 88, 8443] as const;

/** Longest URL we try to parse; real webhook URLs are far shorter, and longer input is someone's paste gone wrong. */
export const MAX_URL_LENGTH = 2048;

export interface HiddenCharacter {
  codePoint: string; // "U+200B"
  name: string;
  index: number;
}

export type UrlProblem =
  | { kind: "empty" }
  | { kind: "too_long"; length: number }
  | { kind: "unparsable"; reason: string }
  | { kind: "not_https"; scheme: string }
  | { kind: "port_not_allowed"; port: number }
  | { kind: "hidden_characters"; characters: HiddenCharacter[]; cleaned: string }
  | { kind: "lookalike_host"; host: string; characters: HiddenCharacter[] };

export interface UrlObservation {
  /** The parsed URL the rest of the checklist probes (after removing hidden characters), if any. */
  url?: URL;
  problems: UrlProblem[];
}

const INVISIBLE: Record<number, string> = {
  0x00a0: "no-break space",
  0x00ad: "soft hyphen",
  0x034f: "combining grapheme joiner",
  0x061c: "arabic letter mark",
  0x180e: "mongolian vowel separator",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2060: "word joiner",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
  0x3000: "ideographic space",
  0xfeff: "zero-width no-break space (BOM)",
};

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

function nameOf(cp: number): string | undefined {
  if (INVISIBLE[cp]) return INVISIBLE[cp];
  if (cp < 0x20 || cp === 0x7f) return "control character";
  if (cp >= 0x2000 && cp <= 0x200a) return "typographic space";
  if (cp >= 0xfe00 && cp <= 0xfe0f) return "variation selector";
  if (cp >= 0xe0000 && cp <= 0xe007f) return "tag character";
  return undefined;
}

export function findHiddenCharacters(text: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  let index = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const name = nameOf(cp);
    if (name) found.push({ codePoint: hex(cp), name, index });
    index += ch.length;
  }
  return found;
}

/**
 * Letters from Cyrillic or Greek mixed with Latin in one host label are almost always a look-alike
 * (a Cyrillic "а" typed by a keyboard layout switch), and resolve to a different name.
 */
export function findLookalikes(host: string): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  for (const label of host.split(".")) {
    const hasLatin = /[a-z]/i.test(label);
    const foreign = [...label.matchAll(/[\u0370-\u03ff\u0400-\u04ff]/g)];
    if (hasLatin && foreign.length > 0) {
      for (const m of foreign) {
        found.push({ codePoint: hex(m[0].codePointAt(0)!), name: `look-alike letter "${m[0]}"`, index: host.indexOf(label) + m.index! });
      }
    }
  }
  return found;
}

export function observeUrl(raw: string, platform: Platform): UrlObservation {
  const trimmed = raw.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, (m) => (/[\u200b\ufeff]/.test(m) ? m : ""));
  if (trimmed.length === 0) return { problems: [{ kind: "empty" }] };
  if (trimmed.length > MAX_URL_LENGTH) return { problems: [{ kind: "too_long", length: trimmed.length }] };

  const problems: UrlProblem[] = [];
  const hidden = findHiddenCharacters(trimmed);
  let text = trimmed;
  if (hidden.length > 0) {
    text = [...trimmed].filter((ch) => !nameOf(ch.codePointAt(0)!)).join("");
    problems.push({ kind: "hidden_characters", characters: hidden, cleaned: sanitizeUrl(text) });
  }

  // A visible space inside a URL is not a copy-paste accident we can fix silently: the URL is malformed.
  if (/\s/.test(text)) return { problems: [...problems, { kind: "unparsable", reason: "contains a space" }] };

  // Telegram parses a URL without a scheme as https; so do we.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problems: [...problems, { kind: "unparsable", reason: "not a URL" }] };
  }
  if (!url.hostname) return { problems: [...problems, { kind: "unparsable", reason: "no host" }] };

  if (url.protocol !== "https:") {
    problems.push({ kind: "not_https", scheme: url.protocol.replace(/:$/, "") });
    return { problems };
  }

  const lookalikes = findLookalikes(domainToUnicode(url.hostname));
  if (lookalikes.length > 0) problems.push({ kind: "lookalike_host", host: url.hostname, characters: lookalikes });

  const port = Number(url.port || 443);
  if (platform === "telegram" && !(TELEGRAM_PORTS as readonly number[]).includes(port)) {
    problems.push({ kind: "port_not_allowed", port });
  }
  return { url, problems };
}


/**
 * The URL as it may appear in a report: no userinfo, bot tokens in the path replaced (Telegram's FAQ
 * suggests the token as a secret path), secret-looking query values masked.
 */
export function sanitizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return cutText(redactBotTokens(raw), 200);
  }
  url.username = "";
  url.password = "";
  for (const key of [...url.searchParams.keys()]) {
    if (isSecretQueryKey(key)) url.searchParams.set(key, "***");
  }
  return redactBotTokens(url.toString());
}
