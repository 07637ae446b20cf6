//! A deliberately wrong merge, only in this test: the convergence harness
//! must catch it, or it proves nothing. The production merge has no such
//! switch; here the changes go straight from store to store through
//! `Store::merge`, and the wrong rule is a filter in front of it.

use std::collections::BTreeSet;

use steerco_domain::Hlc;
use steerco_store::Store;

/// How a replica takes the others' changes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rule {
    /// Every change, as the real sync hands them over (the control: the
    /// direct exchange itself converges).
    Right,
    /// "My edits win": a replica drops every incoming value of a field it
    /// has written itself, so concurrent edits never meet and a later edit
    /// from elsewhere never replaces its own.
    MyEditsWin,
}

/// Replica `r` takes every change the others hold, in stamp order, through
/// `rule`; the number of changes it applied.
pub fn exchange(replicas: &mut [Store], r: usize, rule: Rule) -> usize {
    let me = replicas[r].replica();
    let own: BTreeSet<(String, String, String)> = replicas[r]
        .all_changes()
        .unwrap()
        .into_iter()
        .filter(|c| Hlc::parse(&c.hlc).is_ok_and(|h| h.replica == me))
        .flat_map(|c| {
            c.fields
                .keys()
                .map(|f| (c.tbl.clone(), c.row_id.clone(), f.clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut incoming = Vec::new();
    for (o, other) in replicas.iter().enumerate() {
        if o != r {
            incoming.extend(other.all_changes().unwrap());
        }
    }
    incoming.sort_by(|a, b| a.hlc.cmp(&b.hlc));
    incoming.dedup_by(|a, b| a.hlc == b.hlc);
    if rule == Rule::MyEditsWin {
        // Edits only: inserts and deletes pass whole, as a merge would
        // refuse them cut short.
        for c in incoming.iter_mut().filter(|c| c.op == "update") {
            let (tbl, row) = (c.tbl.clone(), c.row_id.clone());
            c.fields
                .retain(|f, _| !own.contains(&(tbl.clone(), row.clone(), f.clone())));
        }
        incoming.retain(|c| !c.fields.is_empty() || c.op != "update");
    }
    replicas[r].merge(&incoming).unwrap().applied
}
