"""What a person types in a search box, read into the tantivy query language.

Plain text is never a syntax error. Each word goes to tantivy as a quoted phrase, so the field's
own analyzer cuts its punctuation as it did at index time: ``l'homme`` is the phrase *l homme*
and matches *l'homme* and *l’homme* (the analyzers split at both), ``A/80/596`` is *a 80 596*,
``Secretary-General's`` is *secretary general s*, and the stemmed word *homme* still finds
*l'homme*. The letter-apostrophe ʼ (U+02BC) is a letter to the analyzers, so a word with any
apostrophe also matches its ʼ spelling. Brackets, colons, slashes and other punctuation are
parts of words (``1325 (2000)`` is a group of one word); a word of punctuation only is dropped.

The operators, for those who use them:

- ``AND``, ``OR`` (upper case; AND binds tighter; words side by side must all match),
- ``NOT word`` and ``-word`` exclude, ``+word`` requires,
- ``"a phrase"``, ``"a phr"*`` and ``word*`` (prefix), ``( … )`` to group.

An unclosed quote runs to the end of the text and an unmatched bracket is ignored. Only an
operator without its operand (``AND`` alone, ``a OR``, ``NOT``) or a query that only excludes is
an error: :class:`~hexaglot.errors.InputError` with a message that says how to write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from hexaglot.errors import InputError
from hexaglot.search.analyzers import (
    _CJK_RUN,
    _TOKEN,
    CUT,
    EXACT,
    FOLDED,
    accent_bound,
    cjk_query,
    exact_query,
    folded,
    indexed_terms,
    text_field,
)

_ARABIC = re.compile(r"[\u0600-\u06ff]")

APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ
_SPLIT_APOS = str.maketrans({"\u02bc": "'"})  # ʼ is a letter to the analyzers, ' and ’ are not
_JOIN_APOS = str.maketrans({"'": "\u02bc", "\u2019": "\u02bc"})
_OPERATORS = ("AND", "OR", "NOT")
_STOP = frozenset({"(", ")", '"'})


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase (both are phrases to tantivy); ``prefix`` when followed by ``*``."""

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Unary:
    op: str  # "-" (exclude) or "+" (require)
    item: Node


@dataclass(frozen=True)
class Group:
    op: str  # "AND" or "OR"
    items: tuple[Node, ...]


Node = Term | Unary | Group


def _has_word(text: str) -> bool:
    return any(ch.isalnum() and ch != "\u02bc" for ch in text)  # ʼ alone is an apostrophe, not a word


def _tokens(text: str) -> Iterator[tuple[str, str | Term]]:
    """``(kind, value)``: ``("(", "(")``, ``(")", ")")``, ``("op", "AND")``, ``("mod", "-")``, ``("term", Term)``."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            yield ch, ch
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            inner, i = text[i + 1:end], end + 1
            prefix = i < n and text[i] == "*"
            i += prefix
            if _has_word(inner):
                yield "term", Term(inner, prefix=prefix)
        elif ch in "+-" and i + 1 < n and (text[i + 1] in '"(' or text[i + 1].isalnum()):
            yield "mod", ch
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _STOP:
                j += 1
            word, i = text[i:j], j
            if word in _OPERATORS:
                yield "op", word
                continue
            stem = word.rstrip("*")
            if _has_word(stem):
                yield "term", Term(stem, prefix=stem != word)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = list(_tokens(text))
        self.pos = 0

    def peek(self) -> tuple[str, str | Term] | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def fail(self, op: str, what: str) -> InputError:
        return InputError("query", f"{self.text!r}: {op} {what} (to search for the word itself, "
                                   f"write {op.lower()!r})")

    def _operand_follows(self) -> bool:
        nxt = self.peek()
        return nxt is not None and nxt[0] != ")" and not (nxt[0] == "op" and nxt[1] != "NOT")

    def expr(self) -> Node | None:
        items = [self.conj()]
        while (tok := self.peek()) and tok == ("op", "OR"):
            self.pos += 1
            if items[-1] is None or not self._operand_follows():
                raise self.fail("OR", "needs a word on each side")
            items.append(self.conj())
        kept = tuple(x for x in items if x is not None)
        return None if not kept else kept[0] if len(kept) == 1 else Group("OR", kept)

    def conj(self) -> Node | None:
        items: list[Node] = []
        while (tok := self.peek()) and tok[0] != ")" and tok != ("op", "OR"):
            if tok == ("op", "AND"):
                self.pos += 1
                if not items or not self._operand_follows():
                    raise self.fail("AND", "needs a word on each side")
                continue
            node = self.unary()
            if node is not None:
                items.append(node)
        return None if not items else items[0] if len(items) == 1 else Group("AND", tuple(items))

    def unary(self) -> Node | None:
        kind, value = self.toks[self.pos]
        self.pos += 1
        if kind == "op":  # only NOT reaches here
            if not self._operand_follows():
                raise self.fail("NOT", "needs a word after it")
            item = self.unary()
            return Unary("-", item) if item is not None else None
        if kind == "mod":
            if not self._operand_follows():
                return None  # a stray + or -: punctuation
            item = self.unary()
            return Unary(str(value), item) if item is not None else None
        if kind == "(":
            inner = self.expr()
            nxt = self.peek()
            if nxt is not None and nxt[0] == ")":
                self.pos += 1
            return inner  # an unclosed bracket closes at the end
        assert isinstance(value, Term)
        return value

    def parse(self) -> Node | None:
        node = self.expr()
        while self.peek() is not None:  # an unmatched ")": skipped
            self.pos += 1
            more = self.expr()
            if more is not None:
                node = more if node is None else Group("AND", (node, more))
        return node


def parse(text: str) -> Node | None:
    """The query tree of ``text`` (``None`` when it holds no word); raises :class:`InputError`."""
    return _Parser(text).parse()


def _positive(node: Node) -> bool:
    """Whether ``node`` can match on its own (is not only exclusions)."""
    if isinstance(node, Term):
        return True
    if isinstance(node, Unary):
        return node.op == "+" and _positive(node.item)
    return any(_positive(x) for x in node.items)


class _Writer:
    """Writes a tree in the tantivy query language for the default fields of one search."""

    def __init__(self, prefix_fields: list[str], zh: bool, fields: list[str] | None = None) -> None:
        self.prefix_fields = prefix_fields
        self.zh = zh  # the default field is Chinese bigrams: cut words as cjk_grams does
        self.fields = fields or []  # the default fields (each folded language's field and its exact field)
        self.folded = [x for x in sorted(FOLDED) if text_field(x) in self.fields]

    def node(self, node: Node) -> str:
        """The clause of ``node``; empty when nothing in it is a word for this field."""
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Unary):
            inner = self.node(node.item)
            return node.op + inner if inner else ""
        items = [c for c in map(self.node, node.items) if c]
        if len(items) <= 1:
            return items[0] if items else ""
        return "(" + (" OR " if node.op == "OR" else " ").join(items) + ")"

    def term(self, t: Term) -> str:
        parts: list[str] = []
        pos = 0
        for m in _CJK_RUN.finditer(t.text):
            parts += [self.latin(t.text[pos:m.start()], t.prefix), cjk_query(m.group(0))]
            pos = m.end()
        parts.append(self.latin(t.text[pos:], t.prefix))
        parts = [p for p in parts if p]
        return "(" + " ".join(parts) + ")" if len(parts) > 1 else "".join(parts)

    def words(self, text: str) -> list[str]:
        if self.zh:
            return _TOKEN.findall(text)
        return text.replace('"', " ").replace("\\", " ").split()

    def latin(self, text: str, prefix: bool) -> str:
        """A quoted phrase of a stretch without Chinese (empty when it holds no word)."""
        if not _has_word(text):
            return ""
        if prefix:
            return self.prefix(text)
        split = self.words(text.translate(_SPLIT_APOS))
        if not split:
            return ""
        quoted = '"' + " ".join(split) + '"'
        if _ARABIC.search(text) and len(split) > 1:
            # the text may write a proclitic onto a word the phrase typed bare (حقوق for لحقوق), and the
            # index holds it as a token of its own between the words: one position of slack per such word
            bare = sum(1 for w in split[1:] if CUT not in w)
            quoted += f"~{bare}" if bare else ""
        phrases = [quoted]
        if any(a in text for a in APOSTROPHES):
            joined = '"' + " ".join(self.words(text.translate(_JOIN_APOS))) + '"'
            phrases += [joined] if joined != quoted else []
        return self.scoped(text, phrases)

    def scoped(self, text: str, phrases: list[str]) -> str:
        """``phrases`` (alternatives) in the default fields, an exact field given each as
        :func:`~hexaglot.search.analyzers.exact_query` spells it (folded, the accent of an ending put
        back: "premiere" → "première"); and when ``text`` types a word whose accent tells it from
        another word (:func:`~hexaglot.search.analyzers.accent_bound`: "à"), not in the folded field of
        the languages where it does. A search of English alone, which has no exact field, still looks
        in its folded field rather than for nothing."""
        anywhere = phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"
        typed = re.findall(r"[^\W_]+", text)
        bound = {x for x in self.folded if any(accent_bound(x, w) for w in typed)}
        out, same = [], not bound
        for f in self.fields:
            lang = f.removeprefix("text_").removesuffix(EXACT)
            if lang in bound and f == text_field(lang):
                continue
            for p in phrases:
                q = exact_query(lang, p) if f.endswith(EXACT) else p
                same = same and q == p
                out.append(f"{f}:{q}")
        return anywhere if same or not out else "(" + " OR ".join(out) + ")"

    def prefix(self, text: str) -> str:
        words = re.findall(r"[^\W_]+", text.lower())
        if len(words) >= 2:
            return '"' + " ".join(words) + '"*'
        # a stemmed field holds "right" for "rights": terms that start with the word as typed, and the
        # word's own stem (exactly: "nation" for national*, as a search for "national" finds, never every
        # term starting "nation")
        # (folded as the field folds its words before the stemmer: État* looks for etat.*)
        alts = []
        for f in self.prefix_fields:
            word = folded(f, words[0])
            alts.append(f"{f}:/{word}.*/")
            alts += [f"{f}:/{t}/" for t in indexed_terms(f, words[0])[:1] if t != word]
        return "(" + " OR ".join(alts) + ")"


def prefixes(text: str) -> list[str]:
    """The one-word prefixes (``word*``) of a query that is not excluded (lower-cased; [] when it has
    none or does not parse)."""
    try:
        node = parse(text)
    except InputError:
        return []
    out: list[str] = []

    def walk(n: Node | None) -> None:
        if isinstance(n, Term):
            words = re.findall(r"[^\W_]+", n.text.lower())
            if n.prefix and len(words) == 1:
                out.append(words[0])
        elif isinstance(n, Unary):
            if n.op != "-":
                walk(n.item)
        elif isinstance(n, Group):
            for item in n.items:
                walk(item)

    walk(node)
    return list(dict.fromkeys(out))


def as_phrase(text: str) -> str | None:
    """The query as one quoted phrase when it is only words side by side (two or more, no operator,
    no prefix): ``права человека`` → ``"права человека"``, which the concordance shows first (its
    words in that order, not "человек имеет право"); else None."""
    try:
        node = parse(text)
    except InputError:
        return None
    if not (isinstance(node, Group) and node.op == "AND" and len(node.items) >= 2):
        return None
    if not all(isinstance(t, Term) and not t.prefix for t in node.items):
        return None
    return '"' + " ".join(t.text.replace('"', " ") for t in node.items if isinstance(t, Term)) + '"'


def phrase_words(text: str) -> int | None:
    """The fewest words of the query's phrases when everything it looks for is a phrase of two words
    or more (``"human rights"``; Chinese aside), else None."""
    try:
        node = parse(text)
    except InputError:
        return None
    sizes: list[int] = []

    def walk(n: Node | None) -> bool:
        if isinstance(n, Term):
            words = re.findall(r"[^\W_]+", n.text)
            sizes.append(len(words))
            return not n.prefix and len(words) >= 2 and not _CJK_RUN.search(n.text)
        if isinstance(n, Unary):
            return n.op == "-" or walk(n.item)
        if isinstance(n, Group):
            return all([walk(item) for item in n.items])
        return False

    return min(sizes) if walk(node) and sizes else None


def to_tantivy(text: str, prefix_fields: list[str], zh: bool = False, fields: list[str] | None = None) -> str:
    """``text`` in the tantivy query language. ``prefix_fields``: the fields a ``word*`` is
    looked up in; ``zh``: the default field is the Chinese bigram field; ``fields``: the default
    fields, named one by one for a word looked for in some of them only (:meth:`_Writer.scoped`)."""
    node = parse(text)
    if node is None:
        raise InputError("query", f"nothing to search for in {text!r}: type at least one word")
    if not _positive(node):
        raise InputError("query", f"{text!r} only excludes (NOT, -word): add a word to search for")
    out = _Writer(prefix_fields, zh, fields).node(node)
    if not out:
        raise InputError("query", f"nothing to search for in {text!r}: type at least one word")
    return out
