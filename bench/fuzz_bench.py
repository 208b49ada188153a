"""Fuzz the whole pipeline (read → clean → parse → segment → align) with mutated real files.

Seeds are the PDF, DOCX, HTML and text files of ../shared/corpus (read in place, never copied).
Each input is a seed put through one or more mutations: truncation, byte flips, wrong extension,
huge lines, deep nesting, NUL bytes, mixed encodings, zip member damage, repeated chunks. Every
input must either give a result or a :class:`~hexaglot.errors.HexaglotError` (a one-line,
per-file error), within the per-document time budget.

    .venv/bin/python bench/fuzz_bench.py --n 10000 --write

``tests/test_fuzz.py`` runs the same harness on a few hundred inputs in CI.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("HEXAGLOT_CORPUS", REPO.parent / "shared" / "corpus"))
SEED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt")
MAX_SEED_BYTES = 2_000_000
def _budget() -> float:
    from hexaglot import limits

    return limits.DOC_TIME_BUDGET_S
REFERENCE = ["The Security Council decides to remain seized of the matter.",
             "The General Assembly takes note of the report of the Secretary-General.",
             "Letter dated 4 June 2003 from the Permanent Representative addressed to the President."]


def seeds(corpus: Path = CORPUS, per_kind: int = 12) -> list[Path]:
    """Up to ``per_kind`` real files of each format, spread over the corpus folders."""
    by_kind: dict[str, list[Path]] = {}
    for p in sorted(corpus.rglob("*")):
        if p.is_file() and p.suffix.lower() in SEED_SUFFIXES and 0 < p.stat().st_size <= MAX_SEED_BYTES:
            by_kind.setdefault(p.suffix.lower(), []).append(p)
    out: list[Path] = []
    for files in by_kind.values():
        step = max(1, len(files) // per_kind)
        out.extend(files[::step][:per_kind])
    return out


# -- mutations: bytes → bytes (and maybe another suffix) ------------------------------------------------

Mutation = Callable[[random.Random, bytes, str], tuple[bytes, str]]


def truncate(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    return data[: r.randrange(0, max(len(data), 1))], suffix


def flip_bytes(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    b = bytearray(data)
    for _ in range(r.choice((1, 4, 32, 256))):
        if b:
            b[r.randrange(len(b))] = r.randrange(256)
    return bytes(b), suffix


def wrong_extension(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    return data, r.choice([s for s in (".pdf", ".docx", ".html", ".txt", ".doc", "") if s != suffix])


def huge_line(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    line = r.choice((b"a", b"word ", b"\xe4\xb8\xad", b"1.", b"A/58/", b"(")) * r.choice((10_000, 100_000, 400_000))
    at = r.randrange(0, len(data) + 1)
    return data[:at] + line + data[at:], suffix


def deep_nesting(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    depth = r.choice((500, 5_000, 50_000))
    if suffix in (".html", ".htm", ".txt", ""):
        tag = r.choice((b"div", b"p", b"span", b"table", b"li"))
        body = b"<" + tag + b">" * 0 + (b"<" + tag + b">") * depth + b"text" + (b"</" + tag + b">") * depth
        return b"<html><body>" + body + b"</body></html>", r.choice((".html", suffix))
    if suffix == ".docx":
        inner = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
        xml = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
               b'wordprocessingml/2006/main"><w:body>' + b"<w:sdt><w:sdtContent>" * depth + inner
               + b"</w:sdtContent></w:sdt>" * depth + b"</w:body></w:document>")
        return replace_member(data, "word/document.xml", xml), suffix
    opens = b"[" * depth + b"(" * depth
    return data + b"\n" + opens + b"\n", suffix


def nul_bytes(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    b = bytearray(data)
    for _ in range(r.choice((1, 10, 1000))):
        b.insert(r.randrange(len(b) + 1), 0)
    return bytes(b), suffix


def mixed_encodings(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    text = "Résolution 1483 (2003) — Совет Безопасности 安全理事会 مجلس الأمن "
    enc = r.choice(("utf-16", "utf-16-be", "cp1252", "koi8-r", "gb18030", "cp1256", "latin-1", "utf-32"))
    chunk = text.encode(enc, errors="replace") * r.randrange(1, 50)
    at = r.randrange(0, len(data) + 1)
    return data[:at] + chunk + data[at:], suffix


def repeat_chunk(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    if not data:
        return data, suffix
    a = r.randrange(len(data))
    chunk = data[a : a + r.randrange(1, 4096)]
    return data[:a] + chunk * r.randrange(2, 100) + data[a:], suffix


def control_chars(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    b = bytearray(data)
    for _ in range(r.choice((5, 100))):
        b.insert(r.randrange(len(b) + 1), r.choice((0x0B, 0x0C, 0x1B, 0x7F, 0x85, 0xA0, 0xAD, 0xFE, 0xFF)))
    return bytes(b), suffix


def replace_member(data: bytes, name: str, content: bytes) -> bytes:
    """``data`` (a ZIP) with member ``name`` replaced; ``data`` unchanged when it is no ZIP."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
        return buf.getvalue()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error):
        return data


def zip_member(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str]:
    """Damage one XML member inside a DOCX (flip, truncate or drop it) and re-zip properly."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        name = r.choice(zf.namelist())
        content = zf.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, IndexError, NotImplementedError,
            zlib.error):
        return flip_bytes(r, data, suffix)
    choice = r.randrange(3)
    if choice == 0:
        content = content[: r.randrange(len(content) + 1)]
    elif choice == 1:
        content, _ = flip_bytes(r, content, suffix)
    else:
        content = b""
    return replace_member(data, name, content), suffix


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "flip": flip_bytes, "extension": wrong_extension, "huge_line": huge_line,
    "nesting": deep_nesting, "nul": nul_bytes, "encodings": mixed_encodings, "repeat": repeat_chunk,
    "control": control_chars, "zip_member": zip_member,
}


def mutate(r: random.Random, data: bytes, suffix: str) -> tuple[bytes, str, list[str]]:
    names = r.sample(sorted(MUTATIONS), k=r.choice((1, 1, 1, 2, 3)))
    for name in names:
        data, suffix = MUTATIONS[name](r, data, suffix)
    return data, suffix, names


# -- the harness --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    ok: bool  # a document came out (else a clean per-file error)
    seconds: float
    crash: str | None = None  # an unhandled exception: the bug to fix


def run_pipeline(path: Path) -> Outcome:
    """read → clean → parse → segment → align one file under the document time budget."""
    from hexaglot import limits
    from hexaglot.align import align
    from hexaglot.errors import HexaglotError
    from hexaglot.pipeline import process_one
    from hexaglot.segment import segment_document

    limits.PDF_PAGE_BUDGET_S = 0.0  # the strict target: 10 s per input, whatever its page count
    t0 = time.perf_counter()
    try:
        with limits.time_budget(str(path)):  # the library's own budget (8 s; C calls may overrun it)
            res = process_one(path, ocr="never")
            if res.document is None:
                assert res.error and str(path) in res.error, res.error
                return Outcome(False, time.perf_counter() - t0)
            sentences = [s.text for s in segment_document(res.document)]
            limits.check_budget()
            if sentences:
                with warnings.catch_warnings():  # a mutated text against a fixed reference: unrelated
                    warnings.simplefilter("ignore")
                    align(sentences, REFERENCE, res.document.language or "en", "en", embeddings=False)
        return Outcome(True, time.perf_counter() - t0)
    except HexaglotError as exc:
        assert str(path) in str(exc) or "document" in str(exc), str(exc)
        return Outcome(False, time.perf_counter() - t0)
    except Exception:  # the finding: anything else escaping is a bug
        return Outcome(False, time.perf_counter() - t0, traceback.format_exc(limit=-3))


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    errors: int = 0
    crashes: list[str] = field(default_factory=list)
    slow: list[str] = field(default_factory=list)
    max_seconds: float = 0.0
    total_seconds: float = 0.0
    by_mutation: Counter[str] = field(default_factory=Counter)
    budget_stops: int = 0  # inputs stopped by the time budget (a clean per-file error)


def fuzz(n: int, seed: int = 0, corpus: Path = CORPUS, limit_s: float = 10.0,
         log: Callable[[str], None] | None = None, keep: Path | None = None) -> Summary:
    """``n`` mutated inputs; ``keep``: a folder where crashing and slow inputs are saved."""
    r = random.Random(seed)
    files = seeds(corpus)
    data = {p: p.read_bytes() for p in files}
    summary = Summary()
    with tempfile.TemporaryDirectory(prefix="hexaglot-fuzz-") as tmp:
        for i in range(n):
            src = r.choice(files)
            blob, suffix, names = mutate(r, data[src], src.suffix.lower())
            path = Path(tmp) / f"{i:05d}-{src.stem[:40]}{suffix}"
            path.write_bytes(blob)
            out = run_pipeline(path)
            summary.inputs += 1
            summary.by_mutation.update(names)
            summary.documents += out.ok
            summary.errors += not out.ok and out.crash is None
            summary.total_seconds += out.seconds
            summary.max_seconds = max(summary.max_seconds, out.seconds)
            label = f"{src.name} {'+'.join(names)}"
            if out.crash:
                summary.crashes.append(f"{label}: {out.crash.strip().splitlines()[-1]}")
                if log:
                    log(f"CRASH {label}\n{out.crash}")
            if out.seconds > limit_s:
                summary.slow.append(f"{label}: {out.seconds:.1f} s")
            stopped = out.seconds >= _budget()
            summary.budget_stops += stopped
            if keep is not None and (out.crash or stopped):
                keep.mkdir(parents=True, exist_ok=True)
                path.replace(keep / path.name)
            path.unlink(missing_ok=True)
            if log and (i + 1) % 250 == 0:
                log(f"[seed {seed}] {i + 1}/{n} inputs, {summary.documents} documents, {len(summary.crashes)} "
                    f"crashes, {summary.budget_stops} budget stops, max {summary.max_seconds:.2f} s")
    return summary


def _part(args: tuple[int, int]) -> Summary:
    n, seed = args
    return fuzz(n, seed, log=lambda m: print(m, file=sys.stderr, flush=True))


def fuzz_parallel(n: int, seed: int, jobs: int, log: Callable[[str], None]) -> Summary:
    """``jobs`` processes, each fuzzing its share with its own derived seed."""
    if jobs <= 1:
        return fuzz(n, seed, log=log)
    from concurrent.futures import ProcessPoolExecutor

    shares = [(n // jobs + (1 if k < n % jobs else 0), seed * 1000 + k) for k in range(jobs)]
    total = Summary()
    with ProcessPoolExecutor(jobs) as pool:
        for s in pool.map(_part, shares):
            total.inputs += s.inputs
            total.documents += s.documents
            total.errors += s.errors
            total.crashes += s.crashes
            total.slow += s.slow
            total.max_seconds = max(total.max_seconds, s.max_seconds)
            total.total_seconds += s.total_seconds
            total.budget_stops += s.budget_stops
            total.by_mutation.update(s.by_mutation)
            log(f"part done: {s.inputs} inputs, {len(s.crashes)} crashes")
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of inputs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1, help="processes")
    ap.add_argument("--write", action="store_true", help="write the figures to bench/RESULTS.md")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"shared corpus not found at {CORPUS} (set HEXAGLOT_CORPUS)")
    t0 = time.perf_counter()
    s = fuzz_parallel(args.n, args.seed, args.jobs, log=lambda m: print(m, file=sys.stderr, flush=True))
    wall = time.perf_counter() - t0
    top = ", ".join(f"{k} {v}" for k, v in sorted(s.by_mutation.items()))
    body = (f"```\ninputs {s.inputs} from {len(seeds())} real seed files (pdf, docx, html, txt), seed {args.seed}\n"
            f"documents out {s.documents}, clean per-file errors {s.errors}\n"
            f"unhandled exceptions {len(s.crashes)}\n"
            f"inputs over 10 s {len(s.slow)} (stopped by the {_budget():g} s time budget with a per-file error: {s.budget_stops}); "
            f"slowest {s.max_seconds:.2f} s; mean {s.total_seconds / max(s.inputs, 1):.3f} s\n"
            f"mutations applied: {top}\n"
            f"wall time {wall:.0f} s with {args.jobs} process(es), OCR off, alignment without embeddings\n"
            f"target: >= 10,000 inputs, 0 unhandled, 0 over 10 s: "
            f"{'MET' if s.inputs >= 10_000 and not s.crashes and not s.slow else 'NOT MET'}\n```\n")
    for c in s.crashes[:20]:
        body += f"\n- crash: {c}"
    for x in s.slow[:20]:
        body += f"\n- slow: {x}"
    print(body)
    if args.write:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results import write_section

        write_section("Fuzzing", body, command=f".venv/bin/python bench/fuzz_bench.py --n {args.n} --seed {args.seed} --jobs {args.jobs} --write")


if __name__ == "__main__":
    main()
