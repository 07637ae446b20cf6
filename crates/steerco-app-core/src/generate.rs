//! Files generated from the command list: the typed TypeScript client, the
//! command names the shell's build script declares, and the window's
//! permissions. `tests/generated.rs` fails when a checked-in copy is stale;
//! `make bindings` rewrites them.

use ts_rs::Config;

use crate::commands::{camel, Kind, COMMANDS};

/// How ts-rs names our types (our integers: years, DKK amounts, counts, fit
/// in a JS number).
pub fn ts_config() -> Config {
    Config::new().with_large_int("number")
}

/// `ui/src/lib/commands.ts`: one function per command, taking the request's
/// fields in order; the only `invoke` of the UI.
pub fn typescript_client(bindings: &str) -> String {
    let cfg = ts_config();
    let mut body = String::new();
    for c in COMMANDS {
        let params: Vec<String> = c
            .fields
            .iter()
            .map(|(name, ty)| format!("{}: {}", param(name), ty(&cfg)))
            .collect();
        let fields: Vec<String> = c.fields.iter().map(|(name, _)| param(name)).collect();
        let fields = if fields.is_empty() {
            "{}".to_string()
        } else {
            format!("{{ {} }}", fields.join(", "))
        };
        let kind = match c.kind {
            Kind::Read => "reads the open workspace",
            Kind::Write => "changes the open workspace",
            Kind::Session => "the session",
            Kind::Shell => "the window shell",
        };
        body.push_str(&format!(
            "  /** `{}` ({kind}). */\n  {}: ({}): Promise<{}> => call('{}', {fields}),\n",
            c.name,
            camel(c.name),
            params.join(", "),
            (c.response)(&cfg),
            c.name,
        ));
    }
    let inputs = inputs(&cfg);
    let used: Vec<&str> = declared_types(bindings)
        .into_iter()
        .filter(|t| mentions(&body, t))
        .collect();
    format!(
        "// Generated from crates/steerco-app-core/src/commands.rs (the command list).\n\
         // Do not edit: run `make bindings`.\n\
         import {{ invoke }} from '@tauri-apps/api/core';\n\
         import {{ AppError }} from './app_error';\n\
         import type {{ {} }} from './bindings';\n\
         \n\
         {inputs}\
         \n\
         async function call<T>(cmd: string, req: Record<string, unknown>): Promise<T> {{\n\
         \x20 try {{\n\
         \x20   return await invoke<T>(cmd, {{ req }});\n\
         \x20 }} catch (e) {{\n\
         \x20   throw AppError.from(e);\n\
         \x20 }}\n\
         }}\n\
         \n\
         export const commands = {{\n{body}}};\n",
        used.join(", ")
    )
}

/// The structured parts of requests (inputs.rs), declared here beside the
/// commands that take them.
fn inputs(cfg: &Config) -> String {
    use crate::inputs::*;
    use ts_rs::TS;
    [
        AgendaItemInput::decl(cfg),
        OutcomeInput::decl(cfg),
        TaskFilterInput::decl(cfg),
        RiskInput::decl(cfg),
        AssessmentInput::decl(cfg),
        Keep::decl(cfg),
        PublishInput::decl(cfg),
    ]
    .iter()
    .map(|d| format!("export {d}\n"))
    .collect()
}

/// A field's name as a TypeScript parameter (camelCase).
fn param(field: &str) -> String {
    camel(field)
}

/// The type names bindings.ts exports.
fn declared_types(bindings: &str) -> Vec<&str> {
    bindings
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<', '=']).next())
        .collect()
}

/// Whether `text` uses the identifier `name` (not as part of a longer one).
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

/// `src-tauri/src/command_names.in`: the names the shell's build script
/// declares, so each command needs its permission.
pub fn command_names() -> String {
    let mut out = String::from("// Generated from the command list: run `make bindings`.\n[\n");
    for c in COMMANDS {
        out.push_str(&format!("    \"{}\",\n", c.name));
    }
    out.push_str("]\n");
    out
}

/// `src-tauri/capabilities/main.json`: the main window may call the app's
/// own commands and listen to its events, nothing else.
pub fn capabilities() -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_string(),
        "core:event:allow-unlisten".to_string(),
    ];
    permissions.extend(
        COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
    );
    let doc = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "What the main window may call: the app's own commands (generated from the command list in crates/steerco-app-core) and listening to its events. Nothing else (no file system, shell or HTTP access from the page).",
        "windows": ["main"],
        "permissions": permissions,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
