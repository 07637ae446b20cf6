// The undo offered right after an initiative is deleted. It lives in memory:
// the portfolio the delete leads to offers it, and the next navigation (or a
// restart) withdraws it. The restore itself needs nothing from here but the
// id: the deleted row stays in the workspace, so it would work later too.
export const undo = $state<{ deleted: { id: string; code: string } | null }>({ deleted: null });
