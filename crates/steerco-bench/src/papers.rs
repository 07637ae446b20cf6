//! Papers (#18): 200 papers of 1 MiB attached to a meeting's items, sent
//! to an encrypted shared folder and fetched by a member who joins, through
//! the functions the CLI and the app call. Time of each step, and the peak
//! memory of the process during the sync steps (Linux: the kernel's
//! high-water mark, reset before each step).

use std::path::Path;
use std::time::Instant;

use steerco_sync::folder::join_folder;
use steerco_sync::sync_folder;

use crate::{human_bytes, ms};

const MIB: usize = 1 << 20;
const PASSPHRASE: &str = "bench passphrase for the papers";

/// Bytes that do not compress: each paper differs (seeded xorshift).
fn content(k: u64, len: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ (k + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

pub fn run(dir: &Path, quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = if quick { 20 } else { 200 };
    let root = dir.join("papers-bench");
    std::fs::create_dir_all(root.join("files"))?;
    let mut a = crate::new_store(&root.join("a.steerco"))?;
    a.set_me("Sekretær")?;
    a.add_committee("Styregruppen", "steering", None, None)?;
    let at = a.parse_datetime("2026-03-10T09:00")?;
    let meeting = a.add_meeting("Styregruppen", "Møde med bilag", at, 120)?;
    let mut items = Vec::new();
    for i in 0..20 {
        items.push(a.add_agenda_item(
            &meeting,
            &format!("Punkt {}", i + 1),
            None,
            None,
            None,
            false,
        )?);
    }
    let mut files = Vec::new();
    for k in 0..count {
        let path = root.join("files").join(format!("bilag-{k}.pdf"));
        std::fs::write(&path, content(k as u64, MIB))?;
        files.push(path);
    }

    let start = Instant::now();
    for (k, file) in files.iter().enumerate() {
        a.add_attachment(&items[k % items.len()], file, None)?;
    }
    let added = start.elapsed();

    let folder = root.join("shared");
    let send_before = reset_peak();
    let start = Instant::now();
    let sent = sync_folder(&mut a, &folder, Some(PASSPHRASE))?;
    let send_time = start.elapsed();
    let send_peak = peak();

    let join_before = reset_peak();
    let start = Instant::now();
    let (_b, joined) = join_folder(
        &root.join("b.steerco"),
        &folder,
        Some(PASSPHRASE),
        Box::new(steerco_domain::SystemClock),
    )?;
    let join_time = start.elapsed();
    let join_peak = peak();
    if sent.papers.sent != count || joined.papers.received != count {
        return Err(format!(
            "papers: sent {}, received {} of {count}",
            sent.papers.sent, joined.papers.received
        )
        .into());
    }
    let total = (count * MIB) as u64;
    let rate = |t: std::time::Duration| total as f64 / MIB as f64 / t.as_secs_f64();
    println!(
        "papers: {count} of 1 MiB attached in {} ({:.0} MiB/s, hashed and stored in the blob store)",
        ms(added),
        rate(added)
    );
    println!(
        "papers: sync sending {} to an encrypted folder in {} ({:.0} MiB/s, sealed), peak memory {send_peak} ({send_before} before it)",
        human_bytes(total),
        ms(send_time),
        rate(send_time),
    );
    println!(
        "papers: join fetching them in {} ({:.0} MiB/s, opened and verified), peak memory {join_peak} ({join_before} before it)",
        ms(join_time),
        rate(join_time),
    );
    let _ = std::fs::remove_dir_all(&root);
    Ok(())
}

/// Reset the kernel's record of this process's peak memory (Linux only);
/// the resident memory at that point.
fn reset_peak() -> String {
    #[cfg(target_os = "linux")]
    {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
    status_field("VmRSS:")
}

/// This process's peak resident memory since the last reset, as text.
fn peak() -> String {
    status_field("VmHWM:")
}

fn status_field(field: &str) -> String {
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(kb) = status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            return human_bytes(kb * 1024);
        }
    }
    let _ = field;
    "not measured on this platform".into()
}
