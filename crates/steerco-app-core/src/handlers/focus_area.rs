//! Focus areas: list, add, rename and renumber, move, delete.

use steerco_store::ops::focus_area::{FocusAreaEdit, FocusAreaRow};
use steerco_store::{Result, Store};

use crate::requests::*;

pub fn focus_area_list(s: &Store, _: FocusAreaListRequest) -> Result<Vec<FocusAreaRow>> {
    s.focus_area_rows()
}

pub fn focus_area_add(s: &mut Store, r: FocusAreaAddRequest) -> Result<String> {
    s.add_focus_area(r.number, &r.name)
}

/// An absent field stays; an empty English name clears it (the Danish name
/// is required, and an empty one is refused by the store).
pub fn focus_area_set(s: &mut Store, r: FocusAreaSetRequest) -> Result<()> {
    let edit = FocusAreaEdit {
        name: r.name,
        name_en: r.name_en.map(|n| Some(n).filter(|n| !n.trim().is_empty())),
        number: r.new_number,
    };
    s.edit_focus_area(r.number, edit)
}

pub fn focus_area_move(s: &mut Store, r: FocusAreaMoveRequest) -> Result<()> {
    s.move_focus_area(r.number, r.to)
}

pub fn focus_area_delete(s: &mut Store, r: FocusAreaDeleteRequest) -> Result<()> {
    s.delete_focus_area(r.number)
}
