import { Socket } from "node:net";
import type { Address } from "./addresses.js";

export interface TcpObservation {
  address: Address;
  port: number;
  outcome: "connected" | "refused" | "timeout" | "unreachable" | "error";
  errorCode?: string;
  duration_ms: number;
}

/**
 * Opens one TCP connection to exactly this address and closes it, unless `keep` takes the connected socket
 * (the TLS probe then upgrades it instead of connecting again).
 */
export function probeTcp(address: Address, port: number, timeoutMs: number, signal?: AbortSignal, keep?: (socket: Socket) => void): Promise<TcpObservation> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = new Socket();
    let settled = false;
    const finish = (outcome: TcpObservation["outcome"], errorCode?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (outcome === "connected" && keep) keep(socket);
      else socket.destroy();
      resolve({ address, port, outcome, errorCode, duration_ms: Date.now() - started });
    };
    const onAbort = () => finish("timeout", "ABORTED");
    const timer = setTimeout(() => finish("timeout", "ETIMEDOUT"), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => finish("connected"));
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const code = error.code ?? "EUNKNOWN";
      if (code === "ECONNREFUSED") finish("refused", code);
      else if (code === "ETIMEDOUT") finish("timeout", code);
      else if (code === "ENETUNREACH" || code === "EHOSTUNREACH" || code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT") finish("unreachable", code);
      else finish("error", code);
    });
    socket.connect({ host: address.address, port, family: address.family });
  });
}
