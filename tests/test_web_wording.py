"""The web pages word their counts as the CLI does (``1 sentence``, ``2 sentences``): one filter."""

from __future__ import annotations

import re
from pathlib import Path

import hexaglot.serve.http.web as web

TEMPLATES = Path(web.__file__).parent / "templates"
#: a printed number followed by a plural noun: "1 sentences" when the number is 1
_BARE_PLURAL = re.compile(r"\{\{[^}]*\}\}(?:</strong>)? [a-z ]*?(?:sentences|segments|documents|lines|versions|files)\b")


def test_no_template_writes_a_plural_after_a_count() -> None:
    found = [f"{p.name}: {m.group(0)}" for p in sorted(TEMPLATES.glob("*.html"))
             for m in _BARE_PLURAL.finditer(p.read_text(encoding="utf-8"))
             if "max_" not in m.group(0)]  # the upload limits are settings, never 1
    assert not found, found


def test_the_counted_filter_words_one_and_many() -> None:
    tpl = web._env.from_string('{{ n|counted("sentence") }} · {{ n|counted(src ~ " sentence") }}')
    assert tpl.render(n=1, src="fr") == "1 sentence · 1 fr sentence"
    assert tpl.render(n=3, src="fr") == "3 sentences · 3 fr sentences"


def test_every_text_box_takes_its_direction_from_what_is_typed() -> None:
    """An Arabic query sat left-aligned in the search and concordance boxes (mixed Arabic and figures
    out of order): every box a person types text into has dir="auto"."""
    boxes = [(p.name, m.group(0)) for p in sorted(TEMPLATES.glob("*.html"))
             for m in re.finditer(r'<(?:input type="search"|textarea)[^>]*>', p.read_text(encoding="utf-8"))]
    assert len(boxes) >= 4 and all('dir="auto"' in tag for _, tag in boxes), boxes
