//! FTS5's leaf pages as `doclists.rs` reads them: a page's layout (its
//! header and the footer of term offsets), and a term's doclist, its
//! (rowid, position list) entries, read a page's part at a time.

use super::rank::Counts;

/// A leaf page's layout: where its first rowid is (when it comes before its
/// first term), where its footer starts, and where its terms start.
pub(super) struct Leaf {
    pub(super) first_rowid: Option<usize>,
    pub(super) end: usize,
    pub(super) terms: Vec<usize>,
}

impl Leaf {
    pub(super) fn parse(data: &[u8]) -> Option<Self> {
        let first_rowid = usize::from(u16::from_be_bytes([*data.first()?, *data.get(1)?]));
        let end = usize::from(u16::from_be_bytes([*data.get(2)?, *data.get(3)?]));
        if end < 4 || end > data.len() || (first_rowid != 0 && !(4..end).contains(&first_rowid)) {
            return None;
        }
        // The footer: each term's offset, the first whole, then differences.
        let mut terms = Vec::new();
        let mut at = end;
        let mut offset = 0usize;
        while at < data.len() {
            let step = usize::try_from(varint(data, &mut at)?).ok()?;
            if !terms.is_empty() && step == 0 {
                return None;
            }
            offset = offset.checked_add(step)?;
            if !(4..end).contains(&offset) {
                return None;
            }
            terms.push(offset);
        }
        if first_rowid != 0 && terms.first().is_some_and(|&t| t < first_rowid) {
            return None;
        }
        Some(Leaf {
            first_rowid: (first_rowid != 0).then_some(first_rowid),
            end,
            terms,
        })
    }
}

/// A term's doclist in one segment, read a page's part at a time.
#[derive(Default)]
pub(super) struct Doclist {
    /// Its entries so far (a count of 0: a deletion).
    entries: Counts,
    /// The last rowid read (rowids after the first on a page are deltas).
    rowid: Option<i64>,
    /// A position list going on past the page read last.
    open: Option<Positions>,
}

/// A position list being read: its row, bytes still to come, what it holds.
struct Positions {
    rowid: i64,
    left: usize,
    count: u32,
    last: i64,
    /// The position before (positions are deltas within a column).
    previous: i64,
    /// The next varint is a column number.
    column_next: bool,
}

impl Doclist {
    /// The part of a page before its first term (or all of it): the rest of
    /// an open position list, then, from `first_rowid`, more entries.
    pub(super) fn continued(
        &mut self,
        data: &[u8],
        end: usize,
        first_rowid: Option<usize>,
    ) -> Option<()> {
        let mut at = 4;
        let stop = first_rowid.unwrap_or(end);
        if let Some(mut open) = self.open.take() {
            at = open.read(data, at, stop)?;
            self.keep(open);
        }
        if at != stop {
            return None;
        }
        if first_rowid.is_some() {
            if self.open.is_some() {
                return None;
            }
            self.entries(data, at, end)?;
        }
        Some(())
    }

    /// Entries from `at` to `end`; the first rowid is whole (a doclist's or
    /// a page's first), the others differences.
    pub(super) fn entries(&mut self, data: &[u8], mut at: usize, end: usize) -> Option<()> {
        let mut whole = true;
        while at < end {
            if self.open.is_some() {
                return None;
            }
            let value = i64::try_from(varint(data, &mut at)?).ok()?;
            let rowid = match (whole, self.rowid) {
                (true, Some(before)) if value <= before => return None,
                (true, _) => value,
                (false, Some(before)) if value > 0 => before.checked_add(value)?,
                (false, _) => return None,
            };
            whole = false;
            self.rowid = Some(rowid);
            let size = usize::try_from(varint(data, &mut at)? >> 1).ok()?;
            if at > end {
                return None;
            }
            let mut positions = Positions {
                rowid,
                left: size,
                count: 0,
                last: 0,
                previous: 0,
                column_next: false,
            };
            at = positions.read(data, at, end)?;
            self.keep(positions);
        }
        (at == end).then_some(())
    }

    /// A position list read as far as this page goes: an entry once read
    /// whole, else open until the next page.
    fn keep(&mut self, p: Positions) {
        if p.left == 0 {
            self.entries.push((p.rowid, p.count, p.last));
        } else {
            self.open = Some(p);
        }
    }

    /// The entries, None when a position list was cut short.
    pub(super) fn finish(self) -> Option<Counts> {
        self.open.is_none().then_some(self.entries)
    }
}

impl Positions {
    /// Reads what is left of the list, up to `end`; where it stopped. Every
    /// varint is whole on one page (FTS5 splits a list between varints).
    fn read(&mut self, data: &[u8], start: usize, end: usize) -> Option<usize> {
        let stop = start.checked_add(self.left)?.min(end);
        let mut at = start;
        while at < stop {
            let value = varint(data, &mut at)?;
            if at > stop {
                return None;
            }
            if self.column_next {
                self.column_next = false;
                self.previous = 0;
            } else if value == 1 {
                self.column_next = true;
            } else {
                let step = i64::try_from(value.checked_sub(2)?).ok()?;
                self.previous = self.previous.checked_add(step)?;
                self.count = self.count.checked_add(1)?;
                self.last = self.last.max(self.previous);
            }
        }
        self.left -= stop - start;
        Some(stop)
    }
}

/// A varint as SQLite writes it (big-endian, 7 bits a byte, the ninth byte
/// whole), read at `at`; None past the end.
pub(super) fn varint(data: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for k in 0..9 {
        let byte = *data.get(*at)?;
        *at += 1;
        if k == 8 {
            return Some((value << 8) | u64::from(byte));
        }
        value = (value << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Doclist;

    #[test]
    fn an_entry_running_into_the_footer_is_refused() {
        // Header (footer at 9), the term "0b", a rowid ending at the footer,
        // and the footer's byte (the term at 4) where the size would be.
        let page = [0, 0, 0, 9, 2, b'0', b'b', 0x81, 0x05, 4];
        assert!(Doclist::default().entries(&page, 7, 9).is_none());
        // The same entry with its size and an empty position list fits.
        let page = [0, 0, 0, 10, 2, b'0', b'b', 0x81, 0x05, 0, 4];
        let mut doclist = Doclist::default();
        assert!(doclist.entries(&page, 7, 10).is_some());
        assert_eq!(doclist.finish(), Some(vec![(133, 0, 0)]));
    }
}
