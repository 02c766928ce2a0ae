import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { dumpScript, fetchScript, restoreScript, uploadScript } from "../components/backbone/postgres-backup";
import { createDatabaseScript } from "../components/backbone/postgres";
import { kafkaStartScript } from "../components/backbone/kafka";
import { startFakePostgres, type FakePostgres } from "./helpers/fake-postgres";

/**
 * The backbone's shell scripts, run for real: backups and restores against stand-ins for pg_dump
 * and rclone (a local directory plays the bucket) and the real psql 15 client talking to a
 * protocol-level fake server; Kafka's start script against stand-in Kafka tools.
 */

/** What pg_dump --format=plain --clean writes for a table with two rows (shape of a real dump). */
const dumpFixture = `--
-- PostgreSQL database dump
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
DROP TABLE IF EXISTS public.eg_user;
CREATE TABLE public.eg_user (
    id bigint NOT NULL,
    username character varying(180) NOT NULL
);
COPY public.eg_user (id, username) FROM stdin;
1	citizen-1
2	employee-7
\\.
SELECT pg_catalog.setval('public.seq_eg_user', 2, true);
ALTER TABLE ONLY public.eg_user ADD CONSTRAINT eg_user_pkey PRIMARY KEY (id);
`;

/** rclone for the commands the scripts use; remote `store:<path>` is $FAKE_STORE/<path>. */
const rcloneStub = `#!/bin/bash
set -eu
echo "$*" >> "$FAKE_STORE/.calls"
map() { local r="\${1#store:}"; echo "$FAKE_STORE/\${r#/}"; }
cmd="$1"; shift
include="*"; minage=""; files=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --include) include="$2"; shift 2;;
    --min-age) minage="$2"; shift 2;;
    --files-only) files=1; shift;;
    *) args+=("$1"); shift;;
  esac
done
case "$cmd" in
  copyto)
    src="\${args[0]}"; dst="\${args[1]}"
    [[ "$src" == store:* ]] && src="$(map "$src")"
    [[ "$dst" == store:* ]] && { dst="$(map "$dst")"; mkdir -p "$(dirname "$dst")"; }
    cp "$src" "$dst";;
  lsf)
    dir="$(map "\${args[0]}")"; [ -d "$dir" ] || exit 0
    # reverse order: the scripts must not rely on rclone's listing order
    find "$dir" -maxdepth 1 -type f -name "$include" -printf '%f\\n' | sort -r;;
  delete)
    dir="$(map "\${args[0]}")"; days="\${minage%d}"
    find "$dir" -maxdepth 1 -type f -name "$include" -mmin +$((days * 1440)) -delete;;
  *) echo "rclone stub: unknown command $cmd" >&2; exit 2;;
esac
`;

/** pg_dump writing the fixture, gzip-compressed, to --file; records its arguments. */
const pgDumpStub = `#!/bin/bash
set -eu
echo "$*" > "$FAKE_STORE/.pg_dump_args"
for a in "$@"; do case "$a" in --file=*) out="\${a#--file=}";; esac; done
gzip -c "$FAKE_STORE/.fixture.sql" > "$out"
`;

interface Sandbox {
  dir: string;
  bin: string;
  store: string;
  work: string;
  env: NodeJS.ProcessEnv;
}

function sandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-backbone-"));
  const bin = path.join(dir, "bin");
  const store = path.join(dir, "store");
  const work = path.join(dir, "work");
  for (const d of [bin, store, work]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(bin, "rclone"), rcloneStub, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "pg_dump"), pgDumpStub, { mode: 0o755 });
  fs.writeFileSync(path.join(store, ".fixture.sql"), dumpFixture);
  return {
    dir,
    bin,
    store,
    work,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      FAKE_STORE: store,
      BACKUP_DIR: work,
      BACKUP_BUCKET: "egov-filestore",
      BACKUP_PREFIX: "backups/postgres",
      PGDATABASE: "egov",
      PGHOST: "127.0.0.1",
      RETENTION_DAYS: "14",
      HOME: dir,
    },
  };
}

function run(shell: "sh" | "bash", script: string, env: NodeJS.ProcessEnv) {
  const r = spawnSync(shell, ["-c", script], { env, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** psql blocks the event loop under spawnSync; the fake server lives in this process, so spawn async. */
function runAsync(shell: "sh" | "bash", script: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(shell, ["-c", script], { env });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const bucketDir = (s: Sandbox) => path.join(s.store, "egov-filestore", "backups", "postgres");

function putOldDump(s: Sandbox, name: string, daysAgo: number): void {
  fs.mkdirSync(bucketDir(s), { recursive: true });
  const f = path.join(bucketDir(s), name);
  fs.writeFileSync(f, zlib.gzipSync("-- old\n"));
  const t = new Date(Date.now() - daysAgo * 86400_000);
  fs.utimesSync(f, t, t);
}

describe("backbone scripts: PostgreSQL backup and restore", function () {
  let s: Sandbox;
  let pg: FakePostgres;
  beforeEach(() => (s = sandbox()));
  afterEach(() => fs.rmSync(s.dir, { recursive: true, force: true }));
  afterEach(async () => pg && (await pg.close()));

  it("dump.sh writes a compressed plain dump with --clean --if-exists and no owners or grants, never a partial file", () => {
    const r = run("bash", dumpScript, s.env);
    assert.equal(r.status, 0, r.stderr);
    const args = fs.readFileSync(path.join(s.store, ".pg_dump_args"), "utf8");
    for (const flag of ["--format=plain", "--compress=6", "--no-owner", "--no-privileges", "--clean", "--if-exists"]) assert.ok(args.includes(flag), `pg_dump ${flag}: ${args}`);
    assert.equal(zlib.gunzipSync(fs.readFileSync(path.join(s.work, "dump.sql.gz"))).toString(), dumpFixture);
    assert.ok(!fs.existsSync(path.join(s.work, "dump.sql.gz.partial")));
  });

  it("dump.sh fails, leaving no dump, when pg_dump fails", () => {
    fs.writeFileSync(path.join(s.bin, "pg_dump"), "#!/bin/sh\necho 'connection refused' >&2\nexit 1\n", { mode: 0o755 });
    const r = run("bash", dumpScript, s.env);
    assert.notEqual(r.status, 0);
    assert.ok(!fs.existsSync(path.join(s.work, "dump.sql.gz")));
  });

  it("upload.sh stores the dump under a timestamped name and drops dumps older than the retention", () => {
    putOldDump(s, "egov-20240101T013000Z.sql.gz", 30);
    putOldDump(s, "egov-20240120T013000Z.sql.gz", 5);
    fs.writeFileSync(path.join(s.work, "dump.sql.gz"), zlib.gzipSync(dumpFixture));
    const r = run("sh", uploadScript, s.env);
    assert.equal(r.status, 0, r.stderr);
    const kept = fs.readdirSync(bucketDir(s)).sort();
    assert.equal(kept.length, 2, kept.join(","));
    assert.equal(kept[0], "egov-20240120T013000Z.sql.gz");
    assert.match(kept[1], /^egov-\d{8}T\d{6}Z\.sql\.gz$/);
    assert.equal(zlib.gunzipSync(fs.readFileSync(path.join(bucketDir(s), kept[1]))).toString(), dumpFixture);
    assert.match(fs.readFileSync(path.join(s.store, ".calls"), "utf8"), /delete --min-age 14d --include \*\.sql\.gz store:egov-filestore\/backups\/postgres/);
  });

  it("upload.sh refuses an empty dump", () => {
    fs.writeFileSync(path.join(s.work, "dump.sql.gz"), "");
    const r = run("sh", uploadScript, s.env);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no dump to upload/);
  });

  it("fetch.sh takes the newest dump for 'latest', or the one named", () => {
    putOldDump(s, "egov-20240101T013000Z.sql.gz", 3);
    putOldDump(s, "egov-20240103T013000Z.sql.gz", 1);
    putOldDump(s, "egov-20240102T013000Z.sql.gz", 2);
    let r = run("sh", fetchScript, { ...s.env, RESTORE_OBJECT: "latest" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /fetched store:egov-filestore\/backups\/postgres\/egov-20240103T013000Z\.sql\.gz/);
    r = run("sh", fetchScript, { ...s.env, RESTORE_OBJECT: "egov-20240101T013000Z.sql.gz" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /egov-20240101T013000Z/);
    assert.ok(fs.existsSync(path.join(s.work, "restore.sql.gz")));
  });

  it("fetch.sh fails when the bucket holds no backup", () => {
    const r = run("sh", fetchScript, s.env);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no backups under store:egov-filestore\/backups\/postgres/);
  });

  it("dump -> upload -> fetch -> restore: psql replays the dump in one transaction, COPY data included", async () => {
    pg = await startFakePostgres({ password: "s3cret" });
    assert.equal(run("bash", dumpScript, s.env).status, 0);
    assert.equal(run("sh", uploadScript, s.env).status, 0);
    fs.rmSync(path.join(s.work, "dump.sql.gz"));
    assert.equal(run("sh", fetchScript, s.env).status, 0);

    const env = { ...s.env, PGPORT: String(pg.port), PGUSER: "egov", PGPASSWORD: "s3cret", PGSSLMODE: "disable", PGCONNECT_TIMEOUT: "5" };
    const r = await runAsync("bash", restoreScript, env);
    assert.equal(r.status, 0, r.stderr);
    const session = pg.sessions.at(-1)!;
    assert.equal(session.params.user, "egov");
    assert.equal(session.params.database, "egov");
    assert.equal(session.password, "s3cret");
    const q = session.queries.map((x) => x.trim());
    assert.equal(q[0], "BEGIN");
    assert.equal(q.at(-1), "COMMIT");
    assert.ok(q.some((x) => x.startsWith("DROP TABLE IF EXISTS public.eg_user")));
    assert.ok(q.some((x) => x.startsWith("CREATE TABLE public.eg_user")));
    assert.deepEqual(session.copies, [{ statement: "COPY public.eg_user (id, username) FROM stdin;", data: "1\tcitizen-1\n2\temployee-7\n" }]);
    assert.ok(q.indexOf("COMMIT") > q.findIndex((x) => x.startsWith("ALTER TABLE ONLY public.eg_user")));
  });

  it("restore stops at the first failing statement and never commits", async () => {
    pg = await startFakePostgres({ password: "s3cret", respond: (sql) => (sql.startsWith("ALTER TABLE") ? { error: 'relation "public.eg_user" does not exist' } : undefined) });
    fs.writeFileSync(path.join(s.work, "restore.sql.gz"), zlib.gzipSync(dumpFixture));
    const env = { ...s.env, PGPORT: String(pg.port), PGUSER: "egov", PGPASSWORD: "s3cret", PGSSLMODE: "disable" };
    const r = await runAsync("bash", restoreScript, env);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /does not exist/);
    assert.ok(!pg.sessions.at(-1)!.queries.includes("COMMIT"));
  });

  it("restore refuses a corrupt archive before touching the database", async () => {
    pg = await startFakePostgres({ password: "s3cret" });
    fs.writeFileSync(path.join(s.work, "restore.sql.gz"), zlib.gzipSync(dumpFixture).subarray(0, 40));
    const r = await runAsync("bash", restoreScript, { ...s.env, PGPORT: String(pg.port), PGUSER: "egov", PGPASSWORD: "s3cret", PGSSLMODE: "disable" });
    assert.notEqual(r.status, 0);
    assert.equal(pg.sessions.length, 0);
  });
});

describe("backbone scripts: DIGIT's role and database on an external server", () => {
  let pg: FakePostgres;
  afterEach(async () => pg && (await pg.close()));

  it("psql creates the role, sets its password and creates the database, quoting every value", async () => {
    // The server's answers to the format() queries are what \gexec then runs.
    const generated: Record<string, string> = {
      "CREATE ROLE": 'CREATE ROLE "egov" LOGIN',
      "ALTER ROLE": `ALTER ROLE "egov" WITH LOGIN PASSWORD 'p''w"x $y'`,
      "GRANT ": 'GRANT "egov" TO "admin"',
      "CREATE DATABASE": 'CREATE DATABASE "egov" OWNER "egov"',
    };
    pg = await startFakePostgres({
      password: "admin-pw",
      respond: (sql) => {
        if (!sql.startsWith("SELECT format(")) return undefined;
        const hit = Object.entries(generated).find(([k]) => sql.includes(`'${k}`));
        return hit ? { rows: [[hit[1]]] } : undefined;
      },
    });
    const env = {
      PATH: process.env.PATH,
      PGHOST: "127.0.0.1",
      PGPORT: String(pg.port),
      PGSSLMODE: "disable",
      PGDATABASE: "postgres",
      PGUSER: "admin",
      PGPASSWORD: "admin-pw",
      DIGIT_ROLE: "egov",
      DIGIT_PASSWORD: `p'w"x $y`,
      DIGIT_DATABASE: "egov",
    };
    const r = await runAsync("bash", createDatabaseScript, env);
    assert.equal(r.status, 0, r.stderr);
    const q = pg.sessions.at(-1)!.queries;
    assert.equal(pg.sessions.at(-1)!.params.database, "postgres");
    // psql's :'var' turned the password into one SQL literal, quote doubled, nothing interpolated.
    assert.ok(q.some((x) => x.includes(`format('ALTER ROLE %I WITH LOGIN PASSWORD %L', 'egov', 'p''w"x $y')`)), q.join("\n"));
    assert.ok(q.some((x) => x.includes("WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'egov')")));
    assert.ok(q.some((x) => x.includes("WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'egov')")));
    // \gexec ran what the server generated, in order.
    const executed = q.filter((x) => !x.startsWith("SELECT"));
    assert.deepEqual(executed, Object.values(generated));
    // psql reads the values from its environment, never from its command line.
    assert.match(createDatabaseScript, /\\getenv pw DIGIT_PASSWORD/);
    assert.doesNotMatch(createDatabaseScript, /(-v|--set|--variable)[= ]pw/);
  });

  it("fails (and the Job retries) when the admin login is refused", async () => {
    pg = await startFakePostgres({ password: "right" });
    const r = await runAsync("bash", createDatabaseScript, {
      PATH: process.env.PATH,
      PGHOST: "127.0.0.1",
      PGPORT: String(pg.port),
      PGSSLMODE: "disable",
      PGDATABASE: "postgres",
      PGUSER: "admin",
      PGPASSWORD: "wrong",
      DIGIT_ROLE: "egov",
      DIGIT_PASSWORD: "x",
      DIGIT_DATABASE: "egov",
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /password authentication failed/);
  });
});

describe("backbone scripts: Kafka start", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "digit-kafka-"));
    fs.mkdirSync(path.join(dir, "home", "bin"), { recursive: true });
    fs.mkdirSync(path.join(dir, "conf"));
    fs.mkdirSync(path.join(dir, "tmp"));
    fs.writeFileSync(path.join(dir, "conf", "server.properties"), "process.roles=broker,controller\n");
    const tool = (name: string) => fs.writeFileSync(path.join(dir, "home", "bin", name), `#!/bin/sh\necho "${name} $*" >> "${dir}/calls"\n`, { mode: 0o755 });
    tool("kafka-storage.sh");
    tool("kafka-server-start.sh");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = (hostname: string) => ({
    PATH: process.env.PATH,
    HOSTNAME: hostname,
    KAFKA_HOME: path.join(dir, "home"),
    KAFKA_DIGIT_CONFIG: path.join(dir, "conf"),
    TMPDIR: path.join(dir, "tmp"),
    CLUSTER_ID: "MkU3OEVBNTcwNTJENDM2Qk",
    KAFKA_HEADLESS: "kafka-headless.kafka-kraft.svc.cluster.local",
  });

  it("takes the node id from the pod's ordinal, advertises the pod's own name, formats once, then starts", () => {
    const r = run("sh", kafkaStartScript, env("kafka-2"));
    assert.equal(r.status, 0, r.stderr);
    const cfg = fs.readFileSync(path.join(dir, "tmp", "server.properties"), "utf8");
    assert.match(cfg, /^process\.roles=broker,controller$/m);
    assert.match(cfg, /^node\.id=2$/m);
    assert.match(cfg, /^advertised\.listeners=PLAINTEXT:\/\/kafka-2\.kafka-headless\.kafka-kraft\.svc\.cluster\.local:9092$/m);
    const calls = fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n");
    assert.deepEqual(calls, [
      `kafka-storage.sh format --cluster-id MkU3OEVBNTcwNTJENDM2Qk --config ${path.join(dir, "tmp", "server.properties")} --ignore-formatted`,
      `kafka-server-start.sh ${path.join(dir, "tmp", "server.properties")}`,
    ]);
  });

  it("refuses a host name without an ordinal", () => {
    const r = run("sh", kafkaStartScript, env("kafka"));
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /cannot read a node id/);
  });
});
