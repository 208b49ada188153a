"""The folder tree is the architecture: a stage imports only the stages below it, never one above.

Every ``import hexaglot.X`` / ``from hexaglot.X import`` in the package, at module level or inside a
function, is checked against the order of the pipeline; imports under ``if TYPE_CHECKING:`` are type
hints, not dependencies, and are left out. A layer may import itself and any lower layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "hexaglot"

# Lowest first. Records (and their kinds), errors, limits, the language tables and the wording of counts
# are used by every stage.
LAYERS: list[set[str]] = [
    {"errors", "model", "limits", "langs", "demo", "units", "wording"},
    {"read"},
    {"clean"},
    {"parse"},
    {"segment"},
    {"align"},
    {"pipeline"},  # the step list: read → clean → parse → segment, then align per document
    {"store"},
    {"search"},
    {"export"},
    # capabilities over the stored archive; archive.py calls them, they name Archive only in type hints
    {"semantic", "terms", "wordalign", "pretranslate"},
    {"ingest"},
    {"archive", "desk", "batch"},  # desk: the base of Archive for word alignment, pre-translation, terms; Archive.ingest_parquet loads batch output; batch.load writes through Archive
    {"serve"},
    {"__init__", "__main__"},  # the package and `python -m hexaglot`, over every front end
]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}

# Known upward imports still to be removed; a new one fails this test.
KNOWN: set[tuple[str, str]] = {
    ("read", "parse"),   # OCR post-correction protects UN symbols; the PDF reader's language hint
    ("clean", "parse"),  # symbol and heading tables shared with the parser
    ("store", "parse"),  # symbols are normalised before lookup
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1].removesuffix(".py") if len(parts) > 1 else "__init__"


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports() -> list[tuple[str, str, str]]:
    out = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent)
        here = rel.parts[1].removesuffix(".py") if len(rel.parts) > 1 else "__init__"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hints = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and _type_checking(block.test)
                 for stmt in block.body for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in hints:
                continue
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module == "hexaglot":
                    names = [f"hexaglot.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                if name.startswith("hexaglot.") and _layer(name) in RANK:
                    out.append((str(rel), here, _layer(name)))
    return out


def test_every_module_has_a_layer() -> None:
    tops = {p.name.removesuffix(".py") for p in SRC.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    assert tops <= set(RANK), sorted(tops - set(RANK))


def test_no_import_runs_upward() -> None:
    upward = sorted(f"{path}: {here} imports {there}" for path, here, there in _imports()
                    if RANK[there] > RANK[here] and (here, there) not in KNOWN)
    assert not upward, "\n".join(upward)


def test_the_http_layer_uses_no_private_name_of_the_library() -> None:
    private = []
    for path in (SRC / "serve").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hexaglot.") \
                    and not (node.module or "").startswith("hexaglot.serve"):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
    assert not private, private
