import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** File paths of a test PKI, all in one temp folder (`dir`). */
export interface TestCerts {
  dir: string;
  /** The CA that signed the server and client certificates. */
  ca: string;
  /** An unrelated CA: verifying the server with it must fail. */
  otherCa: string;
  /** Server certificate for 127.0.0.1 and localhost, signed by `ca`. */
  serverCert: string;
  serverKey: string;
  /** Server certificate for other.example only, signed by `ca`: a host name mismatch at 127.0.0.1. */
  wrongHostCert: string;
  wrongHostKey: string;
  /** Client certificate (CN tracemq-client), signed by `ca`. */
  clientCert: string;
  clientKey: string;
  /** The same client key, encrypted (AES-256) with `passphrase`. */
  clientKeyEncrypted: string;
  passphrase: string;
  remove(): void;
}

const openssl = (args: string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
};

/** Generates a CA, a server and a client certificate with the system's openssl (EC P-256: fast). */
export function generateCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'tracemq-certs-'));
  const days = ['-days', '2'];
  const newKey = (name: string): void => {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name], dir);
  };
  const makeCa = (name: string, cn: string): void => {
    newKey(`${name}.key`);
    openssl(['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, ...days, '-out', `${name}.pem`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  };
  const sign = (name: string, cn: string, ext: string): void => {
    newKey(`${name}.key`);
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', ...days,
      '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
  };
  makeCa('ca', 'TraceMQ Test CA');
  makeCa('other-ca', 'Unrelated Test CA');
  sign('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  sign('wrong-host', 'other.example', 'subjectAltName=DNS:other.example\nextendedKeyUsage=serverAuth\n');
  sign('client', 'tracemq-client', 'extendedKeyUsage=clientAuth\n');
  const passphrase = 'open sesame';
  openssl(['pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${passphrase}`, '-out', 'client-encrypted.key'], dir);
  const at = (f: string): string => join(dir, f);
  return {
    dir,
    ca: at('ca.pem'),
    otherCa: at('other-ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    wrongHostCert: at('wrong-host.pem'),
    wrongHostKey: at('wrong-host.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    clientKeyEncrypted: at('client-encrypted.key'),
    passphrase,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
