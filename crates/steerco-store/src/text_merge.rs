//! Three-way merge of long texts, line by line (as Joplin does; word-level
//! merging can silently duplicate text). Two versions that changed different
//! lines of their common base merge; changes to the same lines are a conflict.
//! The result depends only on the base and the versions, not on their order.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// One edit of the base: replace base lines `start..end` with `lines`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Hunk {
    start: usize,
    end: usize,
    lines: Vec<String>,
}

fn lines(s: &str) -> Vec<String> {
    s.split_inclusive('\n').map(str::to_string).collect()
}

fn hunks(base: &[String], version: &[String]) -> Vec<Hunk> {
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, version) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.push(Hunk {
                start: old_index,
                end: old_index + old_len,
                lines: Vec::new(),
            }),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => out.push(Hunk {
                start: old_index,
                end: old_index,
                lines: version[new_index..new_index + new_len].to_vec(),
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.push(Hunk {
                start: old_index,
                end: old_index + old_len,
                lines: version[new_index..new_index + new_len].to_vec(),
            }),
        }
    }
    out
}

fn overlap(a: &Hunk, b: &Hunk) -> bool {
    // Touching the same base lines, or inserting at the same place.
    (a.start < b.end && b.start < a.end)
        || (a.start == b.start && (a.start == a.end || b.start == b.end))
        || (a.start == a.end && b.start < a.start && a.start < b.end)
        || (b.start == b.end && a.start < b.start && b.start < a.end)
}

/// Merge the versions (each a concurrent edit of `base`). None when two of
/// them change the same lines differently: a conflict for the user.
pub fn merge(base: &str, versions: &[&str]) -> Option<String> {
    let base_lines = lines(base);
    let mut all: Vec<Hunk> = Vec::new();
    for v in versions {
        for h in hunks(&base_lines, &lines(v)) {
            if all.contains(&h) {
                continue; // the same edit made twice
            }
            if all.iter().any(|o| overlap(o, &h)) {
                return None;
            }
            all.push(h);
        }
    }
    all.sort();
    let mut out = String::new();
    let mut at = 0;
    for h in &all {
        for l in &base_lines[at..h.start] {
            out.push_str(l);
        }
        for l in &h.lines {
            out.push_str(l);
        }
        at = h.end;
    }
    for l in &base_lines[at..] {
        out.push_str(l);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::merge;

    const BASE: &str = "Formål\nOmfang\nTidsplan\nRisici\n";

    #[test]
    fn edits_of_different_lines_merge_in_any_order() {
        let a = "Formål: bedre data\nOmfang\nTidsplan\nRisici\n";
        let b = "Formål\nOmfang\nTidsplan 2027\nRisici\n";
        let c = "Formål\nOmfang\nTidsplan\nRisici\nBilag\n";
        let want = "Formål: bedre data\nOmfang\nTidsplan 2027\nRisici\nBilag\n";
        let orders = [
            [a, b, c],
            [a, c, b],
            [b, a, c],
            [b, c, a],
            [c, a, b],
            [c, b, a],
        ];
        for o in orders {
            assert_eq!(merge(BASE, &o).as_deref(), Some(want), "{o:?}");
        }
    }

    #[test]
    fn edits_of_the_same_line_are_a_conflict_and_the_same_edit_twice_is_not() {
        let a = "Formål A\nOmfang\nTidsplan\nRisici\n";
        let b = "Formål B\nOmfang\nTidsplan\nRisici\n";
        assert_eq!(merge(BASE, &[a, b]), None);
        assert_eq!(merge(BASE, &[a, a]).as_deref(), Some(a));
        // Two insertions at the same place cannot be ordered without guessing.
        assert_eq!(
            merge(
                BASE,
                &[
                    "X\nFormål\nOmfang\nTidsplan\nRisici\n",
                    "Y\nFormål\nOmfang\nTidsplan\nRisici\n"
                ]
            ),
            None
        );
    }
}
