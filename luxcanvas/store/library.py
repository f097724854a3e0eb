"""The history of every job and the ledger of money spent, in one SQLite file.

This module owns the database: connection, schema version (``PRAGMA user_version``),
migrations and repair. Each thread keeps its own connection so jobs on several threads can
record at once; SQLite's own locking (WAL mode) keeps them apart.

Repair: every job row records the process that runs it. Opening the library turns the
running rows whose process is gone (a crash, a killed CLI) into "interrupted", whichever
front opens it; rows of a process that still runs (a CLI batch beside the app) are left alone.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from luxcanvas.domain.fidelity import Fidelity
from luxcanvas.store import paths

MIGRATIONS: list[str] = [
    # 1: jobs and the ledger
    """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        created_at REAL NOT NULL,
        finished_at REAL,
        input_path TEXT NOT NULL,
        input_digest TEXT NOT NULL DEFAULT '',
        strategy TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        size TEXT NOT NULL DEFAULT '',
        prompt TEXT NOT NULL DEFAULT '',
        options TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL,
        error_kind TEXT NOT NULL DEFAULT '',
        error_message TEXT NOT NULL DEFAULT '',
        cost_usd REAL NOT NULL DEFAULT 0,
        may_be_billed INTEGER NOT NULL DEFAULT 0,
        cached INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,
        result_path TEXT NOT NULL DEFAULT '',
        width INTEGER NOT NULL DEFAULT 0,
        height INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]',
        starred INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX jobs_input ON jobs(input_digest, created_at);
    CREATE TABLE ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL,
        at REAL NOT NULL,
        amount_usd REAL NOT NULL,
        model TEXT NOT NULL,
        certain INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX ledger_at ON ledger(at);
    """,
    # 2: the process that runs a job, so a restart can tell a crashed job from a live one
    """
    ALTER TABLE jobs ADD COLUMN pid INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN pid_started REAL NOT NULL DEFAULT 0;
    """,
    # 3: what a job asked the gateway for (the cache key), and what it may have cost if a
    # paid request left and no answer came back (so a crash cannot lose the possible charge)
    """
    ALTER TABLE jobs ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE jobs ADD COLUMN possible_usd REAL NOT NULL DEFAULT 0;
    CREATE INDEX jobs_request ON jobs(request_key, created_at);
    """,
    # 4: how faithful a result is to its original (the DESIGN §4 fidelity object, JSON)
    """
    ALTER TABLE jobs ADD COLUMN fidelity TEXT;
    """,
    # 5: the name a person gave a version (empty: named after its strategy and options)
    """
    ALTER TABLE jobs ADD COLUMN label TEXT NOT NULL DEFAULT '';
    """,
]

INTERRUPTED_MESSAGE = "LuxCanvas was closed while this job was running."

RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED = (
    "running",
    "done",
    "failed",
    "cancelled",
    "interrupted",
)


@dataclass
class JobRecord:
    id: str
    created_at: float
    input_path: str
    strategy: str
    status: str
    model: str = ""
    size: str = ""
    prompt: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    input_digest: str = ""
    finished_at: float | None = None
    error_kind: str = ""
    error_message: str = ""
    cost_usd: float = 0.0
    may_be_billed: bool = False
    cached: bool = False
    seconds: float = 0.0
    result_path: str = ""
    width: int = 0
    height: int = 0
    #: ResultWarning JSON objects (``{"code", **facts}``); plain strings in old rows.
    warnings: list[Any] = field(default_factory=list)
    starred: bool = False
    deleted: bool = False
    pid: int = 0
    pid_started: float = 0.0
    request_key: str = ""
    possible_usd: float = 0.0
    #: How faithful the result is to the original (AI results; None when not measured).
    fidelity: Fidelity | None = None
    #: The name a person gave this version ("" until renamed).
    label: str = ""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> JobRecord:
        data = dict(row)
        data["options"] = json.loads(data.get("options") or "{}")
        data["warnings"] = json.loads(data.get("warnings") or "[]")
        data["fidelity"] = _fidelity(data.get("fidelity"))
        for flag in ("may_be_billed", "cached", "starred", "deleted"):
            data[flag] = bool(data[flag])
        return cls(**data)


def _fidelity(text: str | None) -> Fidelity | None:
    """A stored fidelity object; None when absent or unreadable (a score is never worth a
    history that fails to load)."""
    if not text:
        return None
    try:
        return Fidelity.from_json(json.loads(text))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class LedgerEntry:
    """One paid (or possibly paid) call: when, how much, and for which job."""

    job_id: str
    at: float
    amount_usd: float
    model: str
    #: True: charged; False: may have been charged (no answer came back).
    certain: bool
    input_path: str
    strategy: str


def month_start(now: float | None = None) -> float:
    moment = datetime.fromtimestamp(now if now is not None else time.time(), tz=UTC)
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()


class Library:
    """Jobs and spending, persisted across restarts."""

    def __init__(self, path: Path | None = None):
        self.path = path or paths.library_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._connect() as db:
            _use_wal(db)
            self._migrate(db)
        #: How many jobs this opening found left running by a process that is gone.
        self.repaired = self.repair()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection to the library (opened once per thread, then reused)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            # WAL with NORMAL sync: a commit survives an app crash; only a power cut can undo
            # the last few, and nothing in the history is worth an fsync per job.
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        yield db

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring the schema up to date, once, even when two processes open a new library at
        the same moment: the version is read again under the write lock, so the second one
        finds the first one's work done instead of creating the same tables again."""
        if db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS):
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(MIGRATIONS):
                raise RuntimeError(
                    f"The history database {self.path} was written by a newer LuxCanvas."
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        with self._connect() as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])

    # -- jobs ----------------------------------------------------------------------------

    def start_job(
        self,
        *,
        input_path: str,
        strategy: str,
        model: str,
        size: str = "",
        prompt: str = "",
        options: dict[str, Any] | None = None,
        input_digest: str = "",
        request_key: str = "",
    ) -> str:
        job_id = uuid.uuid4().hex
        pid, pid_started = _this_process()
        with self._connect() as db:
            db.execute(
                "INSERT INTO jobs (id, created_at, input_path, input_digest, strategy, model,"
                " size, prompt, options, status, pid, pid_started, request_key)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    job_id,
                    time.time(),
                    input_path,
                    input_digest,
                    strategy,
                    model,
                    size,
                    prompt,
                    json.dumps(options or {}),
                    RUNNING,
                    pid,
                    pid_started,
                    request_key,
                ),
            )
        return job_id

    def set_fidelity(self, job_id: str, fidelity: Fidelity | None) -> None:
        """Record how faithful a job's result is to its original."""
        text = None if fidelity is None else json.dumps(fidelity.to_json())
        with self._connect() as db:
            db.execute("UPDATE jobs SET fidelity=? WHERE id=?", (text, job_id))

    def finish_job(
        self,
        job_id: str,
        *,
        status: str,
        cost_usd: float = 0.0,
        may_be_billed: bool = False,
        cached: bool = False,
        seconds: float = 0.0,
        result_path: str = "",
        width: int = 0,
        height: int = 0,
        warnings: list[Any] | None = None,
        error_kind: str = "",
        error_message: str = "",
        model: str | None = None,
        ledger_amount: float = 0.0,
        ledger_certain: bool = True,
        only_if_running: bool = False,
    ) -> None:
        """Record the outcome, and in the same transaction what it cost.

        ``only_if_running``: do nothing when the job has already ended (two processes
        repairing the same library at once record an orphan once).
        """
        guard = " AND status='running'" if only_if_running else ""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                cursor = db.execute(
                    "UPDATE jobs SET status=?, finished_at=?, cost_usd=?, may_be_billed=?,"
                    " cached=?, seconds=?, result_path=?, width=?, height=?, warnings=?,"
                    " error_kind=?, error_message=?, model=COALESCE(?, model) WHERE id=?" + guard,
                    (
                        status,
                        time.time(),
                        cost_usd,
                        int(may_be_billed),
                        int(cached),
                        seconds,
                        result_path,
                        width,
                        height,
                        json.dumps(warnings or [], ensure_ascii=False),
                        error_kind,
                        error_message,
                        model,
                        job_id,
                    ),
                )
                if ledger_amount > 0 and cursor.rowcount:
                    row = db.execute("SELECT model FROM jobs WHERE id=?", (job_id,)).fetchone()
                    db.execute(
                        "INSERT INTO ledger (job_id, at, amount_usd, model, certain)"
                        " VALUES (?,?,?,?,?)",
                        (
                            job_id,
                            time.time(),
                            ledger_amount,
                            model or (row["model"] if row else ""),
                            int(ledger_certain),
                        ),
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def mark_may_be_billed(self, job_id: str, price_usd: float = 0.0) -> None:
        """Note that a paid request for this running job, priced ``price_usd``, is leaving for
        the gateway.

        From then on a crash cannot undo the charge: if the process dies, ``repair`` turns the
        job into "interrupted, may have been billed" and puts the price in the ledger as a
        possible charge. ``finish_job`` sets the final values.
        """
        with self._connect() as db:
            db.execute(
                "UPDATE jobs SET may_be_billed=1, possible_usd=? WHERE id=? AND status=?",
                (price_usd, job_id, RUNNING),
            )

    def add_version(
        self,
        *,
        job_id: str,
        input_path: str,
        input_digest: str,
        strategy: str,
        model: str,
        result_path: str,
        width: int,
        height: int,
        options: dict[str, Any] | None = None,
        seconds: float = 0.0,
    ) -> None:
        """Record a finished version made on this computer without a job (an edit such as
        putting the original back): free, so nothing goes to the ledger."""
        now = time.time()
        pid, pid_started = _this_process()
        with self._connect() as db:
            db.execute(
                "INSERT INTO jobs (id, created_at, finished_at, input_path, input_digest,"
                " strategy, model, options, status, seconds, result_path, width, height, pid,"
                " pid_started) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    job_id,
                    now,
                    now,
                    input_path,
                    input_digest,
                    strategy,
                    model,
                    json.dumps(options or {}),
                    DONE,
                    seconds,
                    result_path,
                    width,
                    height,
                    pid,
                    pid_started,
                ),
            )

    def last_attempt(self, request_key: str, *, before: str = "") -> JobRecord | None:
        """The newest finished job that made this exact request (``before``: not this job)."""
        if not request_key:
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM jobs WHERE request_key=? AND id<>? AND status<>?"
                " ORDER BY created_at DESC LIMIT 1",
                (request_key, before, RUNNING),
            ).fetchone()
        return JobRecord.from_row(row) if row else None

    def job(self, job_id: str) -> JobRecord | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        return JobRecord.from_row(row) if row else None

    def jobs(
        self,
        *,
        input_path: str | None = None,
        input_digest: str | None = None,
        include_deleted: bool = False,
        limit: int = 500,
    ) -> list[JobRecord]:
        """Jobs, newest first, optionally for one input (by path or content digest)."""
        clauses, args = [], []
        if input_digest:
            clauses.append("input_digest=?")
            args.append(input_digest)
        elif input_path:
            clauses.append("input_path=?")
            args.append(input_path)
        if not include_deleted:
            clauses.append("deleted=0")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._connect() as db:
            rows = db.execute(
                f"SELECT * FROM jobs {where} ORDER BY created_at DESC LIMIT ?", (*args, limit)
            ).fetchall()
        return [JobRecord.from_row(r) for r in rows]

    def set_starred(self, job_id: str, starred: bool) -> None:
        with self._connect() as db:
            db.execute("UPDATE jobs SET starred=? WHERE id=?", (int(starred), job_id))

    def set_label(self, job_id: str, label: str) -> None:
        """Name a version ("" puts back the name made from its strategy and options)."""
        with self._connect() as db:
            db.execute("UPDATE jobs SET label=? WHERE id=?", (label.strip(), job_id))

    def ledger(self, since: float | None = None) -> list[LedgerEntry]:
        """The ledger's rows since a time (default: this month), newest first, with the
        photo and strategy of the job each one paid for."""
        since = month_start() if since is None else since
        with self._connect() as db:
            rows = db.execute(
                "SELECT ledger.job_id, ledger.at, ledger.amount_usd, ledger.model,"
                " ledger.certain, COALESCE(jobs.input_path, '') AS input_path,"
                " COALESCE(jobs.strategy, '') AS strategy"
                " FROM ledger LEFT JOIN jobs ON jobs.id = ledger.job_id"
                " WHERE ledger.at >= ? ORDER BY ledger.at DESC, ledger.id DESC",
                (since,),
            ).fetchall()
        return [
            LedgerEntry(
                r["job_id"],
                float(r["at"]),
                float(r["amount_usd"]),
                r["model"],
                bool(r["certain"]),
                r["input_path"],
                r["strategy"],
            )
            for r in rows
        ]

    def delete_job(self, job_id: str) -> None:
        """Hide a version from the history and remove its file (the ledger keeps the cost)."""
        record = self.job(job_id)
        with self._connect() as db:
            db.execute("UPDATE jobs SET deleted=1 WHERE id=?", (job_id,))
        if record and record.result_path:
            Path(record.result_path).unlink(missing_ok=True)

    def repair(self) -> int:
        """Running jobs whose process is gone become 'interrupted'; returns how many.

        A paid call that had left keeps its "may be billed" mark. Jobs of live processes (this
        one included) are left running.
        """
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, pid, pid_started FROM jobs WHERE status=?", (RUNNING,)
            ).fetchall()
            gone = [r["id"] for r in rows if not _process_alive(r["pid"], r["pid_started"])]
        for job_id in gone:
            with self._connect() as db:
                row = db.execute(
                    "SELECT may_be_billed, possible_usd FROM jobs WHERE id=? AND status=?",
                    (job_id, RUNNING),
                ).fetchone()
            if row is None:
                continue  # another process repaired it meanwhile
            possible = float(row["possible_usd"]) if row["may_be_billed"] else 0.0
            self.finish_job(
                job_id,
                status=INTERRUPTED,
                error_kind="interrupted",
                error_message=INTERRUPTED_MESSAGE,
                may_be_billed=bool(row["may_be_billed"]),
                ledger_amount=possible,
                ledger_certain=False,
                only_if_running=True,
            )
        return len(gone)

    # -- money ---------------------------------------------------------------------------

    def paid_calls(self, since: float | None = None) -> int:
        """How many calls the ledger holds since a time (default: this month), certain or not."""
        since = month_start() if since is None else since
        with self._connect() as db:
            row = db.execute("SELECT COUNT(*) FROM ledger WHERE at >= ?", (since,)).fetchone()
        return int(row[0])

    def spent(self, since: float | None = None, *, certain_only: bool = False) -> float:
        """Money spent since a time (default: the start of this month, UTC)."""
        since = month_start() if since is None else since
        query = "SELECT COALESCE(SUM(amount_usd), 0) FROM ledger WHERE at >= ?"
        if certain_only:
            query += " AND certain=1"
        with self._connect() as db:
            return float(db.execute(query, (since,)).fetchone()[0])


def _use_wal(db: sqlite3.Connection, patience: float = 30.0) -> None:
    """Put the library in WAL mode (once; it is stored in the file).

    Switching needs the database to itself, and SQLite answers "database is locked" at once
    rather than waiting when another process opens the new library at the same moment, so
    the switch is retried for a while.
    """
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def _this_process() -> tuple[int, float]:
    """This process's id and start time (together they name it even after pid reuse)."""
    import psutil

    me = psutil.Process()
    return me.pid, me.create_time()


def _process_alive(pid: int, started: float) -> bool:
    """True when the process that recorded a job still runs (same pid, same start time)."""
    if pid <= 0:
        return False  # rows from before pids were recorded: their process is long gone
    import psutil

    try:
        return abs(psutil.Process(pid).create_time() - started) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        # AccessDenied: a process of another user took the pid; ours would be readable.
        return False
