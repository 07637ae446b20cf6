//! One app per data folder. The first launch for a data folder holds a lock
//! file there and listens on a local socket named from a hash of the folder;
//! a later launch for the same folder finds the lock taken, hands what it was
//! asked to open to the first one over the socket, and exits. Apps with
//! different data folders (the end-to-end tests give each its own) run side
//! by side.
//!
//! The lock, not the socket, says who is first: the operating system drops it
//! when a process ends, however it ends, so a socket file that a crashed app
//! left behind is known to be stale and is replaced.
//!
//! The message is one line of JSON (`{"steerco":1,"workspace":"/abs/path"}`),
//! answered with `ok`; the path is made absolute by the launch that sends it,
//! which knows its working directory.

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use interprocess::local_socket::traits::{ListenerExt, Stream as _};
use interprocess::local_socket::{GenericFilePath, ListenerOptions, Name, Stream, ToFsName};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The lock file in the data folder.
pub const LOCK: &str = "instance.lock";
/// The message format's version (a later launch of another version that
/// speaks another one is refused, not misread).
const VERSION: u32 = 1;
/// How long a later launch keeps trying to reach the first one (which may
/// still be starting, or be on its way out).
pub const REACH_FOR: Duration = Duration::from_secs(5);
/// How long either side waits for the other's line.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);
/// A message longer than this is not one of ours.
const MAX_MESSAGE: u64 = 64 * 1024;
/// The longest socket path every Unix takes (`sun_path` holds 104 to 108 bytes).
const MAX_SOCKET_PATH: usize = 100;

/// What a launch asks of the app already running for its data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// The workspace to open (an absolute path), when the launch named one;
    /// without one the running window only comes forward.
    pub workspace: Option<PathBuf>,
}

#[derive(Serialize, Deserialize)]
struct Message {
    steerco: u32,
    #[serde(flatten)]
    request: Request,
}

impl Request {
    /// The message as sent: one line of JSON.
    pub fn encode(&self) -> io::Result<Vec<u8>> {
        let message = Message {
            steerco: VERSION,
            request: self.clone(),
        };
        let mut line = serde_json::to_vec(&message).map_err(io::Error::other)?;
        line.push(b'\n');
        Ok(line)
    }

    /// A received line; None for anything that is not a message of this version.
    pub fn decode(line: &[u8]) -> Option<Request> {
        let message: Message = serde_json::from_slice(line).ok()?;
        (message.steerco == VERSION).then_some(message.request)
    }
}

/// The workspace a launch names: `--workspace FILE`, else the first argument
/// that is not an option (a file manager's `%f`), else a `file://` URI (`%u`),
/// else $STEERCO_WORKSPACE (`env`). A relative path is taken from `cwd`.
/// `args` excludes the program's own name.
pub fn launch_workspace(args: &[OsString], env: Option<OsString>, cwd: &Path) -> Option<PathBuf> {
    let mut named = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--workspace" {
            named = rest.next().map(PathBuf::from);
            break;
        }
        if named.is_none() && !arg.to_string_lossy().starts_with('-') {
            named = Some(file_uri_path(arg).unwrap_or_else(|| PathBuf::from(arg)));
        }
    }
    let path = named.or_else(|| env.filter(|e| !e.is_empty()).map(PathBuf::from))?;
    Some(if path.is_absolute() {
        path
    } else {
        cwd.join(path)
    })
}

/// The path of a `file://` URI (percent-escapes decoded); None for anything else.
fn file_uri_path(arg: &OsStr) -> Option<PathBuf> {
    let rest = arg.to_str()?.strip_prefix("file://")?;
    // `file:///p` (no host) or `file://localhost/p`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| path.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(out).ok()?;
    // On Windows `file:///C:/x` names `C:/x`.
    let path = match path.get(1..3) {
        Some(drive) if cfg!(windows) && drive.ends_with(':') => path[1..].to_string(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// Where the app for `data_dir` listens: a named pipe on Windows; elsewhere a
/// socket file in the data folder (private to its user), or in the temporary
/// folder when that path would be too long for a socket. Either way named
/// from a hash of the folder, so each data folder has its own.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    let hash = Sha256::digest(data_dir.as_os_str().as_encoded_bytes());
    let name: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("steerco-{name}");
    if cfg!(windows) {
        return PathBuf::from(format!(r"\\.\pipe\{name}"));
    }
    let file = format!("{name}.sock");
    let beside = data_dir.join(&file);
    if beside.as_os_str().len() <= MAX_SOCKET_PATH {
        beside
    } else {
        std::env::temp_dir().join(file)
    }
}

fn socket_name(path: &Path) -> io::Result<Name<'_>> {
    path.to_fs_name::<GenericFilePath>()
}

/// The outcome of a launch's claim on its data folder.
pub enum Claim {
    /// This is the first app for the data folder: it serves later launches.
    First(Instance),
    /// The app already running for the data folder took the request.
    HandedOver,
}

/// The first app's hold on its data folder: the lock and the socket.
pub struct Instance {
    lock: File,
    socket: PathBuf,
}

/// Claim `data_dir` for this launch: be the first app for it, or hand
/// `request` to the one that is (then this launch should exit).
pub fn claim(data_dir: &Path, request: &Request) -> io::Result<Claim> {
    claim_within(data_dir, request, REACH_FOR)
}

/// [`claim`], trying to reach the first app for at most `reach_for`.
pub fn claim_within(data_dir: &Path, request: &Request, reach_for: Duration) -> io::Result<Claim> {
    std::fs::create_dir_all(data_dir)?;
    // The same folder named two ways is still one folder.
    let data_dir = data_dir.canonicalize()?;
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(data_dir.join(LOCK))?;
    let socket = socket_path(&data_dir);
    let deadline = Instant::now() + reach_for;
    loop {
        match lock.try_lock() {
            Ok(()) => return Ok(Claim::First(Instance { lock, socket })),
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(e)) => return Err(e),
        }
        // Another app holds the folder; it may not listen yet (starting) or
        // any more (ending: then the lock comes free and is tried again).
        match hand_over(&socket, request) {
            Ok(()) => return Ok(Claim::HandedOver),
            Err(e) if Instant::now() >= deadline => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("another Steerco holds this data folder but does not answer: {e}"),
                ))
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn hand_over(socket: &Path, request: &Request) -> io::Result<()> {
    let mut stream = Stream::connect(socket_name(socket)?)?;
    stream.set_recv_timeout(Some(ANSWER_WITHIN))?;
    stream.set_send_timeout(Some(ANSWER_WITHIN))?;
    stream.write_all(&request.encode()?)?;
    stream.flush()?;
    let mut answer = String::new();
    BufReader::new(&mut stream)
        .take(16)
        .read_line(&mut answer)?;
    if answer.trim_end() == "ok" {
        Ok(())
    } else {
        Err(io::Error::other(
            "the running Steerco did not take the request",
        ))
    }
}

impl Instance {
    /// The socket this app listens on.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// Listen for later launches on a thread of its own, which keeps the lock
    /// for the rest of the process; each request goes to `on_request` after
    /// it is acknowledged (so the later launch exits at once).
    pub fn serve(self, on_request: impl Fn(Request) + Send + 'static) -> io::Result<()> {
        // Holding the lock, any socket file at this path is a crashed app's.
        let listener = ListenerOptions::new()
            .name(socket_name(&self.socket)?)
            .try_overwrite(true)
            .create_sync()?;
        std::thread::Builder::new()
            .name("steerco-instance".into())
            .spawn(move || {
                let _lock = self.lock;
                for stream in listener.incoming() {
                    let Ok(stream) = stream else {
                        // Out of descriptors, say: try again, not in a spin.
                        std::thread::sleep(Duration::from_millis(100));
                        continue;
                    };
                    match receive(stream) {
                        Ok(request) => on_request(request),
                        Err(e) => {
                            tracing::warn!(error = %e, "a later launch's request was not read")
                        }
                    }
                }
            })?;
        Ok(())
    }
}

fn receive(mut stream: Stream) -> io::Result<Request> {
    stream.set_recv_timeout(Some(ANSWER_WITHIN))?;
    stream.set_send_timeout(Some(ANSWER_WITHIN))?;
    let mut line = Vec::new();
    BufReader::new(&mut stream)
        .take(MAX_MESSAGE)
        .read_until(b'\n', &mut line)?;
    let request = Request::decode(&line)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not a Steerco launch"))?;
    stream.write_all(b"ok\n")?;
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn a_launch_names_its_workspace_by_option_argument_uri_or_environment() {
        let cwd = Path::new("/home/a");
        let ws = |a: &[&str], env: Option<&str>| {
            launch_workspace(&args(a), env.map(OsString::from), cwd)
        };
        assert_eq!(
            ws(&["--workspace", "/x/w.steerco"], None),
            Some("/x/w.steerco".into())
        );
        assert_eq!(ws(&["w.steerco"], None), Some("/home/a/w.steerco".into()));
        assert_eq!(
            ws(&["--flag", "sub/w.steerco"], None),
            Some("/home/a/sub/w.steerco".into())
        );
        assert_eq!(
            ws(&["file:///tmp/M%C3%B8de%20plan.steerco"], None),
            Some("/tmp/Møde plan.steerco".into())
        );
        assert_eq!(
            ws(&["file://localhost/tmp/a.steerco"], None),
            Some("/tmp/a.steerco".into())
        );
        // The option wins over an earlier bare argument, and both over the environment.
        assert_eq!(
            ws(&["a.steerco", "--workspace", "/b.steerco"], Some("/c")),
            Some("/b.steerco".into())
        );
        assert_eq!(ws(&[], Some("/c.steerco")), Some("/c.steerco".into()));
        assert_eq!(ws(&[], Some("")), None);
        assert_eq!(ws(&["--verbose"], None), None);
    }

    #[test]
    fn a_message_round_trips_and_anything_else_is_refused() {
        let r = Request {
            workspace: Some("/tmp/æøå.steerco".into()),
        };
        let line = r.encode().unwrap();
        assert_eq!(line.last(), Some(&b'\n'));
        assert_eq!(Request::decode(&line), Some(r));
        assert_eq!(
            Request::decode(br#"{"steerco":1}"#),
            Some(Request::default())
        );
        assert_eq!(Request::decode(br#"{"steerco":2,"workspace":"/x"}"#), None);
        assert_eq!(Request::decode(br#"{"workspace":"/x"}"#), None);
        assert_eq!(Request::decode(b"GET / HTTP/1.1"), None);
    }

    #[test]
    fn each_data_folder_has_its_own_short_socket() {
        let a = socket_path(Path::new("/home/a/.local/share/dk.steerco.app"));
        let b = socket_path(Path::new("/tmp/test/data"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            socket_path(Path::new("/home/a/.local/share/dk.steerco.app"))
        );
        let long = Path::new("/tmp").join("x".repeat(200));
        assert!(socket_path(&long).as_os_str().len() <= MAX_SOCKET_PATH + 40);
    }
}
