-- Case store, part 2 (spec §5-7): grants and their tranches (the ledger), prison visits,
-- court cases and hearings. Same pattern as 0002 (tables written with tools/record_ddl.py):
-- the record as JSON in `data`, list columns generated from it with partial indexes, FTS kept
-- in step by triggers (FTS rowid = table rid * 16 + kind code: 7 grant, 8 disbursement,
-- 9 prison visit, 10 court case, 11 hearing).
--
-- Money is stored in the JSON as canonical strings with exactly the currency's decimals, so
-- CAST(replace(amount, '.', '') AS INTEGER) is the exact amount in minor units: the *_minor
-- columns and the grant_ledger view total money as integers, never as floats.

CREATE TABLE grants (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    programme TEXT GENERATED ALWAYS AS (json_extract(data, '$.programme')) VIRTUAL,
    currency TEXT GENERATED ALWAYS AS (json_extract(data, '$.currency')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    start TEXT GENERATED ALWAYS AS (json_extract(data, '$.start')) VIRTUAL,
    agreement_signed TEXT GENERATED ALWAYS AS (json_extract(data, '$.agreement_signed')) VIRTUAL,
    request_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.request_id')) VIRTUAL,
    end_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.end')) VIRTUAL,
    requested_minor INTEGER GENERATED ALWAYS AS (CAST(replace(json_extract(data, '$.requested_amount'), '.', '') AS INTEGER)) VIRTUAL,
    approved_minor INTEGER GENERATED ALWAYS AS (CAST(replace(json_extract(data, '$.approved_amount'), '.', '') AS INTEGER)) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX grants_defender ON grants(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX grants_programme ON grants(programme) WHERE deleted_at IS NULL;
CREATE INDEX grants_currency ON grants(currency) WHERE deleted_at IS NULL;
CREATE INDEX grants_status ON grants(status) WHERE deleted_at IS NULL;
CREATE INDEX grants_start ON grants(start) WHERE deleted_at IS NULL;
CREATE INDEX grants_agreement_signed ON grants(agreement_signed) WHERE deleted_at IS NULL;
CREATE INDEX grants_request_id ON grants(request_id) WHERE deleted_at IS NULL;
CREATE INDEX grants_end_date ON grants(end_date) WHERE deleted_at IS NULL;
CREATE INDEX grants_approved_minor ON grants(approved_minor) WHERE deleted_at IS NULL;
CREATE INDEX grants_updated_at ON grants(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER grants_fts_insert AFTER INSERT ON grants WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 7, new.search_title, new.search_body);
END;
CREATE TRIGGER grants_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON grants BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 7;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 7, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER grants_fts_delete AFTER DELETE ON grants BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 7;
END;

CREATE TABLE disbursements (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    grant_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.grant_id')) VIRTUAL,
    n INTEGER GENERATED ALWAYS AS (json_extract(data, '$.n')) VIRTUAL,
    currency TEXT GENERATED ALWAYS AS (json_extract(data, '$.currency')) VIRTUAL,
    planned_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.planned_date')) VIRTUAL,
    paid_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.paid_date')) VIRTUAL,
    amount_minor INTEGER GENERATED ALWAYS AS (CAST(replace(json_extract(data, '$.amount'), '.', '') AS INTEGER)) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX disbursements_defender ON disbursements(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX disbursements_grant_id ON disbursements(grant_id) WHERE deleted_at IS NULL;
CREATE INDEX disbursements_currency ON disbursements(currency) WHERE deleted_at IS NULL;
CREATE INDEX disbursements_planned_date ON disbursements(planned_date) WHERE deleted_at IS NULL;
CREATE INDEX disbursements_paid_date ON disbursements(paid_date) WHERE deleted_at IS NULL;
CREATE INDEX disbursements_updated_at ON disbursements(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER disbursements_fts_insert AFTER INSERT ON disbursements WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 8, new.search_title, new.search_body);
END;
CREATE TRIGGER disbursements_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON disbursements BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 8;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 8, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER disbursements_fts_delete AFTER DELETE ON disbursements BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 8;
END;

CREATE TABLE prison_visits (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    visit_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.visit_date')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    visit_type TEXT GENERATED ALWAYS AS (json_extract(data, '$.visit_type')) VIRTUAL,
    access TEXT GENERATED ALWAYS AS (json_extract(data, '$.access')) VIRTUAL,
    next_visit TEXT GENERATED ALWAYS AS (json_extract(data, '$.next_visit')) VIRTUAL,
    facility_name TEXT GENERATED ALWAYS AS (json_extract(data, '$.facility_name')) VIRTUAL,
    solitary_answer TEXT GENERATED ALWAYS AS (json_extract(data, '$.conditions.solitary_confinement.answer')) VIRTUAL,
    solitary_days INTEGER GENERATED ALWAYS AS (json_extract(data, '$.conditions.solitary_confinement.value')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX prison_visits_defender ON prison_visits(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_visit_date ON prison_visits(visit_date) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_status ON prison_visits(status) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_visit_type ON prison_visits(visit_type) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_access ON prison_visits(access) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_next_visit ON prison_visits(next_visit) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_facility_name ON prison_visits(facility_name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX prison_visits_updated_at ON prison_visits(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER prison_visits_fts_insert AFTER INSERT ON prison_visits WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 9, new.search_title, new.search_body);
END;
CREATE TRIGGER prison_visits_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON prison_visits BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 9;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 9, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER prison_visits_fts_delete AFTER DELETE ON prison_visits BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 9;
END;

CREATE TABLE court_cases (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    court_type TEXT GENERATED ALWAYS AS (json_extract(data, '$.court_type')) VIRTUAL,
    stage TEXT GENERATED ALWAYS AS (json_extract(data, '$.stage')) VIRTUAL,
    verdict_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.verdict_date')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX court_cases_defender ON court_cases(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX court_cases_court_type ON court_cases(court_type) WHERE deleted_at IS NULL;
CREATE INDEX court_cases_stage ON court_cases(stage) WHERE deleted_at IS NULL;
CREATE INDEX court_cases_verdict_date ON court_cases(verdict_date) WHERE deleted_at IS NULL;
CREATE INDEX court_cases_updated_at ON court_cases(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER court_cases_fts_insert AFTER INSERT ON court_cases WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 10, new.search_title, new.search_body);
END;
CREATE TRIGGER court_cases_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON court_cases BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 10;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 10, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER court_cases_fts_delete AFTER DELETE ON court_cases BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 10;
END;

CREATE TABLE hearings (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    data TEXT NOT NULL CHECK (json_valid(data)),
    version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT,
    search_title TEXT NOT NULL DEFAULT '',
    search_body TEXT NOT NULL DEFAULT '',
    defender_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.defender_id')) VIRTUAL,
    court_case_id TEXT GENERATED ALWAYS AS (json_extract(data, '$.court_case_id')) VIRTUAL,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) VIRTUAL,
    type TEXT GENERATED ALWAYS AS (json_extract(data, '$.type')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.status')) VIRTUAL,
    next_hearing TEXT GENERATED ALWAYS AS (json_extract(data, '$.next_hearing')) VIRTUAL,
    observer_access TEXT GENERATED ALWAYS AS (json_extract(data, '$.observer_access')) VIRTUAL,
    confidentiality TEXT GENERATED ALWAYS AS (json_extract(data, '$.confidentiality')) VIRTUAL,
    updated_at TEXT GENERATED ALWAYS AS (json_extract(data, '$.updated_at')) VIRTUAL
);
CREATE INDEX hearings_defender ON hearings(defender_id) WHERE deleted_at IS NULL;
CREATE INDEX hearings_court_case_id ON hearings(court_case_id) WHERE deleted_at IS NULL;
CREATE INDEX hearings_date ON hearings(date) WHERE deleted_at IS NULL;
CREATE INDEX hearings_type ON hearings(type) WHERE deleted_at IS NULL;
CREATE INDEX hearings_status ON hearings(status) WHERE deleted_at IS NULL;
CREATE INDEX hearings_next_hearing ON hearings(next_hearing) WHERE deleted_at IS NULL;
CREATE INDEX hearings_observer_access ON hearings(observer_access) WHERE deleted_at IS NULL;
CREATE INDEX hearings_updated_at ON hearings(updated_at) WHERE deleted_at IS NULL;
CREATE TRIGGER hearings_fts_insert AFTER INSERT ON hearings WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (new.rid * 16 + 11, new.search_title, new.search_body);
END;
CREATE TRIGGER hearings_fts_update AFTER UPDATE OF search_title, search_body, deleted_at ON hearings BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 11;
    INSERT INTO search_index(rowid, title, body) SELECT new.rid * 16 + 11, new.search_title, new.search_body
        WHERE new.deleted_at IS NULL;
END;
CREATE TRIGGER hearings_fts_delete AFTER DELETE ON hearings BEGIN
    DELETE FROM search_index WHERE rowid = old.rid * 16 + 11;
END;


-- Per-grant ledger in minor units of the grant's currency (see hrd_desk/cases/ledger.py).
-- remaining: what is still owed on a grant that is open (approved .. reported).
CREATE VIEW grant_ledger AS
SELECT rid, grant_id, defender_id, programme, currency, status, start,
       requested_minor, approved_minor, paid_minor, planned_minor,
       CASE WHEN status IN ('approved', 'partly_approved', 'agreement_signed', 'disbursing',
                            'report_due', 'reported')
            THEN approved_minor - paid_minor ELSE 0 END AS remaining_minor,
       spent_minor, unreceipted_minor
FROM (
    SELECT g.rid, g.id AS grant_id, g.defender_id, g.programme, g.currency, g.status, g.start,
        COALESCE(g.requested_minor, 0) AS requested_minor,
        COALESCE(g.approved_minor, 0) AS approved_minor,
        (SELECT COALESCE(SUM(t.amount_minor), 0) FROM disbursements t
            WHERE t.grant_id = g.id AND t.deleted_at IS NULL AND t.paid_date IS NOT NULL)
            AS paid_minor,
        (SELECT COALESCE(SUM(t.amount_minor), 0) FROM disbursements t
            WHERE t.grant_id = g.id AND t.deleted_at IS NULL AND t.paid_date IS NULL)
            AS planned_minor,
        (SELECT COALESCE(SUM(CAST(replace(json_extract(e.value, '$.amount'), '.', '') AS INTEGER)), 0)
            FROM json_each(g.data, '$.expenses') e) AS spent_minor,
        (SELECT COALESCE(SUM(CAST(replace(json_extract(e.value, '$.amount'), '.', '') AS INTEGER)), 0)
            FROM json_each(g.data, '$.expenses') e
            WHERE COALESCE(json_extract(e.value, '$.receipt'), 0) = 0) AS unreceipted_minor
    FROM grants g
    WHERE g.deleted_at IS NULL
);
