/**
 * The few types that probes, the diagnosis, the monitor and the bot all speak. Kept here, apart from any
 * one layer, so probes import nothing from diagnosis/ (they observe; they never judge).
 */
import type { Address } from "./probes/addresses.js";

export type Platform = "telegram" | "whatsapp" | "generic";

/** A target pinned to one address that the DNS step already resolved and approved. */
export interface PinnedEndpoint {
  url: URL;
  host: string;
  port: number;
  address: Address;
}
