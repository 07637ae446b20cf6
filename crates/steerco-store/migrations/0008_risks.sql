-- Steerco schema 8: the chair's overview. A risk register per initiative
-- with every reassessment kept (append-only), the narrative of highlight
-- reports, and two workspace settings: when a status turns grey, and how
-- risk scores are banded.

CREATE TABLE risk (
    id TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiative(id),
    title TEXT NOT NULL,
    cause TEXT,
    consequence TEXT,
    mitigation TEXT,
    owner_id TEXT REFERENCES person(id),
    review_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    recorded_at TEXT NOT NULL,
    sample INTEGER NOT NULL DEFAULT 0,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX risk_initiative ON risk(initiative_id);

-- Every assessment of a risk, kept: the latest is in force, earlier ones
-- give the trend.
CREATE TABLE risk_assessment (
    id TEXT PRIMARY KEY NOT NULL,
    risk_id TEXT NOT NULL REFERENCES risk(id),
    likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    residual_likelihood INTEGER CHECK (residual_likelihood BETWEEN 1 AND 5),
    residual_impact INTEGER CHECK (residual_impact BETWEEN 1 AND 5),
    assessed_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    author_id TEXT REFERENCES person(id),
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX risk_assessment_risk ON risk_assessment(risk_id, assessed_on);

-- The narrative of a highlight report, per initiative and period; the id
-- comes from the pair.
CREATE TABLE highlight (
    id TEXT PRIMARY KEY NOT NULL,
    initiative_id TEXT NOT NULL REFERENCES initiative(id),
    period TEXT NOT NULL,
    status_summary TEXT,
    this_period TEXT,
    next_period TEXT,
    issues TEXT,
    decisions_needed TEXT,
    stamp TEXT NOT NULL DEFAULT '',
    clock TEXT,
    deleted INTEGER NOT NULL DEFAULT 0
);

-- Days after which a status update no longer counts (grey); NULL: 90.
ALTER TABLE workspace ADD COLUMN grey_after_days INTEGER;
-- The upper score (likelihood x impact) of the low and medium bands, e.g.
-- '4,12'; NULL: 4 and 12.
ALTER TABLE workspace ADD COLUMN risk_bands TEXT;
