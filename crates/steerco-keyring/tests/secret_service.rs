//! Against a real Secret Service: each test runs itself again inside a
//! private D-Bus session with its own GNOME Keyring daemon (unlocked, in a
//! temporary home), so nothing touches the user's keyrings.

use std::process::Command;

const INNER: &str = "STEERCO_KEYRING_TEST_INNER";

/// Run `test` of this binary inside a private session bus with a keyring.
fn in_private_keyring(test: &str) {
    let home = tempfile::tempdir().unwrap();
    let me = std::env::current_exe().unwrap();
    let script = format!(
        "printf 'test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
         exec '{}' --exact {test} --nocapture",
        me.display()
    );
    let status = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env(INNER, "1")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_RUNTIME_DIR", home.path())
        .status()
        .expect("dbus-run-session (package dbus) and gnome-keyring are needed: run tools/setup");
    assert!(status.success(), "{test} failed inside the private keyring");
}

#[test]
fn a_passphrase_is_kept_found_replaced_and_forgotten() {
    if std::env::var_os(INNER).is_none() {
        return in_private_keyring("a_passphrase_is_kept_found_replaced_and_forgotten");
    }
    let ws = "0b0e5b7e-test-workspace";
    assert_eq!(steerco_keyring::load(ws), Ok(None));
    steerco_keyring::save(ws, "korrekt hest batteri æøå").unwrap();
    assert_eq!(
        steerco_keyring::load(ws).unwrap().as_deref(),
        Some("korrekt hest batteri æøå")
    );
    // Per workspace: another one has nothing.
    assert_eq!(steerco_keyring::load("another"), Ok(None));
    steerco_keyring::save(ws, "ny").unwrap();
    assert_eq!(steerco_keyring::load(ws).unwrap().as_deref(), Some("ny"));
    // A server token is kept apart from the passphrase.
    use steerco_keyring::Secret::ServerToken;
    steerco_keyring::save_secret(ServerToken, ws, "token-123").unwrap();
    assert_eq!(steerco_keyring::load(ws).unwrap().as_deref(), Some("ny"));
    assert_eq!(
        steerco_keyring::load_secret(ServerToken, ws)
            .unwrap()
            .as_deref(),
        Some("token-123")
    );
    steerco_keyring::forget(ws).unwrap();
    assert_eq!(steerco_keyring::load(ws), Ok(None));
    steerco_keyring::forget(ws).unwrap();
    assert!(steerco_keyring::load_secret(ServerToken, ws)
        .unwrap()
        .is_some());
    steerco_keyring::forget_secret(ServerToken, ws).unwrap();
    assert_eq!(steerco_keyring::load_secret(ServerToken, ws), Ok(None));
}

#[test]
fn without_a_keyring_service_the_error_says_so() {
    // A session bus address where nothing listens: no Secret Service.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "probe_unavailable", "--nocapture"])
        .env(INNER, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", dir.path().join("nobody").display()),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn probe_unavailable() {
    if std::env::var_os(INNER).is_none() {
        return; // run only from the test above, with no bus
    }
    let e = steerco_keyring::load("ws").unwrap_err();
    assert_eq!(e.code(), "keyring_unavailable", "{e}");
}
