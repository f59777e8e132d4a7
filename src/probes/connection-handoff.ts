import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Dispatcher } from "undici";
import type { PinnedEndpoint } from "../model.js";
import { pinnedAgent } from "./connect.js";

/**
 * One check, one connection where the protocol allows, as curl makes: the TCP probe's socket is
 * upgraded by the TLS probe, and the TLS probe's socket carries the first HTTP request. Each probe still
 * observes its own layer; the handoff only saves opening the connection again (a round trip for TCP, one
 * or two more for TLS: at a real distance, that doubled a quick check's time).
 *
 * A socket is handed on only to the next probe of the same address and port (and, for TLS, the same
 * server name), only while it is still open; anything not taken is destroyed by close().
 */
export class ConnectionHandoff {
  private readonly tcp = new Map<string, Socket>();
  private readonly tls = new Map<string, TLSSocket>();
  private readonly agents = new Map<string, Dispatcher>();
  private readonly reused = new Set<string>();
  /** The TLS error a handed-on socket met while carrying HTTP (undici itself reports only "other side closed"). */
  private readonly tlsErrors = new Map<string, string>();
  private closed = false;

  /** Keeps a connected TCP socket for the TLS probe of the same address and port. */
  keepTcp(address: string, port: number, socket: Socket): void {
    this.keep(this.tcp, `${address}|${port}`, socket);
  }

  takeTcp(address: string, port: number): Socket | undefined {
    return this.take(this.tcp, `${address}|${port}`);
  }

  /** Keeps a TLS socket whose handshake the TLS probe has observed, for the first HTTP request. */
  keepTls(ep: PinnedEndpoint, socket: TLSSocket): void {
    this.keep(this.tls, tlsKey(ep), socket);
  }

  /**
   * One HTTP dispatcher per endpoint and check: its first connection is the TLS probe's socket when one
   * was kept, later ones (after the server closes, or for a second concurrent request) are new.
   */
  dispatcher(ep: PinnedEndpoint, opts: { connectTimeoutMs: number; extraCa?: string[] }): Dispatcher {
    const key = `${tlsKey(ep)}|${(opts.extraCa ?? []).join("\u0000")}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = pinnedAgent({ pin: ep.address, connectTimeoutMs: opts.connectTimeoutMs, extraCa: opts.extraCa, handoff: () => this.handOver(ep) });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Whether a request to this endpoint went over the TLS probe's connection (see checkHttp's retry). */
  reusedConnection(ep: PinnedEndpoint): boolean {
    return this.reused.has(tlsKey(ep));
  }

  /** Node's code of the TLS error the reused connection met (e.g. a TLS 1.3 server's certificate_required alert). */
  tlsErrorOf(ep: PinnedEndpoint): string | undefined {
    return this.tlsErrors.get(tlsKey(ep));
  }

  private handOver(ep: PinnedEndpoint): TLSSocket | undefined {
    const socket = this.take(this.tls, tlsKey(ep));
    if (!socket) return undefined;
    this.reused.add(tlsKey(ep));
    socket.once("error", (error: NodeJS.ErrnoException) => error.code?.startsWith("ERR_SSL") && this.tlsErrors.set(tlsKey(ep), error.code));
    return socket;
  }

  /** Destroys whatever was not taken and every dispatcher's connections. */
  async close(): Promise<void> {
    this.closed = true;
    for (const socket of [...this.tcp.values(), ...this.tls.values()]) socket.destroy();
    this.tcp.clear();
    this.tls.clear();
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.destroy().catch(() => undefined)));
  }

  private keep<S extends Socket>(map: Map<string, S>, key: string, socket: S): void {
    if (this.closed || socket.destroyed) return void socket.destroy();
    map.get(key)?.destroy();
    // An idle socket with no listener would crash the process on a late error (a reset while parked).
    socket.on("error", ignore);
    socket.once("close", () => map.get(key) === socket && map.delete(key));
    map.set(key, socket);
  }

  private take<S extends Socket>(map: Map<string, S>, key: string): S | undefined {
    const socket = map.get(key);
    map.delete(key);
    if (!socket) return undefined;
    socket.off("error", ignore);
    if (socket.destroyed || !socket.writable || socket.readableEnded) {
      socket.destroy();
      return undefined;
    }
    return socket;
  }
}

const ignore = () => undefined;
const tlsKey = (ep: PinnedEndpoint) => `${ep.address.address}|${ep.port}|${ep.host}`;
