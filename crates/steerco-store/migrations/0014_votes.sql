-- Steerco schema 14: votes on agenda items, declarations of interest and
-- written resolutions (votes between meetings, with a closing time).

-- A committee's voting rules. The quorum: how many voting members must count
-- (present without a declared interest; for a written resolution, those who
-- voted), NULL for none. The casting vote: whether the chair's vote decides a
-- tie (else a tie rejects).
ALTER TABLE committee ADD COLUMN quorum INTEGER;
ALTER TABLE committee ADD COLUMN casting_vote INTEGER NOT NULL DEFAULT 0;

-- A member's declared interest in an agenda item: they do not vote on it and
-- do not count toward its quorum. The id comes from (item, person), so two
-- replicas recording one declaration address one row.
CREATE TABLE interest (
    id TEXT PRIMARY KEY NOT NULL,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_item(id),
    person_id TEXT NOT NULL REFERENCES person(id),
    note TEXT,
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX interest_item ON interest(agenda_item_id);

-- A vote: on an agenda item (a meeting's), or a written resolution of a
-- committee (no meeting, a closing time), under the committee's voting rules
-- as they were when it was put (a later change of the rules leaves it).
-- `result` is set when it is closed.
CREATE TABLE vote (
    id TEXT PRIMARY KEY NOT NULL,
    committee_id TEXT NOT NULL REFERENCES committee(id),
    meeting_id TEXT REFERENCES meeting(id),
    agenda_item_id TEXT REFERENCES agenda_item(id),
    proposal TEXT NOT NULL,
    closes_at TEXT,
    quorum INTEGER,
    casting_vote INTEGER NOT NULL DEFAULT 0,
    result TEXT CHECK (result IN ('adopted', 'rejected', 'not_quorate')),
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX vote_meeting ON vote(meeting_id, agenda_item_id);
CREATE INDEX vote_committee ON vote(committee_id);

-- Every choice a member made on a vote, kept (append-only, so votes cast on
-- several replicas are a union): the member's last one counts, by its stamp.
CREATE TABLE ballot (
    id TEXT PRIMARY KEY NOT NULL,
    vote_id TEXT NOT NULL REFERENCES vote(id),
    person_id TEXT NOT NULL REFERENCES person(id),
    choice TEXT NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    author_id TEXT REFERENCES person(id),
    recorded_at TEXT NOT NULL,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ballot_vote ON ballot(vote_id, person_id);
