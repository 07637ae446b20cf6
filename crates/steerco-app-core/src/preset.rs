//! What an administrator presets for every user of a computer:
//! `/etc/steerco/preset.json` (on Windows `%ProgramData%\Steerco\preset.json`),
//! e.g. `{"server": "https://steerco.example.kommune.dk/ws"}`, the sync
//! server's address the app offers when joining from a server; a list of
//! addresses of one server (instances of one deployment) is taken too.
//!
//! A preset is a convenience, so a broken one never stops anything: a file
//! that is missing gives no preset, and one that is not JSON or not of this
//! shape is ignored with a warning on stderr. Names this version does not
//! know are passed over, so a preset written for a later version still
//! gives its server to this one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The preset's contents (each part optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Preset {
    /// The sync server's address for a workspace (http or https), or
    /// several addresses of one server, one a line (the file may give them
    /// as a JSON list), as the app's address field takes them.
    #[serde(default)]
    pub server: Option<String>,
}

/// Where the preset is on this platform.
pub fn system_path() -> PathBuf {
    if cfg!(windows) {
        std::env::var_os("ProgramData")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"))
            .join("Steerco")
            .join("preset.json")
    } else {
        PathBuf::from("/etc/steerco/preset.json")
    }
}

/// The preset at `path`: `Ok(None)` when there is no file, `Err` with the
/// reason when there is one that cannot be used.
pub fn load(path: &Path) -> Result<Option<Preset>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    // Checked first: serde would also take a struct from a JSON array.
    if !value.is_object() {
        return Err("not a JSON object".into());
    }
    let mut preset = Preset {
        server: one_or_many(value.get("server"))?,
    };
    if let Some(servers) = &preset.server {
        let mut checked = Vec::new();
        for server in servers.lines().map(str::trim).filter(|s| !s.is_empty()) {
            let host = server
                .strip_prefix("https://")
                .or_else(|| server.strip_prefix("http://"))
                .unwrap_or("");
            if host.is_empty() || host.starts_with('/') || server.contains(char::is_whitespace) {
                return Err(format!("\"server\" is not an http(s) address: {server:?}"));
            }
            checked.push(server);
        }
        if checked.is_empty() {
            return Err("\"server\" names no address".into());
        }
        preset.server = Some(checked.join("\n"));
    }
    Ok(Some(preset))
}

/// `"server"` as one address or a list of them: one a line.
fn one_or_many(given: Option<&serde_json::Value>) -> Result<Option<String>, String> {
    let one = |v: &serde_json::Value| match v.as_str() {
        // A line break inside one would pass as two addresses.
        Some(s) if s.contains('\n') => Err("not an http(s) address: a line break".to_string()),
        Some(s) => Ok(s.to_string()),
        None => Err(format!(
            "invalid type: {v}, expected an address or a list of addresses"
        )),
    };
    match given {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Array(list)) => {
            let all: Result<Vec<String>, String> = list.iter().map(one).collect();
            Ok(Some(all?.join("\n")))
        }
        Some(v) => one(v).map(Some),
    }
}

/// The preset's server addresses, in order (none without a preset server).
pub fn addresses(preset: &Preset) -> Vec<String> {
    preset
        .server
        .as_deref()
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

/// The preset at `path`, or the empty one (a reason to ignore the file is
/// said on stderr).
pub fn read(path: &Path) -> Preset {
    match load(path) {
        Ok(p) => p.unwrap_or_default(),
        Err(why) => {
            eprintln!("steerco: ignoring the preset {}: {why}", path.display());
            Preset::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preset.json");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn a_valid_preset_gives_the_server() {
        let (_d, path) = file(r#"{"server": " https://steerco.example.kommune.dk/ws "}"#);
        let want = Some("https://steerco.example.kommune.dk/ws".to_string());
        assert_eq!(load(&path).unwrap().unwrap().server, want);
        assert_eq!(read(&path).server, want);
        let (_d, path) = file(r#"{"server": "http://10.0.0.5:8700/ws", "later": 1}"#);
        let want = Some("http://10.0.0.5:8700/ws".to_string());
        assert_eq!(load(&path).unwrap().unwrap().server, want);
        let (_d, path) = file("{}");
        assert_eq!(load(&path).unwrap(), Some(Preset::default()));
    }

    #[test]
    fn a_list_gives_every_address_in_order() {
        let (_d, path) =
            file(r#"{"server": [" https://a.example.dk/ws", "https://b.example.dk/ws "]}"#);
        let preset = load(&path).unwrap().unwrap();
        assert_eq!(
            preset.server.as_deref(),
            Some("https://a.example.dk/ws\nhttps://b.example.dk/ws")
        );
        assert_eq!(
            addresses(&preset),
            ["https://a.example.dk/ws", "https://b.example.dk/ws"]
        );
        assert_eq!(addresses(&Preset::default()), Vec::<String>::new());
        for text in [
            r#"{"server": []}"#,
            r#"{"server": ["https://a.example.dk/ws", "ftp://b/ws"]}"#,
            r#"{"server": "https://a.example.dk/ws\nhttps://b.example.dk/ws"}"#,
            r#"{"server": ["https://a.example.dk/ws\nhttps://b.example.dk/ws"]}"#,
        ] {
            let (_d, path) = file(text);
            assert!(load(&path).is_err(), "{text}");
            assert_eq!(read(&path), Preset::default(), "{text}");
        }
    }

    #[test]
    fn no_file_is_no_preset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("preset.json");
        assert_eq!(load(&path).unwrap(), None);
        assert_eq!(read(&path), Preset::default());
    }

    #[test]
    fn a_malformed_or_misshapen_preset_is_ignored_with_its_reason() {
        for (text, why) in [
            ("{\"server\": ", "EOF"),
            ("[\"https://x.dk/ws\"]", "not a JSON object"),
            ("{\"server\": 42}", "invalid type"),
            ("{\"server\": \"ftp://x.dk/ws\"}", "not an http(s) address"),
            ("{\"server\": \"https://\"}", "not an http(s) address"),
            (
                "{\"server\": \"https://x.dk/my ws\"}",
                "not an http(s) address",
            ),
        ] {
            let (_d, path) = file(text);
            let err = load(&path).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
            assert_eq!(read(&path), Preset::default(), "{text}");
        }
        // A folder where the file should be: unreadable, ignored too.
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).is_err());
        assert_eq!(read(dir.path()), Preset::default());
    }

    #[test]
    fn the_system_path_is_the_platforms() {
        let p = system_path();
        assert!(p.ends_with("preset.json"), "{p:?}");
        if cfg!(windows) {
            assert!(p.ends_with(r"Steerco\preset.json"), "{p:?}");
        } else {
            assert_eq!(p, Path::new("/etc/steerco/preset.json"));
        }
    }
}
