//! Live events across server processes on one PostgreSQL database. A push
//! NOTIFYs in its own transaction, so listeners hear only of committed
//! segments. Each process LISTENs on one connection of its own, outside the
//! pool (a pooled connection would be handed to other requests), and fans
//! what it hears out to its own event streams as a local push does.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_postgres::{AsyncMessage, Transaction};

use crate::db::{random_hex, Result};
use crate::Shared;

const CHANNEL: &str = "steerco_segment";
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// This process's name in payloads: its own pushes are already fanned out
/// by the push handler, so the listener skips them (no event twice).
fn origin() -> &'static str {
    static ORIGIN: OnceLock<String> = OnceLock::new();
    // Without randomness the process id still tells processes on one host apart.
    ORIGIN.get_or_init(|| random_hex(8).unwrap_or_else(|_| format!("pid{}", std::process::id())))
}

/// Tell the listening processes of a new segment when `tx` commits.
pub(crate) async fn notify(tx: &Transaction<'_>, workspace: &str, seq: u64) -> Result<()> {
    let payload = json!({"origin": origin(), "workspace": workspace, "seq": seq}).to_string();
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
        .await?;
    Ok(())
}

/// Start this process's listener on the database at `url`. The first
/// LISTEN is awaited, so a server that says it listens hears other
/// servers' pushes from then on; after that the listener reconnects with
/// backoff when its connection drops (events in between are lost, and
/// clients catch up on their pull timer).
pub async fn start(state: &Shared, url: &str) -> Result<()> {
    let crate::pg_tls::Target { mut config, tls } = crate::pg_tls::target(url)?;
    // Named, to be told apart in pg_stat_activity.
    config.application_name("steerco-events");
    let events = state.events.clone();
    let mut session = listen(&config, &tls, &events).await;
    tokio::spawn(async move {
        let mut backoff = FIRST_BACKOFF;
        loop {
            let started = Instant::now();
            let why = match session {
                Ok(driver) => driver.await.unwrap_or_else(|e| e.to_string()),
                Err(e) => e,
            };
            tracing::warn!(error = %why, "the event listener lost its database connection");
            // A connection that lasted was a drop, not a refusal: start over.
            if started.elapsed() > MAX_BACKOFF {
                backoff = FIRST_BACKOFF;
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
            session = listen(&config, &tls, &events).await;
        }
    });
    Ok(())
}

/// Connect and LISTEN; the task returned runs until the connection ends
/// and answers why it ended.
async fn listen(
    config: &tokio_postgres::Config,
    tls: &tokio_postgres_rustls::MakeRustlsConnect,
    events: &broadcast::Sender<(String, u64)>,
) -> std::result::Result<JoinHandle<String>, String> {
    let (client, mut conn) = config
        .connect(tls.clone())
        .await
        .map_err(|e| crate::pg::with_causes(&e))?;
    let events = events.clone();
    // The connection only makes progress while polled, LISTEN's reply too.
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| conn.poll_message(cx));
        while let Some(m) = messages.next().await {
            match m {
                Ok(AsyncMessage::Notification(n)) => fan_out(&events, n.payload()),
                Ok(_) => {}
                Err(e) => return e.to_string(),
            }
        }
        "the connection closed".to_string()
    });
    if let Err(e) = client.batch_execute(&format!("LISTEN {CHANNEL}")).await {
        driver.abort();
        return Err(e.to_string());
    }
    tracing::info!("listening for other servers' pushes");
    // Dropping `client` would close the connection: it lives as long.
    Ok(tokio::spawn(async move {
        let why = driver.await.unwrap_or_else(|e| e.to_string());
        drop(client);
        why
    }))
}

fn fan_out(events: &broadcast::Sender<(String, u64)>, payload: &str) {
    let Ok(v) = serde_json::from_str::<Value>(payload) else {
        return;
    };
    if v["origin"] == origin() {
        return;
    }
    if let (Some(ws), Some(seq)) = (v["workspace"].as_str(), v["seq"].as_u64()) {
        let _ = events.send((ws.to_string(), seq));
    }
}
