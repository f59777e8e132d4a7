import ipaddr from "ipaddr.js";

export interface Address {
  address: string;
  family: 4 | 6;
}

/**
 * Why an address cannot be a webhook target. Telegram (and any cloud sender) cannot reach these,
 * and probing them from our server would let a user scan our own network.
 */
export type AddressClass = "public" | "private" | "loopback" | "link_local" | "cgnat" | "metadata" | "reserved";

const METADATA = new Set(["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"]);

export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return "reserved";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  if (METADATA.has(parsed.toString())) return "metadata";
  const range = parsed.range();
  switch (range) {
    case "unicast":
      return "public";
    case "private":
    case "uniqueLocal":
      return "private";
    case "loopback":
      return "loopback";
    case "linkLocal":
      return "link_local";
    case "carrierGradeNat":
      return "cgnat";
    default:
      return "reserved";
  }
}

export function isPublic(address: string): boolean {
  return classifyAddress(address) === "public";
}

export function familyOf(address: string): 4 | 6 {
  return address.includes(":") ? 6 : 4;
}

/** `[::1]` → `::1`; URL hosts keep IPv6 literals in brackets. */
export function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
