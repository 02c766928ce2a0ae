/**
 * Throw-away certificates made with openssl at test time: a CA, server certificates for a name
 * or an IP, client certificates for a user. Nothing is committed; each run makes its own.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface KeyPair {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export class TestCa {
  readonly dir: string;
  readonly ca: KeyPair;
  private serial = 1;

  constructor(name = "digit-verify-test-ca") {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-verify-tls-"));
    const keyFile = path.join(this.dir, "ca.key");
    const certFile = path.join(this.dir, "ca.crt");
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", `/CN=${name}`);
    this.ca = read(certFile, keyFile);
  }

  /** A certificate signed by this CA: `server` with subjectAltNames (DNS names / IPs), or `client` for a user (CN) in groups (O). */
  issue(name: string, o: { dns?: string[]; ips?: string[]; client?: boolean; groups?: string[] } = {}): KeyPair {
    const base = path.join(this.dir, `${name.replace(/[^A-Za-z0-9.-]/g, "_")}-${this.serial++}`);
    const keyFile = `${base}.key`;
    const csr = `${base}.csr`;
    const certFile = `${base}.crt`;
    const ext = `${base}.ext`;
    const subject = `/CN=${name}${(o.groups ?? []).map((g) => `/O=${g}`).join("")}`;
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", csr, "-subj", subject);
    const san = [...(o.dns ?? []).map((d) => `DNS:${d}`), ...(o.ips ?? []).map((i) => `IP:${i}`)];
    fs.writeFileSync(
      ext,
      [`basicConstraints=CA:FALSE`, `extendedKeyUsage=${o.client ? "clientAuth" : "serverAuth"}`, ...(san.length ? [`subjectAltName=${san.join(",")}`] : [])].join("\n") + "\n",
    );
    openssl("x509", "-req", "-in", csr, "-CA", this.ca.certFile, "-CAkey", this.ca.keyFile, "-set_serial", String(this.serial + 1000), "-days", "2", "-out", certFile, "-extfile", ext);
    return read(certFile, keyFile);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function openssl(...args: string[]): void {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function read(certFile: string, keyFile: string): KeyPair {
  return { cert: fs.readFileSync(certFile, "utf8"), key: fs.readFileSync(keyFile, "utf8"), certFile, keyFile };
}
