import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handshakes, spawnServer, type ServerProcess } from "./server-process.js";
import { tempDir } from "./temp.js";

/** Debian's Caddy (2.6); tests that need it install it with `npm run setup:test`. */
export const CADDY_BIN = ["/usr/bin/caddy", "/usr/local/bin/caddy"].find((p) => existsSync(p));

export interface CaddyOptions {
  /** The address:port that must accept connections before Caddy counts as started. */
  waitFor: { host: string; port: number };
  /**
   * A host name served over TLS: the start also waits until a handshake with this SNI completes (Caddy opens
   * its port before `tls internal` has issued the certificate).
   */
  sni?: string;
  /** Extra global options (inside the leading `{ }` block). */
  global?: string;
}

/**
 * Starts a private Caddy from a Caddyfile body (site blocks) written to a temp dir: admin endpoint off,
 * HOME/XDG dirs (its local CA, certificates, autosave) inside the temp dir, no trust-store install, no ACME.
 * `tls internal` sites get a chain from Caddy's own local CA (a private root in dir/data/caddy/pki).
 */
export async function startCaddy(sites: string, options: CaddyOptions): Promise<ServerProcess & { localRootPem(): string }> {
  if (!CADDY_BIN) throw new Error("caddy is not installed: run `npm run setup:test`");
  const dir = tempDir("wd-caddy-");
  for (const sub of ["home", "data", "config"]) mkdirSync(join(dir, sub));
  const caddyfile = `{
  admin off
  skip_install_trust
  auto_https disable_redirects
  storage file_system ${join(dir, "data", "caddy")}
  ${options.global ?? ""}
}
${sites}
`;
  writeFileSync(join(dir, "Caddyfile"), caddyfile);
  const server = await spawnServer({
    name: "caddy",
    command: CADDY_BIN,
    args: ["run", "--config", join(dir, "Caddyfile"), "--adapter", "caddyfile"],
    dir,
    env: { PATH: process.env.PATH, HOME: join(dir, "home"), XDG_DATA_HOME: join(dir, "data"), XDG_CONFIG_HOME: join(dir, "config") },
    waitFor: options.waitFor,
    ready: options.sni ? () => handshakes(options.waitFor.host, options.waitFor.port, options.sni!) : undefined,
  });
  return {
    ...server,
    localRootPem: () => readLocalRoot(dir),
  };
}

/** Caddy's local CA root (made at start when a site uses `tls internal`); "" when there is none. */
function readLocalRoot(dir: string): string {
  const path = join(dir, "data", "caddy", "pki", "authorities", "local", "root.crt");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}
