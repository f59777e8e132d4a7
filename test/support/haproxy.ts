import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer, type ServerProcess } from "./server-process.js";
import { tempDir } from "./temp.js";

/** Debian's HAProxy (2.6); tests that need it install it with `npm run setup:test`. */
export const HAPROXY_BIN = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy"].find((p) => existsSync(p));

/**
 * Starts a private HAProxy in the foreground (`-db`) from `frontend`/`backend` sections written to a temp dir,
 * with its own pid file and no system config. `global` and `defaults` are given (http mode, short connect
 * timeout, client idle 75 s, server 60 s; a test overrides them in its own sections); logs go to stderr.
 * For TLS, `bind ADDR:443 ssl crt <file>` wants one PEM with the certificate, its chain and the key: see
 * writeHaproxyPem.
 */
export async function startHaproxy(sections: string, waitFor: { host: string; port: number }, defaults = ""): Promise<ServerProcess> {
  if (!HAPROXY_BIN) throw new Error("haproxy is not installed: run `npm run setup:test`");
  const dir = tempDir("wd-haproxy-");
  const config = `global
  pidfile ${join(dir, "haproxy.pid")}
  log stderr format short local0 info
  maxconn 256

defaults
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 75s
  timeout server 60s
  ${defaults}

${sections}
`;
  writeFileSync(join(dir, "haproxy.cfg"), config);
  return spawnServer({ name: "haproxy", command: HAPROXY_BIN, args: ["-db", "-f", join(dir, "haproxy.cfg")], dir, waitFor });
}

/** One PEM file with certificate, chain and key, as HAProxy's `crt` wants it; returns its path (inside `dir`). */
export function writeHaproxyPem(dir: string, leaf: { cert: string; chain: string[]; key: string }): string {
  const path = join(dir, "haproxy.pem");
  writeFileSync(path, [leaf.cert, ...leaf.chain, leaf.key].join("\n"));
  return path;
}
