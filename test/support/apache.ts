import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnServer, type ServerProcess } from "./server-process.js";
import { tempDir } from "./temp.js";

/** Debian's Apache httpd (2.4); tests that need it install it with `npm run setup:test`. */
export const APACHE_BIN = ["/usr/sbin/apache2", "/usr/sbin/httpd"].find((p) => existsSync(p));
const MODULES_DIR = "/usr/lib/apache2/modules";

/** What the starter loads; tests add more with `modules`. */
const BASE_MODULES = ["mpm_event", "authz_core", "proxy", "proxy_http", "ssl", "socache_shmcb", "headers"];

export interface ApacheOptions {
  waitFor: { host: string; port: number };
  /** Extra modules by short name (e.g. "rewrite"), loaded from /usr/lib/apache2/modules. */
  modules?: string[];
}

/**
 * Starts a private Apache httpd (`apache2 -f conf -DFOREGROUND`) from server-level directives (Listen,
 * VirtualHost, ...) written to a temp dir: explicit LoadModule lines, its own ServerRoot, PidFile, ErrorLog and
 * mutex dir, no /etc/apache2. One event-MPM child. Defaults left as Apache ships them (KeepAliveTimeout 5,
 * Timeout 60) unless the body changes them.
 */
export async function startApache(body: string, options: ApacheOptions): Promise<ServerProcess & { errorLog(): string }> {
  if (!APACHE_BIN) throw new Error("apache2 is not installed: run `npm run setup:test`");
  const dir = tempDir("wd-apache-");
  // Children run as www-data and must reach the mutex and socket files in here.
  chmodSync(dir, 0o755);
  const modules = [...new Set([...BASE_MODULES, ...(options.modules ?? [])])];
  const conf = `ServerRoot ${dir}
${modules.map((m) => `LoadModule ${m}_module ${MODULES_DIR}/mod_${m}.so`).join("\n")}
ServerName localhost
PidFile ${join(dir, "apache.pid")}
ErrorLog ${join(dir, "error.log")}
LogLevel warn
DefaultRuntimeDir ${dir}
Mutex file:${dir} default
User www-data
Group www-data
StartServers 1
ServerLimit 1
MinSpareThreads 1
MaxSpareThreads 25
ThreadsPerChild 25
MaxRequestWorkers 25
SSLSessionCache shmcb:${join(dir, "ssl_scache")}(512000)
SSLRandomSeed startup builtin
${body}
`;
  writeFileSync(join(dir, "apache.conf"), conf);
  const errorLog = () => {
    const path = join(dir, "error.log");
    return existsSync(path) ? readFileSync(path, "utf8") : "";
  };
  const server = await spawnServer({
    name: "apache2",
    command: APACHE_BIN,
    args: ["-f", join(dir, "apache.conf"), "-DFOREGROUND"],
    dir,
    // No APACHE_CONFDIR etc.: nothing from /etc/apache2 is read.
    env: { PATH: process.env.PATH, LANG: "C" },
    waitFor: options.waitFor,
    diagnostics: errorLog,
  });
  return { ...server, errorLog };
}
