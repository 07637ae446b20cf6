// The undo offered right after a delete (an initiative, an agenda item, an
// outcome, a member, a committee, ...): one offer at a time, in memory. The
// view that made it shows it (UndoDelete); the next navigation (or a
// restart) withdraws it. The restore itself needs nothing from here but the
// kind and the id: the deleted row stays in the workspace as a tombstone.
import type { Restorable } from './bindings';
import { api } from './api';
import { focusWhenShown } from './focus';

export type Deleted = {
  /** An initiative has its own restore; the rest go through undo_delete. */
  what: Restorable | 'initiative';
  id: string;
  /** How the offer names it: a title, a person's name, an initiative's code. */
  name: string;
  /** Where the keyboard goes once the restored row is shown again (a CSS selector). */
  focus?: string;
  /** The view that offers it, when that is not the view that deleted it (an
   *  initiative's delete leads to the portfolio); else any view's UndoDelete. */
  showIn?: string;
};

export const undo = $state<{ deleted: Deleted | null }>({ deleted: null });

/** Offer the undo of a delete just made; the keyboard goes to its button. */
export function offerUndo(deleted: Deleted): void {
  undo.deleted = deleted;
  focusWhenShown('#undo-delete-button');
}

/** Restore what was deleted (a change of its own, through the write path). */
export function restoreDeleted(d: Deleted): Promise<unknown> {
  return d.what === 'initiative' ? api.initiativeRestore(d.id) : api.undoDelete(d.what, d.id);
}
