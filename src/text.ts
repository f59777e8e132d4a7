/**
 * Shortening text that people read (evidence, pasted errors, URLs, server answers). Cutting a JS string
 * with slice() counts UTF-16 units and can split an emoji into a lone surrogate, which Telegram refuses
 * ("strings must be encoded in UTF-8"): the whole message is then lost. This is the one place text is cut.
 */

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text with any lone surrogate (from a cut elsewhere, or a broken decoder) replaced by U+FFFD. */
export const wellFormed = (text: string): string => text.replace(LONE_SURROGATE, "\ufffd");

/**
 * At most `max` UTF-16 units (the unit Telegram's limits count), cut between graphemes (an emoji, a flag,
 * a letter with its accents stay whole), with `ellipsis` appended when something was cut.
 */
export function cutText(text: string, max: number, ellipsis = "…"): string {
  const clean = wellFormed(text);
  if (clean.length <= max) return clean;
  const budget = Math.max(0, max - ellipsis.length);
  let end = 0;
  for (const { index, segment } of graphemes.segment(clean)) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  return clean.slice(0, end) + ellipsis;
}
