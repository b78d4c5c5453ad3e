import { reasonText } from '../../shared/mqtt/reasonCodes';

/**
 * Turns what mqtt.js or Node reports into a sentence a user can act on. Errors carry a string
 * `code` from Node's network stack, or a numeric reason code from a refused CONNACK.
 */
export function connectionErrorText(error: unknown, url: string, protocolVersion: 3 | 4 | 5): string {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  const code = e?.code;
  let where = url;
  try {
    const u = new URL(url);
    where = u.host;
  } catch {
    /* keep the raw url */
  }
  if (typeof code === 'number') return `The broker refused the connection: ${reasonText(code, 'connack', protocolVersion)}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}: is the broker running and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host not found: ${where}. Check the broker URL.`;
    case 'ETIMEDOUT':
      return `No answer from ${where} (timed out). Check the address and any firewall.`;
    case 'ECONNRESET':
      return `The connection to ${where} was reset by the other side.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached from this machine.`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return `The TLS certificate of ${where} is not signed by a known certificate authority: set "tls.ca" to the CA file that signed it (or turn on "insecureSkipVerify" for development only).`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return `The TLS certificate of ${where} is self-signed and not trusted: set "tls.ca" to the CA (or the certificate itself) that the broker uses (or turn on "insecureSkipVerify" for development only).`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The TLS certificate of ${where} is for another host name: connect with the host name the certificate names (${tlsReason(e)}), or fix the broker's certificate.`;
    case 'CERT_HAS_EXPIRED':
      return `The TLS certificate of ${where} has expired: the broker needs a renewed certificate (check this machine's clock too).`;
    case 'CERT_NOT_YET_VALID':
      return `The TLS certificate of ${where} is not valid yet: check this machine's clock and the certificate's dates.`;
    case 'ERR_OSSL_BAD_DECRYPT':
    case 'ERR_OSSL_EVP_BAD_DECRYPT':
      return 'The TLS client key cannot be decrypted: the key passphrase is wrong. Set it again with "TraceMQ: Set Password" → Key passphrase.';
    case 'ERR_MISSING_PASSPHRASE':
      return 'The TLS client key is encrypted: set its passphrase with "TraceMQ: Set Password" → Key passphrase.';
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
    case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
    case 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE':
      return `The TLS handshake with ${where} failed: the broker requires a client certificate. Set "tls.cert" and "tls.key" to a certificate it accepts.`;
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return `${where} refused our TLS client certificate: it is not signed by a CA the broker trusts. Check "tls.cert" and "tls.key".`;
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return `${where} does not speak TLS on that port: use mqtt:// (or ws://) for a plain listener, or the broker's TLS port.`;
    default: {
      if (typeof code === 'string' && code.startsWith('ERR_SSL_')) return `The TLS handshake with ${where} failed: ${tlsReason(e)}.`;
      const message = typeof e?.message === 'string' ? e.message : String(error);
      return `Connection to ${where} failed: ${message}`;
    }
  }
}

/** OpenSSL's own words, without the "error:0A000412:SSL routines::" prefix. */
function tlsReason(e: { message?: unknown } | undefined): string {
  const message = typeof e?.message === 'string' ? e.message : 'unknown error';
  return message.replace(/^.*?:[^:]*routines::?/, '').replace(/\.$/, '');
}

/**
 * Failures caused by what the broker sent that a reconnect would only repeat (mqtt.js closes the
 * connection for them): a packet above our Maximum Packet Size, a topic alias it cannot map.
 */
export function protocolFailureText(code: unknown, maximumPacketSize: number | undefined): string | undefined {
  if (code === 0x95) {
    return `The broker sent a packet larger than the Maximum Packet Size this profile asks for${maximumPacketSize ? ` (${maximumPacketSize.toLocaleString('en-US')} bytes)` : ''}, so the connection was closed. Raise "mqtt5.maximumPacketSize" in the profile, or find what publishes such large messages.`;
  }
  if (code === 0x94 || code === 0x82) {
    return 'The broker sent a message with a topic alias it had not set up (a broker fault: Topic alias invalid / Protocol error), so the connection was closed. Connect again; set "mqtt5.topicAliasMaximum" to 0 to turn aliases off.';
  }
  return undefined;
}

/** A server DISCONNECT (MQTT 5) in words, with its reason string and server reference when given. */
export function disconnectPacketText(code: number, reasonString: string | undefined, serverReference: string | undefined, protocolVersion: 3 | 4 | 5): string {
  return `The broker disconnected us: ${reasonText(code, 'disconnect', protocolVersion)}${reasonString ? ` — "${reasonString}"` : ''}${serverReference ? ` (server reference: ${serverReference})` : ''}`;
}

/** The server closed the socket before answering the CONNECT. */
export function closedBeforeConnackText(url: string): string {
  return `${hostOf(url)} closed the connection without answering (no CONNACK): is it an MQTT broker, and is the URL right?`;
}

/**
 * Two takeovers within a minute: another client uses this client id. An MQTT 5 broker may say so
 * (DISCONNECT 0x8E); others (MQTT 3, and mosquitto 2 on MQTT 5) only close the socket right after accepting us.
 */
export function sessionTakenOverText(clientId: string, told: boolean): string {
  const how = told ? 'the broker said "Session taken over" twice within a minute' : 'the broker closed the connection right after accepting it, twice within a minute, without saying why';
  return `Another client connected with client id "${clientId}" and took over this session (${how}). Give this profile a unique client id (or leave it out for a generated one), or close the other client.`;
}

/** `why` as a sentence followed by `next`: "…on that port? Next attempt…", never "port?. Next". */
export function thenSentence(why: string, next: string): string {
  return `${/[.?!]$/.test(why) ? why : `${why}.`} ${next}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
