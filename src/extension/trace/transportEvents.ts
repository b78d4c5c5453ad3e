import type { Socket } from 'node:net';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { JsonObject } from '../../shared/json/jsonValue';
import type { TransportType } from '../../shared/trace/traceEntry';
import type { Disposable } from '../base/emitter';

/** Where transport events go: the trace records each as an entry. */
export type TransportSink = (type: TransportType, summary: string, fields: JsonObject) => void;

/** Request header names whose values are secrets: shown as "set", never as written. */
const SECRET_HEADER = /auth|token|secret|pass|cookie|key|session|signature|credential/i;

/**
 * Watches the socket mqtt.js connects through (a net.Socket, or a TLSSocket for mqtts) for the
 * name resolution, the TCP connection, the TLS handshake and the close. Listeners are removed by
 * `dispose` (or go with the socket).
 */
export function watchSocket(socket: Socket, sink: TransportSink, closedByUs: () => boolean): Disposable {
  let lookup: JsonObject | undefined;
  let error: string | undefined;
  const onLookup = (err: Error | null, address: string, family: number | string | null, host: string): void => {
    lookup = err ? { host, error: err.message } : { host, address, family: family ?? '' };
  };
  const onConnect = (): void => {
    sink('tcp', tcpSummary(socket, lookup), tcpFields(socket, lookup));
  };
  const onSecure = (): void => {
    // Only a TLSSocket emits secureConnect.
    const { summary, fields } = tlsOf(socket as unknown as TLSSocket);
    sink('tls', summary, fields);
  };
  const onError = (e: Error): void => {
    error = e.message;
  };
  const onClose = (hadError: boolean): void => {
    const by = closedByUs() ? 'client' : hadError || error !== undefined ? 'error' : 'broker';
    const fields: JsonObject = { by };
    if (error !== undefined) fields.error = error;
    sink('close', `closed by ${by === 'error' ? 'an error' : `the ${by}`}${error !== undefined ? `: ${error}` : ''}`, fields);
  };
  socket.on('lookup', onLookup);
  socket.on('connect', onConnect);
  socket.on('secureConnect', onSecure);
  socket.on('error', onError);
  socket.on('close', onClose);
  return {
    dispose: () => {
      socket.off('lookup', onLookup);
      socket.off('connect', onConnect);
      socket.off('secureConnect', onSecure);
      socket.off('error', onError);
      socket.off('close', onClose);
    },
  };
}

/** The entries of a WebSocket upgrade: its TCP connection and TLS handshake (already done), then the upgrade itself. */
export function recordUpgrade(response: IncomingMessage, requestHeaders: Record<string, unknown>, path: string, sink: TransportSink): void {
  const socket = response.socket;
  sink('tcp', tcpSummary(socket, undefined), tcpFields(socket, undefined));
  if ((socket as { encrypted?: unknown }).encrypted === true) {
    const { summary, fields } = tlsOf(socket as unknown as TLSSocket);
    sink('tls', summary, fields);
  }
  const fields: JsonObject = {
    path,
    status: response.statusCode ?? 0,
    statusMessage: response.statusMessage ?? '',
    requestHeaders: maskedHeaders(requestHeaders),
    responseHeaders: plainHeaders(response.headers),
  };
  const protocol = response.headers['sec-websocket-protocol'];
  sink('websocket', `${path} → ${response.statusCode ?? '?'} ${response.statusMessage ?? ''}${protocol ? ` · ${protocol}` : ''}`.trim(), fields);
}

/** Request headers with secret-looking values replaced by "set". */
export function maskedHeaders(headers: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADER.test(name) && name.toLowerCase() !== 'sec-websocket-key' ? 'set' : headerText(value);
  }
  return out;
}

function headerText(value: unknown): string {
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function plainHeaders(headers: IncomingMessage['headers']): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function tcpFields(socket: Socket, lookup: JsonObject | undefined): JsonObject {
  const fields: JsonObject = {
    localAddress: socket.localAddress ?? '',
    localPort: socket.localPort ?? 0,
    remoteAddress: socket.remoteAddress ?? '',
    remotePort: socket.remotePort ?? 0,
  };
  if (lookup) fields.lookup = lookup;
  return fields;
}

function tcpSummary(socket: Socket, lookup: JsonObject | undefined): string {
  const resolved = lookup && typeof lookup.host === 'string' && lookup.host !== socket.remoteAddress ? `${lookup.host} → ` : '';
  return `${resolved}${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'} from ${socket.localAddress ?? '?'}:${socket.localPort ?? '?'}`;
}

function tlsOf(socket: TLSSocket): { summary: string; fields: JsonObject } {
  const cipher = socket.getCipher();
  const chain = certificateChain(socket.getPeerCertificate(true));
  const servername = (socket as TLSSocket & { servername?: unknown }).servername;
  const protocol = socket.getProtocol() ?? '';
  const fields: JsonObject = {
    protocol,
    cipher: cipher.name,
    alpn: socket.alpnProtocol === false || socket.alpnProtocol === null ? 'none' : socket.alpnProtocol,
    servername: typeof servername === 'string' ? servername : 'not sent',
    authorized: socket.authorized,
    chain,
  };
  // Typed as Error, but Node hands over the OpenSSL code as a string (e.g. SELF_SIGNED_CERT_IN_CHAIN).
  const why = socket.authorizationError as Error | string | null | undefined;
  const whyText = why == null ? undefined : typeof why === 'string' ? why : why.message;
  if (whyText !== undefined) fields.authorizationError = whyText;
  const verdict = socket.authorized ? 'verified' : `not verified: ${whyText ?? 'unknown reason'}`;
  const leafSubject = chain[0]?.subject;
  return { summary: `${protocol} · ${cipher.name} · ${typeof leafSubject === 'string' ? leafSubject : 'no certificate'} · ${verdict}`, fields };
}

/** The server's certificate chain, leaf first, until a self-signed root (Node links it to itself). */
function certificateChain(leaf: DetailedPeerCertificate | undefined): JsonObject[] {
  const chain: JsonObject[] = [];
  const seen = new Set<string>();
  for (let cert = leaf; cert && Object.keys(cert).length > 0 && !seen.has(cert.fingerprint256); cert = cert.issuerCertificate) {
    seen.add(cert.fingerprint256);
    const item: JsonObject = {
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      validFrom: cert.valid_from,
      validTo: cert.valid_to,
      fingerprint256: cert.fingerprint256,
      serialNumber: cert.serialNumber,
    };
    if (cert.subjectaltname) item.subjectAltNames = cert.subjectaltname.split(', ');
    chain.push(item);
  }
  return chain;
}

function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}
