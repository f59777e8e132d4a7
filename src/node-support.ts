import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Which Node versions run this code. CI (.ci/run) tests Node 20 and Node 24.18.1; package.json's `engines`
 * says the same. Checked at start so an unfit Node stops with a sentence instead of a native abort later.
 */
export const MINIMUM_NODE = "20.18.1"; // undici 7's floor

/** The first Node whose ObjectWrap cleanup hook aborts when better-sqlite3 ≤ 12 statements are collected (nodejs/node#65446). */
export const SQLITE_ABORT_FROM = "24.19.0";

function parse(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10) || 0);
  return [major, minor, patch];
}

function atLeast(version: string, floor: string): boolean {
  const a = parse(version);
  const b = parse(floor);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Major version of the installed better-sqlite3 (undefined when it cannot be read). */
export function installedSqliteMajor(): number | undefined {
  try {
    const path = createRequire(import.meta.url).resolve("better-sqlite3/package.json");
    return parse((JSON.parse(readFileSync(path, "utf8")) as { version: string }).version)[0];
  } catch {
    return undefined;
  }
}

/**
 * Why this Node cannot run the part asking, or undefined when it can. `sqlite`: the bot (it keeps its state in
 * SQLite through better-sqlite3); the CLI opens no database and only needs the minimum.
 */
export function unsupportedNode(options: { sqlite: boolean; node?: string; sqliteMajor?: number }): string | undefined {
  const node = options.node ?? process.versions.node;
  if (!atLeast(node, MINIMUM_NODE)) return `Node ${node} is too old: Webhook Doctor needs Node ${MINIMUM_NODE} or later (Node 20 LTS or 24.18).`;
  if (!options.sqlite) return undefined;
  const sqliteMajor = options.sqliteMajor ?? installedSqliteMajor();
  if (sqliteMajor !== undefined && sqliteMajor <= 12 && atLeast(node, SQLITE_ABORT_FROM)) {
    return (
      `Node ${node} aborts the process when better-sqlite3 ${sqliteMajor} statements are garbage collected ` +
      `(nodejs/node#65446, from Node ${SQLITE_ABORT_FROM} on). Run the bot on Node 20 (20.18.1 or later) or Node 24 up to 24.18.x, ` +
      `e.g. the Docker image, which pins a tested version.`
    );
  }
  return undefined;
}
