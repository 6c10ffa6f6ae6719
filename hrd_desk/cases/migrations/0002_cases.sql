-- Case store, part 1 (spec §0-4, 8, 9): defenders, consents, requests, referrals, incidents,
-- threat assessments; the full-text index, the audit chain and attachments.
--
-- Each record table keeps the record as JSON in `data` (the codec's output: the single source
-- of truth) and exposes list columns as generated columns with partial indexes, so lists sort,
-- filter and page in SQL. `search_title`/`search_body` are written by the store from the
-- fields declared searchable; triggers keep the FTS index in step, soft-deleted rows excluded.
-- FTS rowid = table rid * 16 + kind code.

CREATE VIRTUAL TABLE search_index USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TABLE defenders (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    pseudonym TEXT GENERATED ALWAYS AS (json_extract(data, '$.pseudonym')) VIRTUAL,
    kind TEXT GENERATED ALWAYS AS (json_extract(data, '$.kind')) VIRTUAL,
    current_status TEXT GENERATED ALWAYS AS (json_extract(data, '$.current_status')) VIRTUAL,
    country TEXT GENERATED ALWAYS AS (json_extract(data, '$.country')) VIRTUAL,
    retention_review_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.retention_review_date')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX defenders_pseudonym ON defenders(pseudonym) WHERE deleted_at IS NULL;
CREATE INDEX defenders_kind ON defenders(kind) WHERE deleted_at IS NULL;
CREATE INDEX defenders_current_status ON defenders(current_status) WHERE deleted_at IS NULL;
CREATE INDEX defenders_country ON defenders(country) WHERE deleted_at IS NULL;
CREATE INDEX defenders_retention_review_date ON defenders(retention_review_date) WHERE deleted_at IS NULL;
CREATE INDEX defenders_updated_at ON defenders(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER defenders_fts_insert AFTER INSERT ON defenders WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 1, new.search_title, new.search_body);
END;
CREATE TRIGGER defenders_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON defenders BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 1;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 1, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER defenders_fts_delete AFTER DELETE ON defenders BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 1;
END;

-- Derived from the current threat assessment, kept by triggers on assessments.
ALTER TABLE defenders ADD COLUMN current_risk TEXT;
ALTER TABLE defenders ADD COLUMN current_risk_rank INTEGER GENERATED ALWAYS AS (
    CASE current_risk WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3
    WHEN 'critical' THEN 4 END) VIRTUAL;
CREATE INDEX defenders_pseudonym_nocase ON defenders(pseudonym COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX defenders_risk ON defenders(current_risk_rank) WHERE deleted_at IS NULL;

-- Several categories per defender, for filtering without scanning JSON.
CREATE TABLE defender_categories (
    category TEXT NOT NULL,
    defender_rid INTEGER NOT NULL,
    PRIMARY KEY (category, defender_rid)
) WITHOUT ROWID;
CREATE INDEX defender_categories_rid ON defender_categories(defender_rid);
CREATE TRIGGER defenders_categories_insert AFTER INSERT ON defenders BEGIN
    INSERT OR IGNORE INTO defender_categories(category, defender_rid)
        SELECT value, new.rid FROM json_each(new.data, '$.hrd_categories');
END;
CREATE TRIGGER defenders_categories_update AFTER UPDATE OF data ON defenders BEGIN
    DELETE FROM defender_categories WHERE defender_rid = old.rid;
    INSERT OR IGNORE INTO defender_categories(category, defender_rid)
        SELECT value, new.rid FROM json_each(new.data, '$.hrd_categories');
END;
CREATE TRIGGER defenders_categories_delete AFTER DELETE ON defenders BEGIN
    DELETE FROM defender_categories WHERE defender_rid = old.rid;
END;

CREATE TABLE consents (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL,
    withdrawn_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.withdrawn_at')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX consents_defender ON consents(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX consents_date ON consents(date) WHERE deleted_at IS NULL;
CREATE INDEX consents_withdrawn_at ON consents(withdrawn_at) WHERE deleted_at IS NULL;
CREATE INDEX consents_updated_at ON consents(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER consents_fts_insert AFTER INSERT ON consents WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 2, new.search_title, new.search_body);
END;
CREATE TRIGGER consents_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON consents BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 2;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 2, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER consents_fts_delete AFTER DELETE ON consents BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 2;
END;

CREATE TABLE requests (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    received_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.received_at')) VIRTUAL,
    priority TEXT GENERATED ALWAYS AS (json_extract(data, '$.priority')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    decision_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.decision_date')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX requests_defender ON requests(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX requests_received_at ON requests(received_at) WHERE deleted_at IS NULL;
CREATE INDEX requests_priority ON requests(priority) WHERE deleted_at IS NULL;
CREATE INDEX requests_status ON requests(status) WHERE deleted_at IS NULL;
CREATE INDEX requests_decision_date ON requests(decision_date) WHERE deleted_at IS NULL;
CREATE INDEX requests_updated_at ON requests(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER requests_fts_insert AFTER INSERT ON requests WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 3, new.search_title, new.search_body);
END;
CREATE TRIGGER requests_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON requests BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 3;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 3, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER requests_fts_delete AFTER DELETE ON requests BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 3;
END;

CREATE TABLE referrals (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    sent_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.sent_date')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX referrals_defender ON referrals(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX referrals_sent_date ON referrals(sent_date) WHERE deleted_at IS NULL;
CREATE INDEX referrals_status ON referrals(status) WHERE deleted_at IS NULL;
CREATE INDEX referrals_updated_at ON referrals(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER referrals_fts_insert AFTER INSERT ON referrals WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 4, new.search_title, new.search_body);
END;
CREATE TRIGGER referrals_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON referrals BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 4;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 4, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER referrals_fts_delete AFTER DELETE ON referrals BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 4;
END;

CREATE TABLE assessments (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    risk_level TEXT GENERATED ALWAYS AS (json_extract(data, '$.risk_level')) VIRTUAL,
    next_review TEXT GENERATED ALWAYS AS (json_extract(data, '$.next_review')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX assessments_defender ON assessments(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX assessments_date ON assessments(date) WHERE deleted_at IS NULL;
CREATE INDEX assessments_status ON assessments(status) WHERE deleted_at IS NULL;
CREATE INDEX assessments_risk_level ON assessments(risk_level) WHERE deleted_at IS NULL;
CREATE INDEX assessments_next_review ON assessments(next_review) WHERE deleted_at IS NULL;
CREATE INDEX assessments_updated_at ON assessments(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER assessments_fts_insert AFTER INSERT ON assessments WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 5, new.search_title, new.search_body);
END;
CREATE TRIGGER assessments_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON assessments BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 5;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 5, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER assessments_fts_delete AFTER DELETE ON assessments BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 5;
END;

CREATE TABLE incidents (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    start TEXT GENERATED ALWAYS AS (json_extract(data, '$.start')) VIRTUAL,
    type TEXT GENERATED ALWAYS AS (json_extract(data, '$.type')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    verification TEXT GENERATED ALWAYS AS (json_extract(data, '$.verification')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX incidents_defender ON incidents(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX incidents_start ON incidents(start) WHERE deleted_at IS NULL;
CREATE INDEX incidents_type ON incidents(type) WHERE deleted_at IS NULL;
CREATE INDEX incidents_status ON incidents(status) WHERE deleted_at IS NULL;
CREATE INDEX incidents_verification ON incidents(verification) WHERE deleted_at IS NULL;
CREATE INDEX incidents_updated_at ON incidents(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER incidents_fts_insert AFTER INSERT ON incidents WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 6, new.search_title, new.search_body);
END;
CREATE TRIGGER incidents_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 6;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 6, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 6;
END;

CREATE TRIGGER assessments_risk_insert AFTER INSERT ON assessments BEGIN
    UPDATE defenders SET current_risk = (
        SELECT a.risk_level FROM assessments a
        WHERE a.defender_id = new.defender_id AND a.status = 'current' AND a.deleted_at IS NULL
        ORDER BY a.date DESC, a.rid DESC LIMIT 1)
    WHERE id = new.defender_id;
END;
CREATE TRIGGER assessments_risk_update AFTER UPDATE OF data, deleted_at ON assessments BEGIN
    UPDATE defenders SET current_risk = (
        SELECT a.risk_level FROM assessments a
        WHERE a.defender_id = defenders.id AND a.status = 'current' AND a.deleted_at IS NULL
        ORDER BY a.date DESC, a.rid DESC LIMIT 1)
    WHERE id IN (old.defender_id, new.defender_id);
END;
CREATE TRIGGER assessments_risk_delete AFTER DELETE ON assessments BEGIN
    UPDATE defenders SET current_risk = (
        SELECT a.risk_level FROM assessments a
        WHERE a.defender_id = old.defender_id AND a.status = 'current' AND a.deleted_at IS NULL
        ORDER BY a.date DESC, a.rid DESC LIMIT 1)
    WHERE id = old.defender_id;
END;

-- The hash-chained audit trail: who did what to which record, field names only, never values.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record_id TEXT,
    fields    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log(record_id);

-- Attachments live inside the encrypted database (and so in every backup).
CREATE TABLE attachments (
    rid         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    record_kind TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    defender_id TEXT,
    filename    TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX attachments_record ON attachments(record_id);
CREATE INDEX attachments_defender ON attachments(defender_id);
