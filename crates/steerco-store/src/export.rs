//! Canonical export: the workspace's content as deterministic JSON. Tables in
//! registry order, rows sorted by id, keys sorted, tombstoned rows left out,
//! and nothing local (replica id, who I am, clock, change log): identical
//! content gives identical bytes whatever order it was written in.

use std::path::Path;

use rusqlite::types::ValueRef;
use serde_json::{Map, Value as Json};
use steerco_domain::{Clock, Value};

use crate::error::{Result, StoreError};
use crate::schema::{self, TABLES};
use crate::{NewWorkspace, RowChange, Store};

pub const FORMAT: &str = "steerco-workspace";
pub const FORMAT_VERSION: i64 = 1;

impl Store {
    pub fn export_value(&self) -> Result<Json> {
        let mut tables = Map::new();
        for def in TABLES {
            let cols: Vec<&str> = def.fields.iter().map(|f| f.name).collect();
            let sql = format!(
                "SELECT id, {} FROM {} WHERE deleted = 0 ORDER BY id",
                cols.join(", "),
                def.name
            );
            let mut stmt = self.conn().prepare(&sql)?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let mut obj = Map::new();
                obj.insert("id".into(), Json::from(r.get::<_, String>(0)?));
                for (i, name) in cols.iter().enumerate() {
                    let v = match r.get_ref(i + 1)? {
                        ValueRef::Null => Json::Null,
                        ValueRef::Integer(n) => Json::from(n),
                        ValueRef::Real(f) => Json::from(f),
                        ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
                        ValueRef::Blob(_) => Json::Null,
                    };
                    obj.insert((*name).into(), v);
                }
                out.push(Json::Object(obj));
            }
            tables.insert(def.name.into(), Json::Array(out));
        }
        let mut root = Map::new();
        root.insert("format".into(), Json::from(FORMAT));
        root.insert("version".into(), Json::from(FORMAT_VERSION));
        root.insert("tables".into(), Json::Object(tables));
        Ok(Json::Object(root))
    }

    /// The canonical export as pretty-printed JSON with a final newline.
    pub fn export_json(&self) -> Result<String> {
        let mut s = serde_json::to_string_pretty(&self.export_value()?)?;
        s.push('\n');
        Ok(s)
    }
}

fn to_value(v: &Json) -> Result<Value> {
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Value::Text(s.clone()),
        _ => return Err(StoreError::BadExport(format!("unexpected value {v}"))),
    })
}

/// Check an export and turn it into insert changes, in dependency order.
fn changes_from_export(doc: &Json) -> Result<(String, Vec<RowChange>)> {
    let bad = |m: &str| StoreError::BadExport(m.to_string());
    if doc.get("format").and_then(Json::as_str) != Some(FORMAT) {
        return Err(bad(
            "the file has no \"format\": \"steerco-workspace\" field",
        ));
    }
    match doc.get("version").and_then(Json::as_i64) {
        Some(FORMAT_VERSION) => {}
        Some(v) if v > FORMAT_VERSION => {
            return Err(bad(&format!(
                "format version {v} is newer than this Steerco reads ({FORMAT_VERSION}); update Steerco"
            )))
        }
        _ => return Err(bad("missing or invalid format version")),
    }
    let tables = doc
        .get("tables")
        .and_then(Json::as_object)
        .ok_or_else(|| bad("no tables"))?;
    if let Some(unknown) = tables.keys().find(|k| schema::table(k).is_none()) {
        return Err(bad(&format!("unknown table {unknown:?}")));
    }
    let mut workspace_id = None;
    let mut changes = Vec::new();
    for def in TABLES {
        let Some(rows) = tables.get(def.name) else {
            continue;
        };
        let rows = rows
            .as_array()
            .ok_or_else(|| bad(&format!("{} is not a list", def.name)))?;
        for row in rows {
            let obj = row
                .as_object()
                .ok_or_else(|| bad(&format!("a row of {} is not an object", def.name)))?;
            let id = obj
                .get("id")
                .and_then(Json::as_str)
                .ok_or_else(|| bad(&format!("a row of {} has no id", def.name)))?;
            let mut change = RowChange::insert(def.name, id);
            for (key, value) in obj {
                if key == "id" {
                    continue;
                }
                let field = def
                    .field(key)
                    .ok_or_else(|| bad(&format!("{} has no field {key:?}", def.name)))?;
                change.fields.push((field.name, to_value(value)?));
            }
            if def.name == "workspace" {
                if workspace_id.is_some() {
                    return Err(bad("more than one workspace"));
                }
                workspace_id = Some((id.to_string(), change));
            } else {
                changes.push(change);
            }
        }
    }
    let (id, ws) = workspace_id.ok_or_else(|| bad("no workspace row"))?;
    changes.insert(0, ws);
    Ok((id, changes))
}

/// Create a new workspace at `path` from a canonical export. Nothing is left
/// at `path` when the export is refused.
pub fn import_json(path: &Path, json: &str, clock: Box<dyn Clock>) -> Result<Store> {
    if path.exists() {
        return Err(StoreError::AlreadyExists(path.to_path_buf()));
    }
    let doc: Json =
        serde_json::from_str(json).map_err(|e| StoreError::BadExport(format!("not JSON ({e})")))?;
    let (id, mut changes) = changes_from_export(&doc)?;
    let ws = changes.remove(0);
    for (name, value) in &ws.fields {
        let def = schema::table("workspace").and_then(|t| t.field(name));
        if let Some(why) = def.and_then(|f| schema::check_value(f, value)) {
            return Err(StoreError::BadExport(why));
        }
    }
    let get = |k: &str| {
        ws.fields
            .iter()
            .find(|(n, _)| *n == k)
            .and_then(|(_, v)| v.as_str().map(str::to_string))
    };
    let settings = NewWorkspace {
        id: Some(id.clone()),
        name: get("name").unwrap_or_default(),
        time_zone: get("time_zone").unwrap_or_else(|| "Europe/Copenhagen".into()),
    };
    let mut store = Store::create(path, settings, clock)?;
    // The workspace row exists now; set the rest of its fields.
    let mut rest = RowChange::update("workspace", id);
    rest.fields = ws
        .fields
        .into_iter()
        .filter(|(n, _)| *n != "name" && *n != "time_zone")
        .collect();
    parents_first(&mut changes);
    if !rest.fields.is_empty() {
        changes.insert(0, rest);
    }
    if let Err(e) = store.write(changes) {
        drop(store);
        crate::remove_db_files(path);
        return Err(match e {
            StoreError::Refused(r) => StoreError::BadExport(r.to_string()),
            e => e,
        });
    }
    Ok(store)
}

/// Within a table whose rows refer to rows of the same table (a committee's
/// parent, the decision one supersedes), put each row after the one it
/// refers to: the export sorts rows by id, and a row may only refer to one
/// that exists. The order of tables is kept.
fn parents_first(changes: &mut [RowChange]) {
    use std::collections::HashMap;
    let parent_of = |c: &RowChange| -> Option<String> {
        let def = schema::table(c.table)?;
        c.fields.iter().find_map(|(name, v)| {
            let own = def
                .field(name)
                .is_some_and(|f| matches!(f.kind, schema::FieldKind::Ref(t) if t == c.table));
            own.then(|| v.as_str().map(str::to_string)).flatten()
        })
    };
    let parents: HashMap<(&str, String), Option<String>> = changes
        .iter()
        .map(|c| ((c.table, c.row_id.clone()), parent_of(c)))
        .collect();
    let depth = |c: &RowChange| {
        let mut n = 0usize;
        let mut at = parents.get(&(c.table, c.row_id.clone())).cloned().flatten();
        // A cycle cannot be written; the bound only keeps a bad file finite.
        while let Some(p) = at.filter(|_| n <= parents.len()) {
            n += 1;
            at = parents.get(&(c.table, p)).cloned().flatten();
        }
        n
    };
    let keys: Vec<(usize, usize)> = changes
        .iter()
        .map(|c| {
            let table = TABLES.iter().position(|t| t.name == c.table).unwrap_or(0);
            (table, depth(c))
        })
        .collect();
    let mut order: Vec<usize> = (0..changes.len()).collect();
    order.sort_by_key(|i| keys[*i]);
    let sorted: Vec<RowChange> = order.iter().map(|i| changes[*i].clone()).collect();
    for (slot, c) in changes.iter_mut().zip(sorted) {
        *slot = c;
    }
}
