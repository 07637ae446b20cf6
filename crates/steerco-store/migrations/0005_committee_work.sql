-- Steerco schema 5: committee work. Committees (portfolio steering group,
-- steering groups, working groups) with members; meetings with an agenda and
-- minutes as outcomes per agenda item (notes, decisions, actions).
-- Every table is synced: stamp, clock and deleted as in schema 1.

CREATE TABLE committee (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('portfolio', 'steering', 'working')),
    mandate TEXT,
    parent_id TEXT REFERENCES committee(id),
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

-- Which initiatives a committee covers; the id comes from the pair.
CREATE TABLE committee_initiative (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committee(id),
    initiative_id TEXT NOT NULL REFERENCES initiative(id),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX committee_initiative_committee ON committee_initiative(committee_id);

-- A member's role; the id comes from (committee, person), so two replicas
-- adding the same person address one row.
CREATE TABLE committee_member (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committee(id),
    person_id TEXT NOT NULL REFERENCES person(id),
    role TEXT NOT NULL CHECK (role IN ('chair', 'secretary', 'member', 'observer')),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX committee_member_committee ON committee_member(committee_id);

CREATE TABLE meeting (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committee(id),
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    duration_min INTEGER NOT NULL DEFAULT 120,
    location TEXT,
    state TEXT NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'open', 'in_progress', 'closed', 'approved')),
    approved_by TEXT,
    approved_at TEXT,
    minutes_hash TEXT,
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_committee ON meeting(committee_id, starts_at);

-- Every move of a meeting's state, kept (append-only): who, when, why.
CREATE TABLE meeting_event (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reason TEXT,
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_event_meeting ON meeting_event(meeting_id);

-- Agenda items are ordered by `position`, a fractional key (a string that
-- sorts between its neighbours), then by id: a reorder changes one item's
-- position, so concurrent reorders on two replicas merge per item and give
-- one deterministic order.
CREATE TABLE agenda_item (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    position TEXT NOT NULL,
    title TEXT NOT NULL,
    presenter TEXT,
    duration_min INTEGER,
    initiative_id TEXT REFERENCES initiative(id),
    closed INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'item' CHECK (kind IN ('item', 'follow_up')),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agenda_item_meeting ON agenda_item(meeting_id, position);

-- Minutes: outcomes per agenda item. A decision enters the decision
-- register; an action is a task with one owner and a due date.
CREATE TABLE outcome (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meeting(id),
    agenda_item_id TEXT NOT NULL REFERENCES agenda_item(id),
    kind TEXT NOT NULL CHECK (kind IN ('note', 'decision', 'action')),
    text TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    decision_status TEXT
        CHECK (decision_status IN ('proposed', 'adopted', 'rejected', 'superseded')),
    supersedes_id TEXT REFERENCES outcome(id),
    initiative_id TEXT REFERENCES initiative(id),
    owner_id TEXT REFERENCES person(id),
    due_date TEXT,
    task_state TEXT CHECK (task_state IN ('todo', 'doing', 'blocked', 'done')),
    board_committee_id TEXT REFERENCES committee(id),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outcome_meeting ON outcome(meeting_id, agenda_item_id);
CREATE INDEX outcome_task ON outcome(kind, task_state, due_date);
