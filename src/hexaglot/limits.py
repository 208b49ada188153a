"""Every resource limit in one place, each overridable by a ``HEXAGLOT_<NAME>`` environment variable.

Readers, the pipeline, ingest and the HTTP server import their limits from here, so a limit is
documented and changed once (see ``docs/reliability.md``). Values are read at import time from the
environment; tests and callers that need another value patch the module attribute.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections.abc import Iterator

from hexaglot.errors import ConfigError, InputError

_MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(f"HEXAGLOT_{name}")
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError as exc:
        raise ConfigError(f"HEXAGLOT_{name}={raw!r} is not an integer") from exc
    if value <= 0:
        raise ConfigError(f"HEXAGLOT_{name}={raw!r} must be positive")
    return value


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(f"HEXAGLOT_{name}")
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.strip())
    except ValueError as exc:
        raise ConfigError(f"HEXAGLOT_{name}={raw!r} is not a number") from exc
    if value <= 0:
        raise ConfigError(f"HEXAGLOT_{name}={raw!r} must be positive")
    return value


# --- any input file -------------------------------------------------------------------------------
#: Largest file read from disk (any format).
MAX_FILE_BYTES: int = _env_int("MAX_FILE_BYTES", 200 * _MB)
#: Per-document wall-clock budget for read → clean → parse → segment (and its share of align).
#: 8 s, so that a document is done within 10 s: the alarm interrupts Python code at once, but a
#: call inside PDFium or lxml that is under way finishes first (up to ~2 s seen in fuzzing).
DOC_TIME_BUDGET_S: float = _env_float("DOC_TIME_BUDGET_S", 8.0)
#: Address-space cap (bytes) set with RLIMIT_AS in ingest worker processes; 0 disables.
WORKER_MEMORY_BYTES: int = int(os.environ.get("HEXAGLOT_WORKER_MEMORY_BYTES", str(4096 * _MB)) or 0)
#: Longest line kept whole; longer lines are cut into pieces of this size (at a space if possible).
MAX_LINE_CHARS: int = _env_int("MAX_LINE_CHARS", 100_000)
#: Most characters of text one document may yield (after reading).
MAX_TEXT_CHARS: int = _env_int("MAX_TEXT_CHARS", 20_000_000)

#: Longest sentence the segmenter gives; a longer unit (a 5 MB line without a full stop) is cut
#: at the last clause mark or space before the limit, else at the limit, with a warning.
MAX_SENTENCE_CHARS: int = _env_int("MAX_SENTENCE_CHARS", 5000)

# --- DOCX (a ZIP package) -------------------------------------------------------------------------
#: Sum of the uncompressed sizes of all members.
MAX_DOCX_UNCOMPRESSED_BYTES: int = _env_int("MAX_DOCX_UNCOMPRESSED_BYTES", 300 * _MB)
#: Number of members in the package.
MAX_DOCX_MEMBERS: int = _env_int("MAX_DOCX_MEMBERS", 2000)
#: Largest uncompressed/compressed ratio accepted for a member bigger than 1 MB.
MAX_DOCX_RATIO: int = _env_int("MAX_DOCX_RATIO", 200)

# --- XML and HTML ---------------------------------------------------------------------------------
#: Deepest element nesting accepted in HTML/XML (deeper trees are rejected, not recursed into).
MAX_XML_DEPTH: int = _env_int("MAX_XML_DEPTH", 1000)

# --- PDF ------------------------------------------------------------------------------------------
#: Most pages read from one PDF.
MAX_PDF_PAGES: int = _env_int("MAX_PDF_PAGES", 2000)

# --- uploads (HTTP server) ------------------------------------------------------------------------
#: Largest single upload (bytes).
MAX_UPLOAD_BYTES: int = _env_int("MAX_UPLOAD_BYTES", 50 * _MB)
#: Most files in one upload request.
MAX_UPLOAD_FILES: int = _env_int("MAX_UPLOAD_FILES", 20)
#: Longest upload file name (characters).
MAX_UPLOAD_NAME_CHARS: int = 255

_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_upload_name(name: str) -> str:
    """Return ``name`` as a safe base file name, or raise :class:`InputError`.

    Rejected: empty names, ``.`` and ``..``, any ``..`` component, absolute paths, path separators
    (``/`` or ``\\``), drive letters, NUL and other control characters, reserved device names and
    names longer than :data:`MAX_UPLOAD_NAME_CHARS`. The name is NFC-normalised; it is never
    silently rewritten into another name, so what is stored is what the user sent.
    """
    shown = repr(name)[:80]
    if not isinstance(name, str) or not name.strip():
        raise InputError(shown, "upload name is empty")
    norm = unicodedata.normalize("NFC", name)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in norm):
        raise InputError(shown, "upload name contains NUL or control characters")
    if norm.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", norm):
        raise InputError(shown, "upload name is an absolute path")
    if ".." in norm:
        raise InputError(shown, "upload name contains '..'")
    if "/" in norm or "\\" in norm:
        raise InputError(shown, "upload name contains a path separator")
    if norm.strip() in (".", "") or norm != norm.strip() or norm.endswith("."):
        raise InputError(shown, "upload name is not a plain file name")
    if _WINDOWS_RESERVED.match(norm):
        raise InputError(shown, "upload name is a reserved device name")
    if len(norm) > MAX_UPLOAD_NAME_CHARS:
        raise InputError(shown[:40], f"upload name longer than {MAX_UPLOAD_NAME_CHARS} characters")
    return norm


# --- budgets ---------------------------------------------------------------------------------------
#: Extra seconds the time budget grants per PDF page (a 600-page report may read for longer than 10 s).
PDF_PAGE_BUDGET_S: float = _env_float("PDF_PAGE_BUDGET_S", 0.2)
#: Extra seconds the time budget grants per page sent to OCR.
OCR_PAGE_BUDGET_S: float = _env_float("OCR_PAGE_BUDGET_S", 60.0)
#: Wall-clock budget for aligning the versions of one document (all pairs).
ALIGN_TIME_BUDGET_S: float = _env_float("ALIGN_TIME_BUDGET_S", 300.0)


#: Characters of a query searched by meaning (a sentence or a paragraph; words queries: the HTTP
#: server's ``max_query_chars``, 500).
MAX_MEANING_QUERY_CHARS: int = _env_int("MAX_MEANING_QUERY_CHARS", 2_000)


# --- display ---------------------------------------------------------------------------------------
#: Bead scores are calibrated probabilities that the pair is exactly right; a pair under this is
#: marked "low" in the web reader, the web and CLI concordance (a setting, not a resource limit).
LOW_SCORE: float = _env_float("LOW_SCORE", 0.5)
if LOW_SCORE > 1.0:
    raise ConfigError(f"HEXAGLOT_LOW_SCORE={LOW_SCORE} must be at most 1 (a probability)")


class BudgetExceeded(BaseException):
    """Raised inside the work when its time budget runs out; :func:`time_budget` turns it into an
    :class:`InputError`. A ``BaseException`` so that no ``except Exception`` on the way swallows it."""


class _Budget:
    """The budget of the work running in this process (at most one at a time: nested calls share it)."""

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.seconds = 0.0
        self.uses_signal = False


_BUDGET = _Budget()


def _on_alarm(signum: int, frame: object) -> None:
    if _BUDGET.deadline is not None:
        raise BudgetExceeded()


def _arm(remaining: float) -> None:
    import signal

    signal.setitimer(signal.ITIMER_REAL, max(remaining, 0.001))


@contextlib.contextmanager
def time_budget(path: str, seconds: float | None = None, what: str = "time budget") -> Iterator[None]:
    """Run the body under a wall-clock budget; over budget → ``InputError(path, "took over N s")``.

    In the main thread of a POSIX process the limit is hard (``SIGALRM`` interrupts the work between
    two Python bytecodes); elsewhere it is cooperative (:func:`check_budget` at stage boundaries).
    A budget inside a budget is a no-op: the outer one governs, and :func:`extend_budget` moves it.
    """
    import signal
    import threading
    import time

    if _BUDGET.deadline is not None:
        yield
        return
    seconds = DOC_TIME_BUDGET_S if seconds is None else seconds
    use_signal = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = None
    _BUDGET.deadline, _BUDGET.seconds, _BUDGET.uses_signal = time.monotonic() + seconds, seconds, use_signal
    try:
        try:
            if use_signal:
                previous = signal.signal(signal.SIGALRM, _on_alarm)
                _arm(seconds)
            yield
        finally:
            _BUDGET.deadline = None  # from here on a late alarm does nothing
            if use_signal:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
            _BUDGET.uses_signal = False
    except BudgetExceeded:
        raise InputError(path, f"took over {_BUDGET.seconds:g} s ({what}); the file was skipped") from None


def extend_budget(seconds: float) -> None:
    """Grant the running budget ``seconds`` more (a long PDF, pages sent to OCR)."""
    import time

    if _BUDGET.deadline is None or seconds <= 0:
        return
    _BUDGET.deadline += seconds
    _BUDGET.seconds += seconds
    if _BUDGET.uses_signal:
        _arm(_BUDGET.deadline - time.monotonic())


def check_budget() -> None:
    """Raise :class:`BudgetExceeded` when the running budget is spent (the cooperative check)."""
    import time

    if _BUDGET.deadline is not None and time.monotonic() > _BUDGET.deadline:
        raise BudgetExceeded()


def init_worker() -> None:
    """Initialiser of ingest worker processes: cap the address space at :data:`WORKER_MEMORY_BYTES`
    (a document that needs more fails with ``MemoryError``, reported as over the memory budget)."""
    if WORKER_MEMORY_BYTES <= 0:
        return
    try:
        import resource
    except ImportError:  # not POSIX
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = WORKER_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(WORKER_MEMORY_BYTES, hard)
    if soft == resource.RLIM_INFINITY or soft > cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
