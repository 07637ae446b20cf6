//! The servers of one run: one instance on SQLite, or several on one fresh
//! PostgreSQL database; their admin commands, and their peak memory.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The variable the servers read their database URL from (`--database-env`).
const DB_VAR: &str = "STEERCO_LOAD_DB";

/// Where the rows are.
#[derive(Clone)]
pub enum Backend {
    Sqlite,
    /// A postgres:// URL of a database the run may create databases from.
    Postgres(String),
}

/// Running servers on one database, stopped and deleted when dropped.
pub struct Deployment {
    bin: PathBuf,
    dir: PathBuf,
    /// The fresh database's URL and, to drop it again, the URL it was made from.
    db: Option<(String, String, String)>,
    children: Vec<Child>,
    /// Each instance's http://ADDR.
    pub bases: Vec<String>,
}

impl Deployment {
    /// `instances` servers on a fresh database (SQLite: exactly one),
    /// with the workspace `workspace` created.
    pub fn start(bin: &Path, backend: &Backend, instances: usize, workspace: &str) -> Deployment {
        let tag = format!("{}_{}", std::process::id(), unique());
        let dir = std::env::temp_dir().join(format!("steerco-load-{tag}"));
        let db = match backend {
            Backend::Sqlite => {
                assert_eq!(instances, 1, "SQLite is one server process");
                None
            }
            Backend::Postgres(base) => {
                let name = format!("steerco_load_{tag}");
                pg_execute(base, &format!("CREATE DATABASE {name}"));
                Some((with_database(base, &name), base.clone(), name))
            }
        };
        let mut d = Deployment {
            bin: bin.to_path_buf(),
            dir,
            db,
            children: Vec::new(),
            bases: Vec::new(),
        };
        d.admin(&["workspace", "create", workspace]);
        for i in 0..instances {
            let mut cmd = d.command();
            cmd.args(["--listen", "127.0.0.1:0"])
                .stdout(Stdio::piped())
                // Its JSON request log, kept apart from the table (and deleted with the folder).
                .stderr(std::fs::File::create(d.dir.join(format!("server-{i}.log"))).unwrap());
            let mut child = cmd.spawn().unwrap();
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            let base = line
                .trim()
                .strip_prefix("listening on ")
                .unwrap_or_else(|| {
                    panic!(
                        "server {i} did not start; its log is in {}",
                        d.dir.display()
                    )
                });
            d.bases.push(base.to_string());
            d.children.push(child);
        }
        d
    }

    /// `steerco-server` on this deployment's database, with the data folder.
    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.bin);
        cmd.arg("--data").arg(self.dir.join("data"));
        if let Some((url, _, _)) = &self.db {
            cmd.args(["--database-env", DB_VAR]).env(DB_VAR, url);
        }
        cmd
    }

    /// An admin command's stdout; it must succeed.
    pub fn admin(&self, args: &[&str]) -> String {
        std::fs::create_dir_all(&self.dir).unwrap();
        let out = self.command().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// One member token each for `members` (ten admin commands at a time).
    pub fn tokens(&self, workspace: &str, members: &[String]) -> Vec<String> {
        members
            .chunks(10)
            .flat_map(|chunk| {
                let running: Vec<Child> = chunk
                    .iter()
                    .map(|m| {
                        self.command()
                            .args(["token", "create", "--workspace", workspace, "--member", m])
                            .stdout(Stdio::piped())
                            .stderr(Stdio::piped())
                            .spawn()
                            .unwrap()
                    })
                    .collect();
                running.into_iter().map(|c| {
                    let out = c.wait_with_output().unwrap();
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    String::from_utf8(out.stdout).unwrap().trim().to_string()
                })
            })
            .collect()
    }

    /// The server sequences of the workspace's stored segments, in the
    /// order the server lists them.
    pub fn stored(&self, workspace: &str) -> Vec<u64> {
        let json = self.admin(&["segment", "list", "--workspace", workspace, "--json"]);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
        rows.iter().map(|r| r["seq"].as_u64().unwrap()).collect()
    }

    /// Each instance's peak resident memory in KiB (VmHWM), where the
    /// system tells it (Linux's /proc); None elsewhere.
    pub fn peak_rss_kib(&self) -> Vec<Option<u64>> {
        self.children
            .iter()
            .map(|c| {
                let status = std::fs::read_to_string(format!("/proc/{}/status", c.id())).ok()?;
                let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
                line.split_whitespace().nth(1)?.parse().ok()
            })
            .collect()
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some((_, base, name)) = &self.db {
            pg_execute(
                base,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A number of its own for each deployment of this process.
fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// `url` naming the database `name` instead (its path), keeping the rest.
fn with_database(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (url, String::new()),
    };
    let after_scheme = head.find("://").map_or(0, |i| i + 3);
    let host_end = head[after_scheme..]
        .find('/')
        .map_or(head.len(), |i| after_scheme + i);
    format!("{}/{name}{query}", &head[..host_end])
}

/// The PostgreSQL server's durability settings, for the table's heading.
pub fn pg_durability(url: &str) -> String {
    let shown = pg_run(url, |client| async move {
        let mut shown = Vec::new();
        for setting in ["fsync", "synchronous_commit"] {
            let row = client.query_one(&format!("SHOW {setting}"), &[]).await;
            let value: String = row.unwrap_or_else(|e| panic!("SHOW {setting}: {e}")).get(0);
            shown.push(format!("{setting} {value}"));
        }
        shown
    });
    shown.join(", ")
}

/// SQL statements on the database at `url`, outside any transaction.
fn pg_execute(url: &str, sql: &str) {
    let sql = sql.to_string();
    pg_run(url, |client| async move {
        client
            .batch_execute(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    });
}

/// `work` on a connection to the database at `url`.
fn pg_run<T, F: std::future::Future<Output = T>>(
    url: &str,
    work: impl FnOnce(std::rc::Rc<tokio_postgres::Client>) -> F,
) -> T {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the PostgreSQL server: {e}"));
        let conn = tokio::spawn(conn);
        let client = std::rc::Rc::new(client);
        let out = work(client.clone()).await;
        // The connection ends once the client is gone.
        drop(client);
        let _ = conn.await;
        out
    })
}
