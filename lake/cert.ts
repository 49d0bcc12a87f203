/**
 * A self-signed TLS certificate for the local lake, built with node:crypto alone: an ECDSA P-256
 * key and a hand-encoded X.509 v3 certificate (DER) valid for localhost, *.localhost, 127.0.0.1
 * and ::1. Generated on first start and kept in the data folder.
 */
import {X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign} from 'node:crypto'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

export interface TlsMaterial {
  key: string
  cert: string
}

// --- minimal DER encoder -------------------------------------------------------------------------

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length])
  const bytes: number[] = []
  let rest = length
  while (rest > 0) {
    bytes.unshift(rest & 0xff)
    rest >>= 8
  }
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content])
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items))
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items))
const octetString = (content: Buffer): Buffer => tlv(0x04, content)
const bitString = (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content]))
const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'))
const contextExplicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content)
const booleanTrue = (): Buffer => tlv(0x01, Buffer.from([0xff]))

function integer(bytes: Buffer): Buffer {
  let content = bytes
  while (content.length > 1 && content[0] === 0 && (content[1] & 0x80) === 0) content = content.subarray(1)
  if (content[0] & 0x80) content = Buffer.concat([Buffer.from([0]), content])
  return tlv(0x02, content)
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const bytes: number[] = [parts[0] * 40 + parts[1]]
  for (const part of parts.slice(2)) {
    const chunk: number[] = []
    let rest = part
    do {
      chunk.unshift(rest & 0x7f)
      rest = Math.floor(rest / 128)
    } while (rest > 0)
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

function utcTime(date: Date): Buffer {
  const pad = (n: number) => String(n).padStart(2, '0')
  const text =
    `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  return tlv(0x17, Buffer.from(text, 'ascii'))
}

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    // Only the forms used here ("::1").
    const buf = Buffer.alloc(16)
    if (ip === '::1') buf[15] = 1
    return buf
  }
  return Buffer.from(ip.split('.').map(Number))
}

// --- certificate ---------------------------------------------------------------------------------

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2'
const OID_COMMON_NAME = '2.5.4.3'
const OID_ORGANIZATION = '2.5.4.10'
const OID_SUBJECT_ALT_NAME = '2.5.29.17'
const OID_BASIC_CONSTRAINTS = '2.5.29.19'
const OID_KEY_USAGE = '2.5.29.15'
const OID_EXT_KEY_USAGE = '2.5.29.37'
const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1'

/** Wildcards over a single label (`*.localhost`) are refused by Node's TLS client, so project hosts are listed too. */
export const CERT_DNS_NAMES = ['localhost', '*.localhost', 'localdev.localhost']
export const CERT_IPS = ['127.0.0.1', '::1']

/** Builds a fresh key and self-signed certificate (PEM). */
export function createSelfSignedCertificate(extraDnsNames: string[] = [], days = 825): TlsMaterial {
  const dnsNames = [...new Set([...CERT_DNS_NAMES, ...extraDnsNames])]
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'prime256v1'})
  const spki = publicKey.export({type: 'spki', format: 'der'})
  const name = sequence(
    set(sequence(oid(OID_ORGANIZATION), utf8String('Local Content Lake'))),
    set(sequence(oid(OID_COMMON_NAME), utf8String('localhost'))),
  )
  const now = new Date()
  const notBefore = new Date(now.getTime() - 24 * 3600 * 1000)
  const notAfter = new Date(now.getTime() + days * 24 * 3600 * 1000)
  const serial = randomBytes(16)
  serial[0] &= 0x7f
  const altNames = Buffer.concat([
    ...dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    ...CERT_IPS.map((ip) => tlv(0x87, ipBytes(ip))),
  ])
  const extensions = contextExplicit(
    3,
    sequence(
      sequence(oid(OID_BASIC_CONSTRAINTS), booleanTrue(), octetString(sequence(booleanTrue()))),
      // digitalSignature (bit 0) and keyCertSign (bit 5): 0b10000100, 2 unused bits
      sequence(oid(OID_KEY_USAGE), booleanTrue(), octetString(tlv(0x03, Buffer.from([0x02, 0x84])))),
      sequence(oid(OID_EXT_KEY_USAGE), octetString(sequence(oid(OID_SERVER_AUTH)))),
      sequence(oid(OID_SUBJECT_ALT_NAME), octetString(tlv(0x30, altNames))),
    ),
  )
  const signatureAlgorithm = sequence(oid(OID_ECDSA_SHA256))
  const tbs = sequence(
    contextExplicit(0, integer(Buffer.from([2]))),
    integer(serial),
    signatureAlgorithm,
    name,
    sequence(utcTime(notBefore), utcTime(notAfter)),
    name,
    Buffer.from(spki),
    extensions,
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = sequence(tbs, signatureAlgorithm, bitString(signature))
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trim()
  const cert = `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`
  const key = privateKey.export({type: 'pkcs8', format: 'pem'}).toString()
  // Parse it back: throws if the encoding above is wrong.
  const parsed = new X509Certificate(cert)
  if (!parsed.verify(publicKey)) throw new Error('Generated certificate does not verify')
  return {key, cert}
}

function usable(material: TlsMaterial, dnsNames: string[]): boolean {
  try {
    const parsed = new X509Certificate(material.cert)
    const names = parsed.subjectAltName ?? ''
    if (!dnsNames.every((dns) => names.includes(`DNS:${dns}`))) return false
    return new Date(parsed.validTo).getTime() > Date.now() + 24 * 3600 * 1000 && parsed.checkPrivateKey(createPrivateKey(material.key))
  } catch {
    return false
  }
}

/** Reads `tls-key.pem`/`tls-cert.pem` from the data folder, creating them when missing or expired. */
export function loadOrCreateCertificate(dataDir: string, extraDnsNames: string[] = []): TlsMaterial & {certFile: string} {
  const keyFile = path.join(dataDir, 'tls-key.pem')
  const certFile = path.join(dataDir, 'tls-cert.pem')
  if (existsSync(keyFile) && existsSync(certFile)) {
    const material = {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8')}
    if (usable(material, [...CERT_DNS_NAMES, ...extraDnsNames])) return {...material, certFile}
  }
  const material = createSelfSignedCertificate(extraDnsNames)
  writeFileSync(keyFile, material.key, {mode: 0o600})
  writeFileSync(certFile, material.cert)
  return {...material, certFile}
}
