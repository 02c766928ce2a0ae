import * as net from "node:net";

/**
 * A PostgreSQL server that speaks just enough of the wire protocol (v3, simple query, COPY FROM
 * STDIN, cleartext password) for the real psql client to run a script against it. It executes
 * nothing: it records what psql sends and answers from `respond`. Lets tests run the backbone's
 * restore and setup scripts through psql on a machine without a PostgreSQL server.
 */
export interface FakeReply {
  /** rows of text columns to return (a SELECT) */
  rows?: string[][];
  /** an ERROR with this message */
  error?: string;
}

export interface FakeSession {
  params: Record<string, string>;
  password?: string;
  /** every statement, in order; COPY data is in `copies` */
  queries: string[];
  copies: Array<{ statement: string; data: string }>;
  terminated: boolean;
}

export interface FakePostgres {
  port: number;
  sessions: FakeSession[];
  close(): Promise<void>;
}

export async function startFakePostgres(opts: { password: string; respond?: (query: string) => FakeReply | undefined }): Promise<FakePostgres> {
  const sessions: FakeSession[] = [];
  const server = net.createServer((socket) => {
    const session: FakeSession = { params: {}, queries: [], copies: [], terminated: false };
    sessions.push(session);
    let buf = Buffer.alloc(0);
    let phase: "startup" | "password" | "ready" | "copy" = "startup";
    let txn: "I" | "T" | "E" = "I";
    let copy = { statement: "", chunks: [] as Buffer[] };

    const msg = (type: string, body: Buffer) => {
      const head = Buffer.alloc(5);
      head.write(type, 0, "latin1");
      head.writeInt32BE(body.length + 4, 1);
      socket.write(Buffer.concat([head, body]));
    };
    const int32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(n);
      return b;
    };
    const int16 = (n: number) => {
      const b = Buffer.alloc(2);
      b.writeInt16BE(n);
      return b;
    };
    const cstr = (s: string) => Buffer.from(s + "\0", "utf8");
    const ready = () => msg("Z", Buffer.from(txn, "latin1"));
    const error = (severity: string, code: string, message: string) =>
      msg("E", Buffer.concat([cstr("S" + severity), cstr("V" + severity), cstr("C" + code), cstr("M" + message), Buffer.from([0])]));

    const answer = (query: string) => {
      session.queries.push(query);
      const word = query.trim().split(/\s+/)[0]?.toUpperCase() ?? "";
      if (/^COPY\b[\s\S]*\bFROM\s+stdin/i.test(query)) {
        phase = "copy";
        copy = { statement: query, chunks: [] };
        msg("G", Buffer.concat([Buffer.from([0]), int16(0)]));
        return;
      }
      const reply = opts.respond?.(query);
      if (reply?.error) {
        error("ERROR", "XX000", reply.error);
        if (txn === "T") txn = "E";
        return ready();
      }
      if (word === "BEGIN" || word === "START") txn = "T";
      if (word === "COMMIT" || word === "END" || word === "ROLLBACK" || word === "ABORT") txn = "I";
      if (reply?.rows) {
        const cols = reply.rows[0]?.length ?? 1;
        const fields = Array.from({ length: cols }, (_, i) =>
          Buffer.concat([cstr(`col${i}`), int32(0), int16(0), int32(25), int16(-1), int32(-1), int16(0)]),
        );
        msg("T", Buffer.concat([int16(cols), ...fields]));
        for (const row of reply.rows) {
          const values = row.map((v) => {
            const b = Buffer.from(v, "utf8");
            return Buffer.concat([int32(b.length), b]);
          });
          msg("D", Buffer.concat([int16(row.length), ...values]));
        }
        msg("C", cstr(`SELECT ${reply.rows.length}`));
      } else msg("C", cstr(word === "SELECT" ? "SELECT 0" : word || "EMPTY"));
      ready();
    };

    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (phase === "startup") {
          if (buf.length < 8) return;
          const len = buf.readInt32BE(0);
          if (buf.length < len) return;
          const code = buf.readInt32BE(4);
          const body = buf.subarray(8, len);
          buf = buf.subarray(len);
          if (code === 80877103 || code === 80877104) {
            socket.write("N"); // no SSL, no GSS encryption
            continue;
          }
          if (code !== 196608) return void socket.destroy();
          const parts = body.toString("utf8").split("\0");
          for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) session.params[parts[i]] = parts[i + 1];
          msg("R", int32(3)); // cleartext password, please
          phase = "password";
          continue;
        }
        if (buf.length < 5) return;
        const type = String.fromCharCode(buf[0]);
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) return;
        const body = buf.subarray(5, len + 1);
        buf = buf.subarray(len + 1);
        if (phase === "password") {
          session.password = body.toString("utf8").replace(/\0$/, "");
          if (type !== "p" || session.password !== opts.password) {
            error("FATAL", "28P01", `password authentication failed for user "${session.params.user}"`);
            return void socket.end();
          }
          msg("R", int32(0));
          for (const [k, v] of Object.entries({
            server_version: "15.18",
            server_encoding: "UTF8",
            client_encoding: "UTF8",
            DateStyle: "ISO, MDY",
            integer_datetimes: "on",
            standard_conforming_strings: "on",
            TimeZone: "UTC",
            is_superuser: "off",
            session_authorization: session.params.user ?? "",
          }))
            msg("S", Buffer.concat([cstr(k), cstr(v)]));
          msg("K", Buffer.concat([int32(4242), int32(1)]));
          ready();
          phase = "ready";
          continue;
        }
        if (phase === "copy") {
          if (type === "d") copy.chunks.push(Buffer.from(body));
          else if (type === "c") {
            // psql sends the end-of-data marker line too; the server drops it (text format).
            const data = Buffer.concat(copy.chunks).toString("utf8").replace(/(^|\n)\\\.\n?$/, "$1");
            session.copies.push({ statement: copy.statement, data });
            msg("C", cstr(`COPY ${data.split("\n").filter((l) => l).length}`));
            phase = "ready";
            ready();
          } else if (type === "f") {
            error("ERROR", "57014", "COPY from stdin failed");
            phase = "ready";
            if (txn === "T") txn = "E";
            ready();
          }
          continue;
        }
        if (type === "Q") answer(body.toString("utf8").replace(/\0$/, ""));
        else if (type === "X") {
          session.terminated = true;
          socket.end();
          return;
        }
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    sessions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
