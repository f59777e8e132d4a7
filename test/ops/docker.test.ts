import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { unsupportedNode } from "../../src/node-support.js";
import { chartFonts } from "../../src/render/history-chart.js";

/**
 * Docker cannot build here, so the Dockerfile and compose.yaml are read as data and checked against the code:
 * the user, the volume's owner, the health check, and that every file the app reads at run time is in the image.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));

interface Instruction {
  op: string;
  args: string;
}

/** Instructions per stage (continuation lines joined, comments dropped). */
function dockerStages(text: string): Instruction[][] {
  const lines = text.replace(/\\\r?\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages: Instruction[][] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (op.toUpperCase() === "FROM") stages.push([]);
    stages.at(-1)?.push({ op: op.toUpperCase(), args: args.trim() });
  }
  return stages;
}

const stages = dockerStages(readFileSync(join(root, "Dockerfile"), "utf8"));
const runtime = stages.at(-1)!;
const all = (op: string) => runtime.filter((i) => i.op === op);
const indexOf = (predicate: (i: Instruction) => boolean) => runtime.findIndex(predicate);
const workdir = all("WORKDIR").at(-1)?.args ?? "/";
const env: Record<string, string> = Object.fromEntries(all("ENV").flatMap((i) => [...i.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])));
/** The runtime stage's COPY sources → destinations (absolute), build-stage copies included. */
const copies = all("COPY").map((i) => {
  const parts = i.args.split(/\s+/).filter((p) => !p.startsWith("--"));
  const dest = parts.at(-1)!;
  return { from: /--from=/.test(i.args), sources: parts.slice(0, -1), dest: posix.resolve(workdir, dest) };
});

/** Where a repository path lands in the image, if a COPY from the build context takes it. */
function inImage(repoPath: string): string | undefined {
  for (const copy of copies.filter((c) => !c.from)) {
    for (const source of copy.sources) {
      const src = source.replace(/\/$/, "");
      if (repoPath === src || repoPath.startsWith(`${src}/`)) {
        const dest = copy.sources.length === 1 && !copy.dest.endsWith("/") && statSync(join(root, src)).isDirectory() ? copy.dest : posix.join(copy.dest, posix.basename(src));
        return posix.join(dest, repoPath.slice(src.length));
      }
    }
  }
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []));
}

/**
 * Files the compiled app opens beside itself: every `new URL("<relative>", import.meta.url)` in src/, resolved
 * from where the compiled module runs (dist/src/...), kept when it names something in the repository.
 */
function runtimeFiles(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles("src")) {
    const source = readFileSync(join(root, file), "utf8");
    if (!source.includes("import.meta.url")) continue;
    const compiledDir = posix.dirname(`dist/${file}`);
    for (const m of source.matchAll(/["'`](\.{1,2}\/[^"'`]*)["'`]/g)) {
      // Module imports resolve inside dist/ (compiled); what resolves outside it is a file read at run time.
      const target = posix.normalize(posix.join(compiledDir, m[1]));
      if (!target.startsWith("dist/") && !target.startsWith("..") && existsSync(join(root, target))) found.add(target);
    }
  }
  return [...found].sort();
}

describe("Dockerfile", () => {
  it("has a build stage and a runtime stage on a Node the bot accepts (the same version in both)", () => {
    expect(stages.length).toBe(2);
    const images = stages.map((s) => s[0].args.split(/\s+/)[0]);
    const versions = images.map((image) => /^node:(\d+\.\d+\.\d+)/.exec(image)?.[1]);
    expect(versions[0]).toBeDefined();
    expect(new Set(versions).size).toBe(1);
    expect(unsupportedNode({ sqlite: true, node: versions[0]! })).toBeUndefined();
  });

  it("runs as node, with /data made and given to node before VOLUME /data", () => {
    const user = indexOf((i) => i.op === "USER");
    const volume = indexOf((i) => i.op === "VOLUME" && /(^|\s|\[|")\/data("|\s|\]|$)/.test(i.args));
    const chown = indexOf((i) => i.op === "RUN" && /mkdir -p \/data\b/.test(i.args) && /chown (-R )?node(:node)? \/data\b/.test(i.args));
    expect(runtime[user]?.args).toBe("node");
    expect(volume).toBeGreaterThan(-1);
    expect(chown).toBeGreaterThan(-1);
    expect(chown).toBeLessThan(volume);
    expect(volume).toBeLessThan(user);
    // The database lives on the volume.
    expect(env.DATABASE_PATH).toMatch(/^\/data\//);
  });

  it("checks health with the bundled script, which knows both modes", () => {
    const [check] = all("HEALTHCHECK");
    expect(check).toBeDefined();
    const script = /"(dist\/src\/[\w/-]+)\.js"/.exec(check.args)?.[1];
    expect(script).toBe("dist/src/server/healthcheck");
    expect(existsSync(join(root, `${script!.replace(/^dist\//, "")}.ts`))).toBe(true);
    expect(check.args).toMatch(/--interval=\d+s/);
    // Polling mode has no port: the script reads the heartbeat file the image points at, in a place node may write.
    expect(env.HEARTBEAT_FILE).toMatch(/^\/tmp\//);
  });

  it("copies the compiled app, its production dependencies and package.json (type: module)", () => {
    expect(copies.some((c) => c.from && c.sources.includes("/app/dist") && c.dest === posix.join(workdir, "dist"))).toBe(true);
    expect(copies.some((c) => c.from && c.sources.includes("/app/node_modules"))).toBe(true);
    expect(inImage("package.json")).toBe(posix.join(workdir, "package.json"));
    const cmd = all("CMD").at(-1)!.args;
    expect(cmd).toContain("dist/src/main.js");
    expect(existsSync(join(root, "src/main.ts"))).toBe(true);
  });

  it("copies every file the app reads beside its code, to where the compiled code looks for it", () => {
    const files = runtimeFiles();
    // What the code names today (a sanity floor, not the list): the texts and the migrations.
    expect(files).toEqual(expect.arrayContaining(["locales", "src/store/migrations"]));
    for (const path of files) {
      const expanded = statSync(join(root, path)).isDirectory() ? readdirSync(join(root, path), { recursive: true }).map((f) => `${path}/${f}`) : [path];
      for (const file of expanded) expect(inImage(file), `${file} is read at run time`).toBe(posix.join(workdir, file));
    }
  });

  it("installs the packages that provide the chart's fonts on this machine", () => {
    const { files } = chartFonts();
    expect(files.length).toBeGreaterThan(0);
    const packages = new Set(files.map((file) => execFileSync("dpkg", ["-S", file], { encoding: "utf8" }).split(":")[0]));
    const installs = all("RUN").filter((i) => /apt-get install/.test(i.args)).map((i) => i.args).join(" ");
    for (const pkg of packages) expect(installs, pkg).toMatch(new RegExp(`\\b${pkg}\\b`));
  });

  it("keeps local state and secrets out of the build context", () => {
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8").split("\n").map((l) => l.trim());
    for (const entry of ["node_modules", ".env", "data", "dist"]) expect(ignored).toContain(entry);
  });
});

describe("compose.yaml", () => {
  const compose = parseYaml(readFileSync(join(root, "compose.yaml"), "utf8")) as {
    services: Record<string, { build?: string; image?: string; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; profiles?: string[]; configs?: Array<{ source: string; target: string }> }>;
    volumes: Record<string, unknown>;
    configs?: Record<string, { content: string }>;
  };
  const bot = compose.services.bot;

  it("builds the bot from this Dockerfile with its data on a named volume at /data", () => {
    expect(bot.build).toBe(".");
    const mount = bot.volumes!.map((v) => v.split(":")).find(([, target]) => target === "/data");
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain(mount![0]);
    expect(bot.environment!.DATABASE_PATH).toMatch(/^\/data\//);
    expect(bot.environment!.BOT_TOKEN).toMatch(/^\$\{BOT_TOKEN:\?/);
  });

  it("runs Prometheus only with a profile, scraping the bot's metrics port; metrics are not published", () => {
    const prometheus = Object.values(compose.services).find((s) => /prometheus/.test(s.image ?? ""));
    expect(prometheus?.profiles?.length).toBeGreaterThan(0);
    const config = compose.configs![prometheus!.configs![0].source].content;
    expect(prometheus!.configs![0].target).toBe("/etc/prometheus/prometheus.yml");
    const scrape = parseYaml(config) as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> };
    const target = scrape.scrape_configs[0].static_configs[0].targets[0];
    expect(target).toBe(`bot:${bot.environment!.METRICS_PORT}`);
    // Reachable from the Prometheus container, but not from outside the compose network.
    expect(bot.environment!.METRICS_HOST).toBe("0.0.0.0");
    expect((bot.ports ?? []).some((p) => p.endsWith(`:${bot.environment!.METRICS_PORT}`))).toBe(false);
  });
});
