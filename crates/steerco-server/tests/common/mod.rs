//! The real `steerco-server` binary on a loopback port, and the members
//! that sync through it, for the tests.
#![allow(dead_code)]

use std::borrow::BorrowMut;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use steerco_domain::SystemClock;
use steerco_store::merge::ChangeRecord;
use steerco_store::ops::initiative::InitiativeEdit;
use steerco_store::{NewWorkspace, Store};
use steerco_sync::crypto::Key;
use steerco_sync::{join_server, segment, sync_server};
use tempfile::TempDir;

pub const BIN: &str = env!("CARGO_BIN_EXE_steerco-server");

/// Where a test server keeps its rows: the SQLite file in its data folder,
/// or the PostgreSQL database at a URL (`pg_database`); blobs are in the
/// data folder either way.
#[derive(Clone, Debug)]
pub enum Rows {
    Sqlite,
    Postgres(String),
}

/// The variable that hands the database's URL to the server.
const DB_VAR: &str = "STEERCO_TEST_DB";

impl Rows {
    /// The backend's name, for a test's messages.
    pub fn name(&self) -> &'static str {
        match self {
            Rows::Sqlite => "SQLite",
            Rows::Postgres(_) => "PostgreSQL",
        }
    }

    /// Give `cmd` (the server binary) this database.
    pub fn apply(&self, cmd: &mut Command) {
        if let Rows::Postgres(url) = self {
            cmd.arg("--database-env").arg(DB_VAR).env(DB_VAR, url);
        }
    }
}

/// The URL of the cluster at $STEERCO_TEST_PG (set by `tools/pg-cluster`,
/// which `make test` runs the tests under). Unset: CI fails the test; a
/// developer's run starts a cluster of its own for this test process,
/// stopped when the process ends (its stdin, held open here, closes).
fn pg_cluster() -> String {
    if let Ok(url) = std::env::var("STEERCO_TEST_PG") {
        return url;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "STEERCO_TEST_PG is not set: CI runs the tests under tools/pg-cluster (make test)"
    );
    // The cluster's process with its stdin, kept for the life of this process.
    static CLUSTER: std::sync::OnceLock<(std::sync::Mutex<Child>, String)> =
        std::sync::OnceLock::new();
    let (_, url) = CLUSTER.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tools/pg-cluster");
        let mut child = Command::new(script)
            .args([
                "--",
                "sh",
                "-c",
                "echo \"$STEERCO_TEST_PG\"; exec cat >/dev/null",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("tools/pg-cluster starts (or set STEERCO_TEST_PG)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("postgres"), "tools/pg-cluster failed");
        (std::sync::Mutex::new(child), line.trim().to_string())
    });
    url.clone()
}

/// A new, empty database in the test cluster (`pg_cluster`): its URL.
pub fn pg_database() -> String {
    let base = pg_cluster();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("t{}_{nanos}", std::process::id());
    pg_sql(&base, &format!("CREATE DATABASE {name}"));
    let (scheme, rest) = base.split_once("://").expect("a postgres:// URL");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let authority = path.split('/').next().unwrap();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{scheme}://{authority}/{name}{query}")
}

/// Two tests of the body `fn NAME(rows: &Rows)`: `NAME::sqlite` on the
/// embedded database and `NAME::postgres` on a fresh PostgreSQL database of
/// its own (`pg_database`). Attributes given before the name (a `cfg`) go
/// on both.
#[allow(unused_macros)]
macro_rules! on_both {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&$crate::common::Rows::Sqlite);
            }

            #[test]
            fn postgres() {
                super::$name(&$crate::common::Rows::Postgres($crate::common::pg_database()));
            }
        }
    };
}
// Not every test file uses it.
#[allow(unused_imports)]
pub(crate) use on_both;

/// Every byte the server keeps of its rows, for a test that looks for text
/// it must not hold: the SQLite file and its WAL, or on PostgreSQL every
/// value of every table in the database (bytes as they are, the rest as
/// text).
pub fn stored_bytes(rows: &Rows, data: &Path) -> Vec<u8> {
    let url = match rows {
        Rows::Sqlite => {
            let file = data.join(steerco_server::db::FILE);
            let mut bytes = std::fs::read(&file).unwrap();
            let wal = data.join(format!("{}-wal", steerco_server::db::FILE));
            bytes.extend(std::fs::read(wal).unwrap_or_default());
            return bytes;
        }
        Rows::Postgres(url) => url,
    };
    on_pg(url, async |client| {
        let columns = client
            .query(
                "SELECT table_name::text, column_name::text, data_type::text
                 FROM information_schema.columns WHERE table_schema = 'public'",
                &[],
            )
            .await
            .unwrap();
        assert!(!columns.is_empty(), "no tables at {url}");
        let mut out = Vec::new();
        for c in columns {
            let (table, column, kind): (String, String, String) = (c.get(0), c.get(1), c.get(2));
            let sql = if kind == "bytea" {
                format!("SELECT \"{column}\" FROM \"{table}\"")
            } else {
                format!("SELECT \"{column}\"::text FROM \"{table}\"")
            };
            for r in client.query(&sql, &[]).await.unwrap() {
                if kind == "bytea" {
                    out.extend(r.get::<_, Option<Vec<u8>>>(0).unwrap_or_default());
                } else {
                    out.extend(
                        r.get::<_, Option<String>>(0)
                            .unwrap_or_default()
                            .into_bytes(),
                    );
                }
                out.push(b'\n');
            }
        }
        out
    })
}

/// Drop a database `pg_database` made, ending its connections.
pub fn pg_drop(url: &str) {
    let path = url.split('?').next().unwrap();
    let name = path.rsplit('/').next().unwrap();
    pg_sql(&pg_cluster(), &format!("DROP DATABASE {name} WITH (FORCE)"));
}

/// Run `f` with a connection to the database at `url`, on a runtime of its own.
pub fn on_pg<T>(url: &str, f: impl AsyncFnOnce(&tokio_postgres::Client) -> T) -> T {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        f(&client).await
    })
}

/// The rows of one query on the database at `url`.
pub fn pg_query(url: &str, sql: &str) -> Vec<tokio_postgres::Row> {
    on_pg(url, async |client| client.query(sql, &[]).await.unwrap())
}

/// Run SQL statements on the database at `url`.
pub fn pg_sql(url: &str, sql: &str) {
    on_pg(url, async |client| client.batch_execute(sql).await.unwrap());
}

/// Run an admin command, whether it succeeds or not.
pub fn admin_output(data: &Path, args: &[&str]) -> Output {
    admin_output_on(&Rows::Sqlite, data, args)
}

pub fn admin_output_on(rows: &Rows, data: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--data").arg(data);
    rows.apply(&mut cmd);
    cmd.args(args);
    cmd.output().unwrap()
}

/// Run an admin command that succeeds; its stdout.
pub fn admin(data: &Path, args: &[&str]) -> String {
    admin_on(&Rows::Sqlite, data, args)
}

pub fn admin_on(rows: &Rows, data: &Path, args: &[&str]) -> String {
    let out = admin_output_on(rows, data, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub struct Server {
    pub child: Child,
    pub data: PathBuf,
    /// http://127.0.0.1:PORT
    pub base: String,
    pub port: u16,
}

impl Server {
    /// Start on a free port (port 0: the server prints the one it got).
    pub fn start(data: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_on(data, 0, extra, env)
    }

    pub fn start_on(data: &Path, port: u16, extra: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_with(&Rows::Sqlite, data, port, extra, env)
    }

    pub fn start_with(
        rows: &Rows,
        data: &Path,
        port: u16,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut cmd = Command::new(BIN);
            cmd.arg("--data")
                .arg(data)
                .arg("--listen")
                .arg(format!("127.0.0.1:{port}"))
                .args(extra)
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            rows.apply(&mut cmd);
            for (k, v) in env {
                cmd.env(k, v);
            }
            let mut child = cmd.spawn().unwrap();
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            if let Some(base) = line.trim().strip_prefix("listening on ") {
                let port = base.rsplit(':').next().unwrap().parse().unwrap();
                return Server {
                    child,
                    data: data.to_path_buf(),
                    base: base.to_string(),
                    port,
                };
            }
            // The port of a killed server may take a moment to be free again.
            let _ = child.wait();
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGKILL (Child::kill on Unix) and reap.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn url(&self, workspace: &str) -> String {
        format!("{}/{workspace}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A data folder with workspaces and one token per (workspace, member).
pub fn setup(data: &Path, workspaces: &[&str]) {
    setup_on(&Rows::Sqlite, data, workspaces)
}

pub fn setup_on(rows: &Rows, data: &Path, workspaces: &[&str]) {
    for w in workspaces {
        admin_on(rows, data, &["workspace", "create", w]);
    }
}

pub fn token(data: &Path, workspace: &str, member: &str) -> String {
    token_on(&Rows::Sqlite, data, workspace, member)
}

pub fn token_on(rows: &Rows, data: &Path, workspace: &str, member: &str) -> String {
    admin_on(
        rows,
        data,
        &[
            "token",
            "create",
            "--workspace",
            workspace,
            "--member",
            member,
        ],
    )
}

/// A temporary folder whose `data` folder holds the workspace `acme`, with
/// a token there for each of `members` (made in that order).
pub fn acme<const N: usize>(members: [&str; N]) -> (TempDir, PathBuf, [String; N]) {
    acme_on(&Rows::Sqlite, members)
}

pub fn acme_on<const N: usize>(rows: &Rows, members: [&str; N]) -> (TempDir, PathBuf, [String; N]) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    setup_on(rows, &data, &["acme"]);
    let tokens = members.map(|m| token_on(rows, &data, "acme", m));
    (dir, data, tokens)
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// (status, body) of one request.
pub fn request(method: &str, url: &str, token: Option<&str>, body: Option<&[u8]>) -> (u16, String) {
    let agent = agent();
    let auth = token.map(|t| format!("Bearer {t}"));
    let resp = match method {
        "GET" => {
            let mut r = agent.get(url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        "DELETE" => {
            let mut r = agent.delete(url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()
        }
        m => {
            let mut r = if m == "PUT" {
                agent.put(url)
            } else {
                agent.post(url)
            };
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.send(body.unwrap_or(b""))
        }
    };
    let mut resp = resp.unwrap();
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .unwrap_or_default();
    (status, text)
}

/// Whether `needle` stands in `hay` (bytes of a file the server keeps).
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A new workspace at `path` in which this installation is Anne.
pub fn anne(path: &Path) -> Store {
    let mut a = Store::create(path, NewWorkspace::default(), Box::new(SystemClock)).unwrap();
    a.set_me("Anne").unwrap();
    a
}

/// Anne's workspace with the demo data: the member who syncs first.
pub fn origin(path: &Path) -> Store {
    let mut a = anne(path);
    a.load_demo().unwrap();
    a
}

/// The server started on `data`, and Anne's demo workspace (`a.steerco` in
/// `dir`) synced to its `acme` first, with `pass`: (the server, acme's URL,
/// Anne's store).
pub fn origin_synced(
    dir: &Path,
    data: &Path,
    token: &str,
    pass: Option<&str>,
) -> (Server, String, Store) {
    origin_synced_on(&Rows::Sqlite, dir, data, token, pass)
}

pub fn origin_synced_on(
    rows: &Rows,
    dir: &Path,
    data: &Path,
    token: &str,
    pass: Option<&str>,
) -> (Server, String, Store) {
    let server = Server::start_with(rows, data, 0, &[], &[]);
    let url = server.url("acme");
    let mut a = origin(&dir.join("a.steerco"));
    sync_server(&mut a, &url, token, pass).unwrap();
    (server, url, a)
}

/// A member joined through the server, nothing set aside.
pub fn join(path: &Path, url: &str, token: &str, pass: Option<&str>) -> Store {
    let (s, report) = join_server(path, url, token, pass, Box::new(SystemClock)).unwrap();
    assert!(report.set_aside.is_empty(), "{:?}", report.set_aside);
    s
}

/// A member joined as `who` (a new person in the workspace when it has
/// none of that name: a change of its own).
pub fn join_as(path: &Path, url: &str, token: &str, pass: Option<&str>, who: &str) -> Store {
    let mut s = join(path, url, token, pass);
    s.set_me(who).unwrap();
    s
}

pub fn edit_title(s: &mut Store, code: &str, title: &str) {
    s.edit_initiative(
        code,
        InitiativeEdit {
            title: Some(title.into()),
            ..Default::default()
        },
    )
    .unwrap();
}

pub fn has(s: &Store, text: &str) -> bool {
    s.export_json().unwrap().contains(text)
}

/// Three rounds of syncs, nothing set aside: then every store has what any
/// of them had.
pub fn settle<S: BorrowMut<Store>>(stores: &mut [S], url: &str, token: &str, pass: Option<&str>) {
    for _ in 0..3 {
        for s in stores.iter_mut() {
            let r = sync_server(s.borrow_mut(), url, token, pass).unwrap();
            assert!(r.set_aside.is_empty(), "{:?}", r.set_aside);
        }
    }
}

/// The changes a store made itself after its change `after`, for segments
/// a test writes by hand (a client of its own, or an old one).
pub struct Own {
    pub workspace: String,
    pub replica: String,
    pub changes: Vec<ChangeRecord>,
    /// The store's number of the last of them (`after` when there are none).
    pub last: i64,
}

pub fn own_changes(s: &Store, after: i64) -> Own {
    let own = s.local_changes_after(after, 1000).unwrap();
    Own {
        workspace: s.workspace().unwrap().id,
        replica: s.replica().to_string(),
        last: own.last().map_or(after, |(n, _)| *n),
        changes: own.into_iter().map(|(_, c)| c).collect(),
    }
}

impl Own {
    /// Today's format: segment `seq` of the replica, sealed with `key`.
    pub fn segment(&self, seq: u64, key: Option<&Key>) -> Vec<u8> {
        segment::encode(&self.workspace, &self.replica, seq, &self.changes, key).unwrap()
    }
}

/// A client of `workspace` that gives up quickly (two attempts).
pub fn quick_client(server: &Server, workspace: &str, token: &str) -> steerco_sync::server::Client {
    let quick = steerco_sync::server::Retry {
        attempts: 2,
        first: Duration::from_millis(50),
        max: Duration::from_millis(100),
    };
    steerco_sync::server::Client::new(&server.url(workspace), token)
        .unwrap()
        .with_retry(quick)
}

/// A blob's bytes, or None when the server has none of the name.
pub fn get_blob(c: &steerco_sync::server::Client, name: &str) -> Option<Vec<u8>> {
    let (len, mut reader) = c.get_blob(name).unwrap()?;
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut out).unwrap();
    assert_eq!(out.len() as u64, len);
    Some(out)
}

/// The server process's peak resident memory (VmHWM) in KiB, where /proc
/// tells it (Linux).
pub fn peak_rss_kib(server: &Server) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

pub const MIB: usize = 1024 * 1024;

/// `n` bytes that do not repeat (xorshift), different per `seed`.
pub fn bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A blob's name for `bytes` (the clients use a keyed hash; any 64 hex do).
pub fn name_of(bytes: &[u8]) -> String {
    steerco_server::db::sha256_hex(bytes)
}
