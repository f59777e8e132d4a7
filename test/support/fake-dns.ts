import { createSocket, type Socket } from "node:dgram";
import { isIP } from "node:net";

/**
 * A tiny authoritative DNS server over UDP on loopback, so DNS tests exercise the real resolver code
 * path (c-ares, wire format, NXDOMAIN vs NODATA) without any traffic leaving the machine.
 * Zone: name → list of IPv4/IPv6 addresses. Unknown names get NXDOMAIN; known names without a record
 * of the asked type get an empty NOERROR answer (NODATA).
 */
export class FakeDns {
  private socket?: Socket;
  server = "";

  constructor(private readonly zone: Record<string, string[]>) {}

  set(name: string, addresses: string[]): void {
    this.zone[name.toLowerCase()] = addresses;
  }

  async start(host = "127.0.0.1"): Promise<string> {
    const socket = createSocket("udp4");
    this.socket = socket;
    socket.on("message", (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, host, resolve));
    this.server = `${host}:${socket.address().port}`;
    return this.server;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.socket ? this.socket.close(() => resolve()) : resolve()));
  }

  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 17) return undefined;
    // Question name: length-prefixed labels from offset 12.
    const labels: string[] = [];
    let offset = 12;
    while (offset < query.length && query[offset] !== 0) {
      const len = query[offset];
      labels.push(query.subarray(offset + 1, offset + 1 + len).toString("ascii"));
      offset += len + 1;
    }
    const questionEnd = offset + 5; // zero byte + QTYPE + QCLASS
    const qtype = query.readUInt16BE(offset + 1);
    const name = labels.join(".").toLowerCase();
    const known = Object.prototype.hasOwnProperty.call(this.zone, name);
    const wanted = qtype === 1 ? 4 : qtype === 28 ? 6 : 0;
    const records = known ? this.zone[name].filter((a) => isIP(a) === wanted) : [];

    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | (known ? 0 : 3), 2); // QR, AA, RD echoed, RCODE
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    const answers = records.map((address) => {
      const rdata = wanted === 4 ? Buffer.from(address.split(".").map(Number)) : ipv6Bytes(address);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
  }
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split("::");
  const parse = (s: string | undefined) => (s ? s.split(":").map((h) => parseInt(h, 16)) : []);
  const h = parse(head);
  const tl = tail !== undefined ? parse(tail) : [];
  const groups = [...h, ...Array(8 - h.length - tl.length).fill(0), ...tl];
  const buf = Buffer.alloc(16);
  groups.forEach((g, i) => buf.writeUInt16BE(g, i * 2));
  return buf;
}
