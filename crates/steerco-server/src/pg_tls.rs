//! How the server reaches PostgreSQL: the URL of `--database-env`, read
//! as libpq reads it where it matters for TLS, so the same URL serves the
//! server and the backup scripts (`deploy/`, which run libpq's pg_dump):
//! - `sslmode=disable|prefer|require` as tokio-postgres takes them, and
//!   libpq's `verify-ca`/`verify-full` as `require`;
//! - `sslrootcert=FILE`: the CA certificates (PEM) the database's
//!   certificate must chain to; without it, the public web's roots
//!   (Mozilla's list, `webpki-roots`).
//!
//! TLS here always checks the certificate and the host name (rustls has no
//! other mode), so `require` is as strict as libpq's `verify-full`: a
//! database that offers a certificate it cannot prove is refused, never
//! used unchecked. Over a Unix socket no TLS is attempted, as in libpq.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::db::{DbError, Result};

/// A parsed `--database-env` URL and the TLS it asks for.
pub struct Target {
    pub config: tokio_postgres::Config,
    pub tls: MakeRustlsConnect,
}

/// Read `url` (postgres://... or key=value pairs).
pub fn target(url: &str) -> Result<Target> {
    let (rest, root) = take_root(url);
    let config: tokio_postgres::Config = rest
        .parse()
        .map_err(|e| DbError::Refused(format!("not a PostgreSQL URL: {e}")))?;
    Ok(Target {
        config,
        tls: MakeRustlsConnect::new(client_config(root.as_deref())?),
    })
}

/// The URL without `sslrootcert` (tokio-postgres does not know it), with
/// libpq's verifying modes as `require`, and the file it named.
fn take_root(url: &str) -> (String, Option<String>) {
    let mut root = None;
    let mut keep = |pair: &str| -> Option<String> {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match (key, value) {
            ("sslrootcert", v) => {
                root = Some(percent_decode(v));
                None
            }
            ("sslmode", "verify-ca" | "verify-full") => Some("sslmode=require".into()),
            _ => Some(pair.to_string()),
        }
    };
    let rest = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        match url.split_once('?') {
            Some((base, query)) => {
                let kept: Vec<String> = query.split('&').filter_map(&mut keep).collect();
                if kept.is_empty() {
                    base.to_string()
                } else {
                    format!("{base}?{}", kept.join("&"))
                }
            }
            None => url.to_string(),
        }
    } else {
        let kept: Vec<String> = url.split_whitespace().filter_map(&mut keep).collect();
        kept.join(" ")
    };
    (rest, root)
}

/// `%2F` and the like in a URL's value (a path in a query string).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| {
            std::str::from_utf8(h)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn client_config(root: Option<&str>) -> Result<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    match root {
        Some(file) => {
            let bad =
                |e: &dyn std::fmt::Display| DbError::Refused(format!("sslrootcert {file}: {e}"));
            for cert in CertificateDer::pem_file_iter(file).map_err(|e| bad(&e))? {
                roots.add(cert.map_err(|e| bad(&e))?).map_err(|e| bad(&e))?;
            }
            if roots.is_empty() {
                return Err(bad(&"no certificate in the file"));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DbError::Refused(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[cfg(test)]
mod tests {
    use super::take_root;

    #[test]
    fn sslrootcert_is_taken_out_and_verifying_modes_become_require() {
        let (rest, root) = take_root(
            "postgres://u@db.example:5432/steerco?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=x",
        );
        assert_eq!(
            rest,
            "postgres://u@db.example:5432/steerco?sslmode=require&application_name=x"
        );
        assert_eq!(root.as_deref(), Some("/etc/ca.pem"));
        let (rest, root) = take_root("postgres://u@h/db?sslrootcert=ca.pem");
        assert_eq!(
            (rest.as_str(), root.as_deref()),
            ("postgres://u@h/db", Some("ca.pem"))
        );
        let (rest, root) = take_root("host=h dbname=d sslmode=verify-ca sslrootcert=/c.pem");
        assert_eq!(
            (rest.as_str(), root.as_deref()),
            ("host=h dbname=d sslmode=require", Some("/c.pem"))
        );
        let (rest, root) = take_root("postgres://u@h/db");
        assert_eq!((rest.as_str(), root), ("postgres://u@h/db", None));
    }
}
