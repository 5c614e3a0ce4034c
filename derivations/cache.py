"""The verdict cache: claims already checked, in an SQLite file, so that a re-audit checks only what changed.

A verdict is stored under the claim as read (notation/canonical.py: an edit that does not change the
reading still finds it), the seed, and the verifier's version (a hash of every source file of the
symbolic floor, the package's version and those of the libraries it computes with): a verdict of
another version is never returned. A second table maps a claim's spelling (its LaTeX and conditions,
as written) to its reading, so an unchanged claim is found without reading it again.

Only outcomes that another run would repeat are stored: proved, refuted, unreadable, and undecided
with the time limit it was found under (a longer limit might decide it; a shorter one finds it).
Timeouts, crashes and memory exhaustion are never stored. Concurrent audits share the file: WAL
journal, a busy timeout, and one short transaction per verdict. A file that is not a sound cache
is reported in one line on stderr, moved aside (PATH.corrupt) and rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import sys
from pathlib import Path

from dlmath.symbolic.errors import DlmathError
from dlmath.symbolic.verify.verdict import Status
from dlmath.symbolic.verify.worker import READER, Checked

APPLICATION_ID = 0x646C6D61  # "dlma": marks a file as dlmath's verdict cache (PRAGMA application_id)
SCHEMA = 1                   # PRAGMA user_version: an older layout is dropped and rebuilt
BUSY_SECONDS = 30.0          # how long a writer waits for another audit's transaction
NOT_REPEATABLE = ("timeout", "memory", "crash", "version")  # methods of outcomes of the run, not of the claim
LIBRARIES = ("sympy", "mpmath", "numpy", "latex2sympy2", "symengine")  # verdicts depend on their arithmetic
TABLES = (
    # time_limit NULL: the verdict holds at any time limit (else: the limit an undecided was found under);
    # record: Checked.as_dict() as JSON.
    "CREATE TABLE IF NOT EXISTS verdicts (verifier TEXT NOT NULL, reading TEXT NOT NULL, time_limit REAL, "
    "record TEXT NOT NULL, PRIMARY KEY (verifier, reading)) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS spellings (verifier TEXT NOT NULL, spelling TEXT NOT NULL, reading TEXT NOT NULL, "
    "PRIMARY KEY (verifier, spelling)) WITHOUT ROWID",
)


class CacheError(DlmathError):
    """A verdict cache file that cannot be opened (a directory that cannot be made, another program's database)."""


def default_path() -> Path:
    """$XDG_CACHE_HOME/dlmath/verdicts.sqlite, or ~/.cache/dlmath/verdicts.sqlite."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dlmath" / "verdicts.sqlite"


@functools.cache
def verifier_version() -> str:
    """A hash of the code a verdict depends on: every .py file of dlmath.symbolic (the reader, the verifier
    and what they use), dlmath's version, the libraries' versions and Python's."""
    from dlmath import __version__

    spec = importlib.util.find_spec("dlmath.symbolic")
    assert spec is not None and spec.submodule_search_locations  # this module itself imports from it
    root = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=absent\0".encode())
    digest.update(f"dlmath={__version__}\0python={sys.version}".encode())
    return digest.hexdigest()[:32]


def spelling_key(latex: str, where: tuple[str, ...], seed: int) -> str:
    return _hash(["spelling", latex, list(where), seed])


def reading_key(reading: str, seed: int) -> str:
    return _hash(["reading", reading, seed])


def _hash(parts: list[object]) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def time_limit(checked: Checked, timeout: float) -> float | None | bool:
    """The time limit to store a verdict with: None for one that holds at any limit, the run's limit for
    an undecided, False for an outcome that is not stored at all."""
    verdict = checked.verdict
    if verdict.method in NOT_REPEATABLE or (verdict.status == Status.ERROR and verdict.method != READER):
        return False
    return timeout if verdict.status == Status.UNDECIDED else None


class VerdictCache:
    """One open cache file. Not shared across fork: children never touch it, only the process that opened it."""

    def __init__(self, path: Path, verifier: str | None = None) -> None:
        self.path = Path(path)
        self.verifier = verifier or verifier_version()
        self.broken = False  # after a failure that is not damage (a full disk): no more lookups or writes
        self.connection = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CacheError(f"cannot make the directory of the verdict cache {self.path}: {error.strerror}") from None
        try:
            return self._connect()
        except _Corrupt as reason:
            self._report(str(reason))
        except sqlite3.DatabaseError as error:
            if not _corrupt(error):  # busy past the timeout, cannot be opened, a full disk: not the file's fault
                raise CacheError(f"cannot open the verdict cache {self.path}: {error}") from None
            self._report(f"unreadable as SQLite: {error}")
        self._move_aside()
        try:
            return self._connect()
        except (_Corrupt, sqlite3.DatabaseError) as error:
            raise CacheError(f"cannot rebuild the verdict cache {self.path}: {error}") from None

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)  # explicit BEGINs
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash loses at most the last verdicts
            found = connection.execute("PRAGMA quick_check").fetchone()[0]
            if found != "ok":
                raise _Corrupt(f"damaged ({found})")
            connection.execute("BEGIN IMMEDIATE")  # read the marks and make the tables as one step: another
            try:                                     # audit opening a new file at once must not drop ours
                self._make_tables(connection)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except BaseException:
            connection.close()
            raise
        return connection

    def _make_tables(self, connection: sqlite3.Connection) -> None:
        application, schema = (connection.execute(f"PRAGMA {name}").fetchone()[0]
                               for name in ("application_id", "user_version"))
        if application == APPLICATION_ID and schema == SCHEMA:
            return
        if application != APPLICATION_ID and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise CacheError(f"{self.path} is another program's database, not a dlmath verdict cache; "
                             "give another --cache path")
        connection.execute("DROP TABLE IF EXISTS verdicts")  # ours, of an older layout
        connection.execute("DROP TABLE IF EXISTS spellings")
        for statement in TABLES:
            connection.execute(statement)
        connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version={SCHEMA}")

    def _report(self, reason: str) -> None:
        print(f"dlmath: the verdict cache {self.path} is corrupt ({reason}); rebuilding it "
              f"(the old file is kept as {self.path.name}.corrupt)", file=sys.stderr)

    def _move_aside(self) -> None:
        for suffix in ("-wal", "-shm"):  # a stale journal must not be replayed into the new file
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        if self.path.exists():
            os.replace(self.path, f"{self.path}.corrupt")

    def _rebuild(self, reason: str) -> None:
        """A stored verdict that does not decode: the file is not to be trusted; start again."""
        self._report(reason)
        self.connection.close()
        self._move_aside()
        self.connection = self._connect()

    def by_spelling(self, latex: str, where: tuple[str, ...], seed: int, timeout: float) -> Checked | None:
        """The verdict of a claim written exactly so before (under this verifier), or None."""
        row = self._row("SELECT v.record FROM spellings s JOIN verdicts v ON v.verifier = s.verifier "
                        "AND v.reading = s.reading WHERE s.verifier = ? AND s.spelling = ? "
                        "AND (v.time_limit IS NULL OR v.time_limit >= ?)",
                        (self.verifier, spelling_key(latex, where, seed), timeout))
        return self._decoded(row)

    def by_reading(self, reading: str, seed: int, timeout: float) -> Checked | None:
        """The verdict of a claim read the same way before (under this verifier), or None."""
        row = self._row("SELECT record FROM verdicts WHERE verifier = ? AND reading = ? "
                        "AND (time_limit IS NULL OR time_limit >= ?)",
                        (self.verifier, reading_key(reading, seed), timeout))
        return self._decoded(row)

    def store(self, latex: str, where: tuple[str, ...], seed: int, timeout: float, reading: str,
              checked: Checked) -> bool:
        """Remember the verdict of a claim read as `reading` ("" for one the reader refuses); False if not stored."""
        limit = time_limit(checked, timeout)
        if limit is False:
            return False
        spelling = spelling_key(latex, where, seed)
        key = reading_key(reading, seed) if reading else spelling  # an unreadable claim has only its spelling
        self._write([("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)",
                      (self.verifier, key, limit, json.dumps(checked.as_dict(), ensure_ascii=False))),
                     ("INSERT OR REPLACE INTO spellings VALUES (?, ?, ?)", (self.verifier, spelling, key))])
        return True

    def remember_spelling(self, latex: str, where: tuple[str, ...], seed: int, reading: str) -> None:
        """A new spelling of a claim whose reading is stored: found without reading it next time."""
        self._write([("INSERT OR REPLACE INTO spellings VALUES (?, ?, ?)",
                      (self.verifier, spelling_key(latex, where, seed), reading_key(reading, seed)))])

    def holds_any(self) -> bool:
        """Whether any verdict of this verifier is stored (if none, reading claims to look them up is wasted)."""
        return self._row("SELECT 1 FROM verdicts WHERE verifier = ? LIMIT 1", (self.verifier,)) is not None

    def close(self) -> None:
        self.connection.close()

    def _row(self, query: str, parameters: tuple[object, ...]) -> tuple | None:
        if self.broken:
            return None
        try:
            return self.connection.execute(query, parameters).fetchone()
        except sqlite3.DatabaseError as error:
            self._failed(error)
        return None

    def _write(self, statements: list[tuple[str, tuple[object, ...]]]) -> None:
        if self.broken:
            return
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                for query, parameters in statements:
                    self.connection.execute(query, parameters)
                self.connection.execute("COMMIT")
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as error:
            self._failed(error)

    def _failed(self, error: sqlite3.DatabaseError) -> None:
        """A query that failed: a damaged file is rebuilt; busy past the timeout is a miss (another audit holds
        the file; the claim is checked, not stored); anything else is said once, and the cache left alone."""
        if _corrupt(error):
            self._rebuild(str(error))
        elif not ("locked" in str(error) or "busy" in str(error)):
            if not self.broken:
                print(f"dlmath: the verdict cache {self.path} failed ({error}); going on without it", file=sys.stderr)
            self.broken = True

    def _decoded(self, row: tuple | None) -> Checked | None:
        if row is None:
            return None
        try:
            record = json.loads(row[0])
            if not isinstance(record, dict):
                raise TypeError("not an object")
            return Checked.from_dict(record)
        except (ValueError, TypeError, KeyError) as error:
            self._rebuild(f"a stored verdict does not decode: {error}")
            return None


def _corrupt(error: sqlite3.DatabaseError) -> bool:
    """SQLite's NOTADB and CORRUPT are DatabaseError itself; its subclasses are other failures
    (OperationalError: busy, cannot open, disk full; ProgrammingError: a bug here)."""
    return type(error) is sqlite3.DatabaseError


class _Corrupt(Exception):
    """The file opens as SQLite but fails its integrity check."""
