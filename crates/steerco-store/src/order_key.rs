//! Fractional order keys: strings that sort (bytewise) between their
//! neighbours, so moving an item changes only that item's key. Two replicas
//! that reorder at once each change one field of one row; the merge keeps one
//! key per item and the order (key, then id) is the same everywhere.

/// The digits, in ascending byte order.
const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn digit(c: u8) -> usize {
    DIGITS.iter().position(|d| *d == c).unwrap_or(0)
}

/// A key strictly between `a` and `b` (None: open end). Keys never end in
/// the lowest digit, so there is always room below one.
pub fn between(a: Option<&str>, b: Option<&str>) -> String {
    let a = a.unwrap_or("").as_bytes();
    let b = b.map(str::as_bytes);
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let lo = a.get(i).map_or(0, |c| digit(*c));
        let hi = match b {
            Some(b) => b.get(i).map_or(DIGITS.len(), |c| digit(*c)),
            None => DIGITS.len(),
        };
        if hi > lo + 1 {
            out.push(DIGITS[(lo + hi) / 2]);
            return String::from_utf8(out).unwrap_or_default();
        }
        // No room at this digit: keep a's digit and look further; once we are
        // below b's digit the upper bound is open from here on.
        out.push(DIGITS[lo]);
        if hi > lo {
            return finish_above(&out, &a[(i + 1).min(a.len())..]);
        }
        i += 1;
    }
}

/// `prefix` followed by a suffix above `rest` (with no upper bound).
fn finish_above(prefix: &[u8], rest: &[u8]) -> String {
    let mut out = prefix.to_vec();
    let tail = between(Some(std::str::from_utf8(rest).unwrap_or("")), None);
    out.extend_from_slice(tail.as_bytes());
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::between;

    #[test]
    fn keys_sort_between_their_neighbours() {
        let first = between(None, None);
        let after = between(Some(&first), None);
        let before = between(None, Some(&first));
        let mid = between(Some(&first), Some(&after));
        assert!(
            before < first && first < mid && mid < after,
            "{before} {first} {mid} {after}"
        );
        // Many inserts at the same place keep working.
        let (mut lo, hi) = (first.clone(), after.clone());
        for _ in 0..200 {
            let k = between(Some(&lo), Some(&hi));
            assert!(lo < k && k < hi, "{lo} < {k} < {hi}");
            lo = k;
        }
        let mut hi2 = first.clone();
        for _ in 0..200 {
            let k = between(None, Some(&hi2));
            assert!(k < hi2, "{k} < {hi2}");
            hi2 = k;
        }
        // Adjacent digits.
        let k = between(Some("a"), Some("b"));
        assert!("a" < k.as_str() && k.as_str() < "b", "{k}");
        let k = between(Some("az"), Some("b"));
        assert!("az" < k.as_str() && k.as_str() < "b", "{k}");
    }
}
