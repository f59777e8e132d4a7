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
  if (parsed.kind() === "ipv6") parsed = embeddedIPv4(parsed as ipaddr.IPv6) ?? parsed;
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

/**
 * The IPv4 address an IPv6 form carries, where reaching the IPv6 address means reaching that IPv4 one
 * (or is meant to): IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96), the deprecated
 * IPv4-compatible form (::/96, e.g. `https://[::127.0.0.1]/`, which URL parsing turns into `::7f00:1`),
 * NAT64's well-known prefix (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16). Such an address is exactly as
 * private as the IPv4 address inside it. `::` and `::1` are themselves, not IPv4 0.0.0.0 and 0.0.0.1.
 */
function embeddedIPv4(v6: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = v6.parts;
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (zeros(0, 5) && p[5] === 0xffff) return v4(p[6], p[7]); // mapped
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return v4(p[6], p[7]); // translated
  if (zeros(0, 6) && !(p[6] === 0 && p[7] <= 1)) return v4(p[6], p[7]); // compatible
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return v4(p[6], p[7]); // NAT64 well-known prefix
  if (p[0] === 0x2002) return v4(p[1], p[2]); // 6to4
  return undefined;
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
