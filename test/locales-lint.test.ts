import { readdirSync, readFileSync } from "node:fs";
import { FluentParser, type Attribute, type Pattern, type Resource } from "@fluent/syntax";
import { describe, expect, it } from "vitest";
import { localesDir } from "../src/i18n.js";

/**
 * Lint of every .ftl file with Fluent's own syntax parser. The runtime parser (@fluent/bundle) drops what it
 * cannot read without a word: an indented line starting with `[`, `*` or `.` ends the message before it, and the
 * rest of the text is lost (the CLI's --help once printed one line of thirty). Here such a loss fails the suite.
 */
const dir = localesDir();
const files = readdirSync(dir).flatMap((lang) => readdirSync(`${dir}/${lang}`).filter((f) => f.endsWith(".ftl")).map((f) => `${lang}/${f}`));
const parser = new FluentParser({ withSpans: true });

/** Problems of one file's text; empty when every line of it is read as written. */
export function lintFluent(source: string): string[] {
  const problems: string[] = [];
  const resource: Resource = parser.parse(source);
  const lineOf = (offset: number) => source.slice(0, offset).split("\n").length;
  const covered = new Set<number>();
  for (const entry of resource.body) {
    const { start, end } = entry.span!;
    if (entry.type === "Junk") {
      problems.push(`line ${lineOf(start)}: not Fluent (${entry.annotations.map((a) => a.message).join("; ")}): ${source.slice(start, end).split("\n")[0].slice(0, 80)}`);
      continue;
    }
    for (let line = lineOf(start); line <= lineOf(Math.max(start, end - 1)); line++) covered.add(line);
    if (entry.type !== "Message" && entry.type !== "Term") continue;
    const id = entry.id.name;
    // House style: a message is either text (a value) or a finding's parts (attributes), never both; so an
    // attribute after a value is an indented line that began with `.` and was cut off from the text.
    if (entry.value && entry.attributes.length) problems.push(`${id}: text followed by attributes (${entry.attributes.map((a: Attribute) => a.id.name).join(", ")}): a line starting with "." was cut off`);
    const patterns: Array<[string, Pattern | null]> = [[id, entry.value], ...entry.attributes.map((a: Attribute) => [`${id}.${a.id.name}`, a.value] as [string, Pattern])];
    for (const [name, pattern] of patterns) {
      if (!pattern) continue;
      // Each source line of a pattern must come out as a line of text: a line read as something else is lost.
      const sourceLines = source.slice(pattern.span!.start, pattern.span!.end).split("\n").length;
      if (pattern.elements.some((e) => e.type === "Placeable" && e.expression.type === "SelectExpression")) continue;
      const text = pattern.elements.map((e) => (e.type === "TextElement" ? e.value : "{}")).join("");
      const textLines = text.split("\n").length;
      if (textLines !== sourceLines) problems.push(`${name}: ${sourceLines} source lines but ${textLines} lines of text`);
    }
    // A message whose text ends where an indented line follows: that line was read as an attribute or variant.
    const next = source.slice(end).split("\n").find((line) => line.trim() !== "");
    if (next !== undefined && /^\s+\S/.test(next)) problems.push(`${id}: the line after it is indented but not part of it: ${next.trim().slice(0, 80)}`);
  }
  // Every written line belongs to an entry (a message, a term or a comment); blank lines excepted.
  source.split("\n").forEach((line, i) => {
    if (line.trim() !== "" && !covered.has(i + 1)) problems.push(`line ${i + 1}: belongs to no entry: ${line.trim().slice(0, 80)}`);
  });
  return problems;
}

describe("every .ftl file is whole Fluent", () => {
  it("finds the files (en, ru, zh)", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)("%s", (file) => {
    expect(lintFluent(readFileSync(`${dir}/${file}`, "utf8"))).toEqual([]);
  });

  it("catches the ways a line is silently dropped", () => {
    expect(lintFluent("usage =\n    Usage:\n      tool check <url>\n      [--json]\n")).not.toEqual([]);
    expect(lintFluent("usage =\n    Usage:\n    * one\n")).not.toEqual([]);
    expect(lintFluent("usage =\n    Usage:\n    .hidden = tail\n")).not.toEqual([]);
    expect(lintFluent("usage =\n    Usage:\n      tool check <url> [--json]\n    Exit status: 0\n")).toEqual([]);
  });
});
