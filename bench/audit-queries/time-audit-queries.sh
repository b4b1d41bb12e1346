#!/usr/bin/env bash
# Times the audit query by agency and by document on a trail of 200,000 events on SQLite and PostgreSQL, before and
# after the audit query was composed from the filters given (bench/OPTIMISATIONS.md, "Audit queries through an index").
# Before: one statement with every filter optional, the agencies of each returned event listed by a subquery on
# audit_event_agencies.sequence, and on SQLite no audit_events index. After: the statement composed for the filter,
# SQLite migration 8's indexes, and the agencies of each found event looked up by the agency table's key (the store
# sends one look-up per event; here one statement does them all). Only reported, never asserted: the machine may be
# shared. Needs sqlite3, and for PostgreSQL its server binaries (initdb, pg_ctl) and psql.
# Usage: bench/audit-queries/time-audit-queries.sh [events] [runs]
set -euo pipefail
EVENTS=${1:-200000}
RUNS=${2:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Each document is sent (an even sequence: the sender acts, the recipient is listed) then acknowledged (the next, odd
# one: the recipient acts); 200 agencies, one minute between events, leaves of 450 random bytes.
read -r -d '' TABLES <<'SQL' || true
CREATE TABLE audit_events (sequence INTEGER PRIMARY KEY, occurred_at INTEGER NOT NULL, actor_organ_id TEXT NOT NULL,
    actor_role TEXT NOT NULL, action TEXT NOT NULL, document_id TEXT NOT NULL, outcome TEXT NOT NULL, leaf BLOB NOT NULL);
CREATE TABLE audit_event_agencies (agency_code TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (agency_code, sequence)) WITHOUT ROWID;
SQL
SQLITE_INDEXES="
CREATE INDEX ix_audit_events_document ON audit_events (document_id, sequence) WHERE document_id <> '';
CREATE INDEX ix_audit_events_action ON audit_events (action, sequence);
CREATE INDEX ix_audit_events_time ON audit_events (occurred_at, sequence);"

OLD_SQLITE="SELECT e.sequence, e.leaf, e.occurred_at, e.actor_organ_id, e.actor_role, e.action, e.document_id, e.outcome,
    (SELECT group_concat(a.agency_code, char(10)) FROM audit_event_agencies a WHERE a.sequence = e.sequence)
FROM audit_events e
WHERE e.sequence >= @from
    AND (CAST(@documentId AS TEXT) IS NULL OR e.document_id = CAST(@documentId AS TEXT))
    AND (CAST(@agency AS TEXT) IS NULL OR EXISTS (
        SELECT 1 FROM audit_event_agencies a WHERE a.agency_code = CAST(@agency AS TEXT) AND a.sequence = e.sequence))
    AND (@actions IS NULL OR e.action IN (SELECT value FROM json_each(@actions)))
    AND (CAST(@since AS BIGINT) IS NULL OR e.occurred_at >= CAST(@since AS BIGINT))
    AND (CAST(@until AS BIGINT) IS NULL OR e.occurred_at < CAST(@until AS BIGINT))
ORDER BY e.sequence LIMIT @limit"

NEW_BY_AGENCY="WITH found AS (SELECT e.sequence, e.leaf, e.occurred_at, e.actor_organ_id, e.actor_role, e.action, e.document_id, e.outcome
FROM audit_event_agencies f JOIN audit_events e ON e.sequence = f.sequence
WHERE f.agency_code = @agency AND f.sequence >= @from
ORDER BY f.sequence LIMIT @limit)
SELECT found.*, (SELECT count(*) FROM audit_event_agencies a WHERE a.sequence = found.sequence AND a.agency_code IN (found.actor_organ_id, @agency)) FROM found"
NEW_BY_DOCUMENT="WITH found AS (SELECT e.sequence, e.leaf, e.occurred_at, e.actor_organ_id, e.actor_role, e.action, e.document_id, e.outcome
FROM audit_events e
WHERE e.document_id = @documentId AND e.document_id <> '' AND e.sequence >= @from
ORDER BY e.sequence LIMIT @limit)
SELECT found.*, (SELECT count(*) FROM audit_event_agencies a WHERE a.sequence = found.sequence AND a.agency_code IN (found.actor_organ_id, 'A017')) FROM found"

populate_sqlite() {
  sqlite3 "$1" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
$TABLES
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $EVENTS - 1)
INSERT INTO audit_events SELECT i, 639296712000000000 + i * 600000000,
    'A' || printf('%03d', CASE i % 2 WHEN 0 THEN (i / 2) % 200 ELSE ((i / 2) * 7 + 3) % 200 END), 'agency',
    CASE i % 2 WHEN 0 THEN 'document.sent' ELSE 'status.posted' END, 'doc-' || (i / 2), 'ok', randomblob(450) FROM n;
INSERT INTO audit_event_agencies SELECT actor_organ_id, sequence FROM audit_events;
INSERT OR IGNORE INTO audit_event_agencies SELECT 'A' || printf('%03d', ((sequence / 2) * 7 + 3) % 200), sequence FROM audit_events WHERE sequence % 2 = 0;
SQL
}

# Median wall time in ms of RUNS runs of $2 on database $1 with the parameters set by $3.
time_sqlite() {
  local db=$1 sql=$2 params=$3
  for _ in $(seq "$RUNS"); do
    printf '%s\n.timer on\n%s;\n' "$params" "$sql" | sqlite3 "$db" | grep -ao 'Run Time: real [0-9.]*' | awk '{print $4 * 1000}'
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f ms", a[int((NR + 1) / 2)]}'
}

AGENCY_PARAMS=".param set @from 0
.param set @documentId NULL
.param set @agency \"'A017'\"
.param set @actions NULL
.param set @since NULL
.param set @until NULL
.param set @limit 100"
DOCUMENT_PARAMS=".param set @from 0
.param set @documentId \"'doc-$((EVENTS / 2 - 20))'\"
.param set @agency NULL
.param set @actions NULL
.param set @since NULL
.param set @until NULL
.param set @limit 100"

DB="$WORK/audit.db"
populate_sqlite "$DB"
echo "SQLite, $EVENTS events, median of $RUNS runs:"
echo "  before: by agency $(time_sqlite "$DB" "$OLD_SQLITE" "$AGENCY_PARAMS"), by document $(time_sqlite "$DB" "$OLD_SQLITE" "$DOCUMENT_PARAMS")"
sqlite3 "$DB" "$SQLITE_INDEXES"
echo "  after:  by agency $(time_sqlite "$DB" "$NEW_BY_AGENCY" "$AGENCY_PARAMS"), by document $(time_sqlite "$DB" "$NEW_BY_DOCUMENT" "$DOCUMENT_PARAMS")"

PG_BIN=${DOCEXCHANGE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "PostgreSQL: skipped (no initdb; set DOCEXCHANGE_PG_BIN)"
  exit 0
fi
# initdb and postgres refuse root: as root they run as the postgres user, over folders it owns.
AS=()
mkdir -p "$WORK/pg" "$WORK/socket"
if [[ $EUID -eq 0 ]]; then
  AS=(runuser -u postgres --)
  chmod 755 "$WORK"
  chown postgres: "$WORK/pg" "$WORK/socket"
fi
"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-c listen_addresses='' -k $WORK/socket -c fsync=off" -l "$WORK/socket/pg.log" -w start >/dev/null
trap '"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null; rm -rf "$WORK"' EXIT
PSQL=(psql -X -q -h "$WORK/socket" -U postgres -d postgres -v ON_ERROR_STOP=1)
"${PSQL[@]}" >/dev/null <<SQL
CREATE TABLE audit_events (sequence bigint PRIMARY KEY, occurred_at bigint NOT NULL, actor_organ_id text COLLATE "C" NOT NULL,
    actor_role text COLLATE "C" NOT NULL, action text COLLATE "C" NOT NULL, document_id text COLLATE "C" NOT NULL,
    outcome text COLLATE "C" NOT NULL, leaf bytea NOT NULL);
CREATE INDEX ix_audit_events_document ON audit_events (document_id, sequence) WHERE document_id <> '';
CREATE INDEX ix_audit_events_action ON audit_events (action, sequence);
CREATE INDEX ix_audit_events_time ON audit_events (occurred_at);
CREATE TABLE audit_event_agencies (agency_code text COLLATE "C" NOT NULL, sequence bigint NOT NULL, PRIMARY KEY (agency_code, sequence));
INSERT INTO audit_events SELECT i, 639296712000000000 + i * 600000000,
    'A' || lpad((CASE i % 2 WHEN 0 THEN (i / 2) % 200 ELSE ((i / 2) * 7 + 3) % 200 END)::text, 3, '0'), 'agency',
    CASE i % 2 WHEN 0 THEN 'document.sent' ELSE 'status.posted' END, 'doc-' || (i / 2), 'ok',
    decode(repeat(md5(i::text), 14), 'hex') FROM generate_series(0::bigint, $EVENTS - 1) AS i;
INSERT INTO audit_event_agencies SELECT actor_organ_id, sequence FROM audit_events;
INSERT INTO audit_event_agencies SELECT 'A' || lpad((((sequence / 2) * 7 + 3) % 200)::text, 3, '0'), sequence FROM audit_events
    WHERE sequence % 2 = 0 ON CONFLICT DO NOTHING;
VACUUM ANALYZE;
SQL

OLD_PG="SELECT e.sequence, e.leaf, e.occurred_at, e.actor_organ_id, e.actor_role, e.action, e.document_id, e.outcome,
    (SELECT string_agg(a.agency_code, chr(10)) FROM audit_event_agencies a WHERE a.sequence = e.sequence)
FROM audit_events e
WHERE e.sequence >= @from
    AND (CAST(@documentId AS TEXT) IS NULL OR e.document_id = CAST(@documentId AS TEXT))
    AND (CAST(@agency AS TEXT) IS NULL OR EXISTS (
        SELECT 1 FROM audit_event_agencies a WHERE a.agency_code = CAST(@agency AS TEXT) AND a.sequence = e.sequence))
    AND (CAST(NULL AS text[]) IS NULL OR e.action = ANY(CAST(NULL AS text[])))
    AND (CAST(NULL AS BIGINT) IS NULL OR e.occurred_at >= CAST(NULL AS BIGINT))
    AND (CAST(NULL AS BIGINT) IS NULL OR e.occurred_at < CAST(NULL AS BIGINT))
ORDER BY e.sequence LIMIT @limit"

# Median wall time in ms of RUNS runs of $1, its @parameters replaced by literals (as a custom plan sees them).
time_pg() {
  local sql=$1 document=$2 agency=$3
  sql=${sql//@from/0}; sql=${sql//@limit/100}; sql=${sql//@documentId/$document}; sql=${sql//@agency/$agency}
  for _ in $(seq "$RUNS"); do
    printf '\\timing on\n%s;\n' "$sql" | "${PSQL[@]}" | grep -ao 'Time: [0-9.]*' | awk '{print $2}'
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f ms", a[int((NR + 1) / 2)]}'
}
echo "PostgreSQL, $EVENTS events, median of $RUNS runs:"
echo "  before: by agency $(time_pg "$OLD_PG" NULL "'A017'"), by document $(time_pg "$OLD_PG" "'doc-$((EVENTS / 2 - 20))'" NULL)"
echo "  after:  by agency $(time_pg "$NEW_BY_AGENCY" NULL "'A017'"), by document $(time_pg "$NEW_BY_DOCUMENT" "'doc-$((EVENTS / 2 - 20))'" NULL)"
