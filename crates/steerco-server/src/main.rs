//! `steerco-server`: serve, or administer workspaces and tokens.
//!
//!   steerco-server --data DIR [--listen 127.0.0.1:8080] [--tls-cert F --tls-key F]
//!   steerco-server --data DIR workspace create NAME
//!   steerco-server --data DIR token create --workspace NAME --member PERSON
//!   steerco-server --data DIR token revoke (--workspace NAME --member PERSON | --id ID)

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use steerco_server::{db, router, tls, AppState, Config};

#[derive(Parser)]
#[command(name = "steerco-server", version, about = "The Steerco sync server")]
struct Cli {
    /// The folder of the server's database.
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// Address to listen on (port 0: any free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
    /// PEM certificate chain: serve HTTPS (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// The largest segment accepted, in bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    max_segment_bytes: usize,
    /// The most segment bytes in one page of GET .../segments (at least one segment).
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_page_bytes: usize,
    #[command(subcommand)]
    command: Option<Admin>,
}

#[derive(Subcommand)]
enum Admin {
    /// Workspaces on this server.
    Workspace {
        #[command(subcommand)]
        verb: WorkspaceVerb,
    },
    /// Members' bearer tokens.
    Token {
        #[command(subcommand)]
        verb: TokenVerb,
    },
}

#[derive(Subcommand)]
enum WorkspaceVerb {
    /// Create a workspace (1-64 of A-Z a-z 0-9 . _ -).
    Create { name: String },
}

#[derive(Subcommand)]
enum TokenVerb {
    /// Create a token for a member; it is printed once and stored only as a hash.
    Create {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        member: String,
    },
    /// Revoke a member's tokens in a workspace, or one token by id.
    Revoke {
        #[arg(long, requires = "member", conflicts_with = "id")]
        workspace: Option<String>,
        #[arg(long, requires = "workspace")]
        member: Option<String>,
        #[arg(long)]
        id: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("steerco-server: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let conn = db::open(&cli.data).map_err(|e| e.to_string())?;
    match cli.command {
        Some(Admin::Workspace {
            verb: WorkspaceVerb::Create { name },
        }) => {
            db::create_workspace(&conn, &name).map_err(|e| e.to_string())?;
            eprintln!("workspace {name} created");
            Ok(())
        }
        Some(Admin::Token {
            verb: TokenVerb::Create { workspace, member },
        }) => {
            let (id, token) =
                db::create_token(&conn, &workspace, &member).map_err(|e| e.to_string())?;
            println!("{token}");
            eprintln!("token {id} for {member} in {workspace}; it is shown only now");
            Ok(())
        }
        Some(Admin::Token {
            verb:
                TokenVerb::Revoke {
                    workspace,
                    member,
                    id,
                },
        }) => {
            let n = db::revoke(
                &conn,
                workspace.as_deref(),
                member.as_deref(),
                id.as_deref(),
            )
            .map_err(|e| e.to_string())?;
            eprintln!("{n} token(s) revoked");
            Ok(())
        }
        None => serve(cli, conn),
    }
}

fn serve(cli: Cli, conn: rusqlite::Connection) -> Result<(), String> {
    tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .init();
    let stall = std::env::var("STEERCO_SERVER_TEST_STALL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis);
    let config = Config {
        max_segment_bytes: cli.max_segment_bytes,
        max_page_bytes: cli.max_page_bytes,
        stall_after_store: stall,
    };
    let tls = match (&cli.tls_cert, &cli.tls_key) {
        (Some(c), Some(k)) => Some(tls::config(c, k)?),
        _ => None,
    };
    let app = router(AppState::new(conn, config).map_err(|e| e.to_string())?);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let tcp = tokio::net::TcpListener::bind(&cli.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
        let addr = tcp.local_addr().map_err(|e| e.to_string())?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        // The one stdout line: scripts and tests read the address from it.
        println!("listening on {scheme}://{addr}");
        tracing::info!(%addr, scheme, "listening");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down");
            // Event streams never end by themselves: give requests in flight
            // a few seconds, then stop.
            tokio::spawn(async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                std::process::exit(0);
            });
        };
        match tls {
            Some(config) => {
                let listener = tls::TlsListener::new(tcp, config).map_err(|e| e.to_string())?;
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
            }
            None => axum::serve(tcp, app).with_graceful_shutdown(shutdown).await,
        }
        .map_err(|e| e.to_string())
    })
}
