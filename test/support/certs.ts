import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/**
 * Certificate factory for tests: a local PKI (root CA → intermediate CA → leaves) generated in memory.
 *
 *   const pki = await testPki();                       // cached per process
 *   const ok = await issueLeaf("ok.test");             // signed by the intermediate, valid 90 days
 *   serve ok.key with [ok.cert, ...ok.chain]            // full chain: what a correct server sends
 *   serve ok.key with [ok.cert]                         // incomplete chain (intermediate missing)
 *   trust pki.root.cert (e.g. options.extraCa: [pki.root.cert])
 *
 * Recipes for the usual failure modes:
 *   issueLeaf(host, { notAfter: daysFromNow(-1) })                        expired
 *   issueLeaf(host, { notBefore: daysFromNow(2) })                        not yet valid
 *   issueLeaf(host, { issuer: "self" })                                   self-signed
 *   issueLeaf(host, { names: ["other.test"] })                            for another host
 *   issueLeaf(host, { notBefore: daysFromNow(-85), notAfter: daysFromNow(5) })  expiring in 5 days (of 90)
 *   issueLeaf(host, { issuer: "root" })                                   issued by the root directly (no chain needed)
 *
 * Every leaf issued by the intermediate carries an AIA "CA Issuers" URL (INTERMEDIATE_AIA_URL) that
 * nothing ever fetches: it exists so tests can check that diagnostics name it.
 * Keys are ECDSA P-256 (fast to generate); everything is PEM.
 */

export interface KeyAndCert {
  /** PKCS#8 private key, PEM. */
  key: string;
  /** Certificate, PEM. */
  cert: string;
}

export interface Leaf extends KeyAndCert {
  /** Issuing certificates a server should send after the leaf (empty for self-signed and root-issued leaves). */
  chain: string[];
}

export interface TestPki {
  root: KeyAndCert;
  intermediate: KeyAndCert;
}

export interface LeafOptions {
  /** Who signs: the intermediate (default), the root, or the leaf itself. */
  issuer?: "intermediate" | "root" | "self";
  /** Names the certificate covers (DNS names or IP literals); default: [host]. */
  names?: string[];
  /** Default: one day ago. */
  notBefore?: Date;
  /** Default: 90 days from now. */
  notAfter?: Date;
  /** AIA caIssuers URL; default INTERMEDIATE_AIA_URL for intermediate-issued leaves, none otherwise. */
  aiaUrl?: string | null;
}

/** Where the intermediate "would" be published. Never served, never fetched. */
export const INTERMEDIATE_AIA_URL = "http://127.0.0.1/ca/intermediate.crt";

const DAY_MS = 86_400_000;
const ALGORITHM: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A date `days` days from now (negative for the past). */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}

interface Authority extends KeyAndCert {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

let pkiPromise: Promise<{ root: Authority; intermediate: Authority }> | undefined;

/** The process-wide root and intermediate CA (generated once). */
export async function testPki(): Promise<TestPki> {
  const { root, intermediate } = await authorities();
  return { root: { key: root.key, cert: root.cert }, intermediate: { key: intermediate.key, cert: intermediate.cert } };
}

/** Issues a leaf for `host` (server-auth certificate with the host in its SAN). */
export async function issueLeaf(host: string, options: LeafOptions = {}): Promise<Leaf> {
  const issuerKind = options.issuer ?? "intermediate";
  const keys = await generateKeys();
  const subject = `CN=${host}`;
  const names = options.names ?? [host];
  const aiaUrl = options.aiaUrl === undefined ? (issuerKind === "intermediate" ? INTERMEDIATE_AIA_URL : null) : options.aiaUrl;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(names.map((n) => (isIpLiteral(n) ? { type: "ip" as const, value: n } : { type: "dns" as const, value: n }))),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (aiaUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ caIssuers: new x509.GeneralName("url", aiaUrl) }));

  const validity = { notBefore: options.notBefore ?? daysFromNow(-1), notAfter: options.notAfter ?? daysFromNow(90) };
  let certificate: x509.X509Certificate;
  let chain: string[] = [];
  if (issuerKind === "self") {
    certificate = await x509.X509CertificateGenerator.createSelfSigned({ name: subject, keys, extensions, signingAlgorithm: ALGORITHM, ...validity, serialNumber: serial() });
  } else {
    const { root, intermediate } = await authorities();
    const issuer = issuerKind === "root" ? root : intermediate;
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
    certificate = await x509.X509CertificateGenerator.create({
      subject,
      issuer: issuer.certificate.subject,
      publicKey: keys.publicKey,
      signingKey: issuer.keys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions,
      serialNumber: serial(),
      ...validity,
    });
    if (issuerKind === "intermediate") chain = [intermediate.cert];
  }
  return { key: await privateKeyPem(keys), cert: certificate.toString("pem"), chain };
}

function authorities() {
  pkiPromise ??= (async () => {
    const root = await createAuthority("CN=Webhook Doctor Test Root CA, O=Webhook Doctor Tests");
    const intermediate = await createAuthority("CN=Webhook Doctor Test Intermediate CA, O=Webhook Doctor Tests", root);
    return { root, intermediate };
  })();
  return pkiPromise;
}

async function createAuthority(name: string, parent?: Authority): Promise<Authority> {
  const keys = await generateKeys();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, parent ? 0 : undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const validity = { notBefore: daysFromNow(-30), notAfter: daysFromNow(3650) };
  const certificate = parent
    ? await x509.X509CertificateGenerator.create({
        subject: name,
        issuer: parent.certificate.subject,
        publicKey: keys.publicKey,
        signingKey: parent.keys.privateKey,
        signingAlgorithm: ALGORITHM,
        extensions: [...extensions, await x509.AuthorityKeyIdentifierExtension.create(parent.keys.publicKey)],
        serialNumber: serial(),
        ...validity,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ name, keys, extensions, signingAlgorithm: ALGORITHM, serialNumber: serial(), ...validity });
  return { keys, certificate, cert: certificate.toString("pem"), key: await privateKeyPem(keys) };
}

function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
}

async function privateKeyPem(keys: CryptoKeyPair): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

/** Positive random 16-byte serial (the top bit cleared so DER does not read it as negative). */
function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return Buffer.from(bytes).toString("hex");
}

function isIpLiteral(name: string): boolean {
  return /^[\d.]+$/.test(name) || name.includes(":");
}
