//! init, workspace show, person, export and import.

use std::path::Path;

use serde_json::json;
use steerco_app_core::settings::{data_dir, AppSettings};
use steerco_domain::SystemClock;
use steerco_store::{export, LocalKey, NewWorkspace, Store};

use super::{Ctx, Result};
use crate::args::{ExportWhat, ImportWhat, InitArgs, PersonVerb, WorkspaceVerb};
use crate::output;

pub fn init(ctx: &Ctx, args: InitArgs) -> Result {
    let settings = NewWorkspace {
        id: None,
        name: args.name.unwrap_or_else(|| "Steerco".into()),
        time_zone: args.time_zone,
    };
    let mut store = Store::create(&ctx.workspace, settings, Box::new(SystemClock))?;
    let filled = (|| -> Result {
        ctx.act(&mut store)?;
        if args.demo {
            store.load_demo()?;
        }
        Ok(())
    })();
    if let Err(e) = filled {
        // `init` that fails leaves no workspace behind.
        drop(store);
        steerco_store::remove_db_files(&ctx.workspace);
        return Err(e);
    }
    let p = store.portfolio()?;
    output::line(&format!(
        "created {} ({} initiatives{})",
        ctx.workspace.display(),
        p.known,
        if args.demo {
            ", demo with illustrative sample data"
        } else {
            ""
        }
    ))?;
    Ok(())
}

pub fn workspace(ctx: &Ctx, verb: WorkspaceVerb) -> Result {
    let json = match verb {
        WorkspaceVerb::Show { json } => json,
        WorkspaceVerb::Set {
            grey_after_days,
            risk_bands,
            attachment_limit_mib,
        } => {
            let mut store = ctx.open_for_change()?;
            if let Some(days) = grey_after_days {
                store.set_grey_after_days(days)?;
            }
            if let Some(bands) = risk_bands {
                store.set_bands(&bands)?;
            }
            if let Some(mib) = attachment_limit_mib {
                store.set_attachment_limit(mib)?;
            }
            return Ok(());
        }
    };
    let store = ctx.open()?;
    let ws = store.workspace()?;
    let me = store.me().map(str::to_string);
    let info = json!({
        "id": ws.id,
        "name": ws.name,
        "time_zone": ws.time_zone,
        "planned_initiatives": ws.planned_initiatives,
        "sample": ws.sample,
        "path": store.path(),
        "replica": store.replica().to_string(),
        "me": me.as_deref().map(|id| store.person_name(id)).transpose()?.flatten(),
        "schema_version": store.schema_version()?,
        "changes": store.change_count()?,
    });
    if json {
        output::json(&info)?;
    } else if let Some(obj) = info.as_object() {
        for (k, v) in obj {
            let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            output::line(&format!("{k:20} {v}"))?;
        }
    }
    Ok(())
}

pub fn person(ctx: &Ctx, verb: PersonVerb) -> Result {
    match verb {
        PersonVerb::List { json } => {
            let store = ctx.open()?;
            let people = store.people()?;
            if json {
                return output::json(&people);
            }
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    vec![
                        p.id[..8].to_string(),
                        p.name.clone(),
                        if p.sample {
                            "sample".into()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect();
            output::table(&["ID", "NAME", ""], &rows)?;
        }
        PersonVerb::Add { name, json } => {
            let mut store = ctx.open_for_change()?;
            let id = store.add_person(&name, false)?;
            if json {
                return output::json(&store.find_person(&id)?);
            }
            output::line(&id)?;
        }
        PersonVerb::Set { name, email } => super::corrections::person_set(ctx, name, email)?,
        PersonVerb::Me { set: Some(name) } => {
            // The installation's identity (shared with the app), and who this
            // installation is in this workspace.
            let mut store = ctx.open()?;
            let person = store.set_me(&name)?;
            let dir = data_dir();
            let mut settings = AppSettings::load(&dir);
            settings.my_name = Some(person.name.clone());
            settings.save(&dir)?;
            output::line(&person.name)?;
        }
        PersonVerb::Me { set: None } => {
            // Who a change made now would be credited to, changing nothing.
            let identity = ctx.identity();
            let store = ctx.open()?;
            let remembered = !identity.for_this_run_only()
                && store.local_setting(LocalKey::MeFor)?.as_deref() == Some(identity.name.as_str());
            let name = match store.me().filter(|_| remembered) {
                Some(id) => store.person_name(id)?.unwrap_or(identity.name),
                None => identity.name,
            };
            output::line(&name)?;
        }
    }
    Ok(())
}

pub fn export(ctx: &Ctx, what: ExportWhat) -> Result {
    let store = ctx.open()?;
    let (bytes, out) = match what {
        ExportWhat::Json { output } => (store.export_json()?.into_bytes(), output),
        other => super::export::file(&store, other)?,
    };
    match out {
        Some(path) if path.as_os_str() != "-" => write_file(&path, &bytes)?,
        _ => {
            use std::io::Write;
            std::io::stdout().lock().write_all(&bytes)?;
        }
    }
    Ok(())
}

/// Write through a temporary file and rename, so a failed write (a full
/// disk) never leaves a half file where a good one was.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".part");
    let tmp = std::path::PathBuf::from(tmp);
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)?;
    }
    let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(written?)
}

pub fn import(ctx: &Ctx, what: ImportWhat) -> Result {
    let file = match what {
        ImportWhat::Json { file } => file,
        ImportWhat::Spreadsheet(args) => return super::sheet::import(ctx, args),
    };
    let text = std::fs::read_to_string(&file)
        .map_err(|e| super::CliError::Input(format!("cannot read {}: {e}", file.display())))?;
    let store = export::import_json(&ctx.workspace, &text, Box::new(SystemClock))?;
    output::line(&format!(
        "imported {} into {} ({} rows)",
        file.display(),
        ctx.workspace.display(),
        store.change_count()?
    ))?;
    Ok(())
}
