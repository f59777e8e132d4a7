import { spawn, type ChildProcess } from "node:child_process";

/**
 * A TCP port on loopback that never completes a handshake: a listener with a full accept queue drops
 * new SYNs, so a connect times out exactly as it does behind a firewall that silently drops packets.
 * Node always accepts, so a few lines of Python hold the socket.
 */
export async function startBlackhole(host: string, port: number): Promise<{ close(): void }> {
  const script = `
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(0)
fill = []
for _ in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect((sys.argv[1], int(sys.argv[2])))
    except BlockingIOError: pass
    fill.append(c)
time.sleep(0.2)
print("ready", flush=True)
time.sleep(120)
`;
  const child: ChildProcess = spawn("python3", ["-c", script, host, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("blackhole did not start")), 5_000);
    child.stdout!.once("data", () => {
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => reject(new Error(`blackhole exited ${code}`)));
  });
  return { close: () => child.kill("SIGKILL") };
}
