import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tempDir } from "./temp.js";

/** Debian's nginx; tests that need it install it with `npm run setup:test`. */
export const NGINX_BIN = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));

export interface Nginx {
  stop(): Promise<void>;
}

/**
 * Starts a private nginx (own prefix, pid, logs and temp dirs in a temporary folder, in the foreground)
 * with the given `http { ... }` body, and waits until `waitFor` (address:port) accepts connections.
 */
export async function startNginx(httpBody: string, waitFor: { host: string; port: number }): Promise<Nginx> {
  if (!NGINX_BIN) throw new Error("nginx is not installed: run `npm run setup:test`");
  const dir = tempDir("wd-nginx-");
  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${httpBody}
}`;
  writeFileSync(join(dir, "nginx.conf"), conf);
  const child: ChildProcess = spawn(NGINX_BIN, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(waitFor.host, waitFor.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`nginx did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    async stop() {
      child.kill("SIGTERM");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          resolve();
        }, 3_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** Writes PEMs into files nginx can read; returns their paths. */
export function writePems(files: Record<string, string>): Record<string, string> {
  const dir = tempDir("wd-pem-");
  return Object.fromEntries(Object.entries(files).map(([name, pem]) => [name, (writeFileSync(join(dir, name), pem), join(dir, name))]));
}
