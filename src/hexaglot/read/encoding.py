"""Bytes → text: BOMs, UTF-16 without BOM, legacy code pages, binary rejection, mojibake repair.

Decoding is a cascade, each step only taken when the previous one does not apply:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) decides;
2. magic numbers of binary formats (PNG, JPEG, ZIP, ELF...) → binary;
3. NUL bytes: UTF-16 without BOM if one byte order reads as text, else binary;
4. strict UTF-8 (the common case), followed by a per-line mojibake repair; UTF-8 that is control-char
   soup is retried as UTF-16, and a short "UTF-8" text in an alien script is re-checked as legacy;
5. legacy candidates (cp1252, cp1251, cp1256, GB18030, UTF-16, charset-normalizer's guess) are decoded
   and *scored* by how plausible the result is as text in a UN language (:func:`plausibility`);
   the best one wins. Short texts in legacy code pages are where statistical detectors fail, so the
   detector's guess is one candidate among others, not the verdict; Latin-1 if nothing decodes.

Decoded text that is mostly control characters is rejected as binary with one clear reason.
Known limit: BOM-less UTF-16 of one or two Chinese characters (4 bytes) is ambiguous and may be misread.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from hexaglot.errors import InputError
from hexaglot.wording import counted

if TYPE_CHECKING:
    from ftfy import TextFixerConfig

BINARY_REASON = "binary data, not text"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of common binary formats that end up renamed to .txt.
_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*",
    b"\x7fELF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
    b"PK\x03\x04", b"%PDF-", b"\xd0\xcf\x11\xe0", b"MZ", b"RIFF", b"OggS", b"ID3", b"\x00\x00\x01\x00",
)
_MAGIC_STRICT = (b"BM", b"MZ", b"ID3", b"RIFF")  # short magics: only binary if NULs/controls follow

LEGACY_CANDIDATES: tuple[str, ...] = ("cp1252", "cp1251", "cp1256", "gb18030")  # ties: first wins

_SAMPLE_CHARS = 20000
_SHORT = 256  # bytes: below this, valid UTF-8 is double-checked against the legacy code pages

# Letters that make up most of running text in each script (lower case), for the frequency check.
_COMMON_CYRILLIC = frozenset("оеаинтсрвлкмдпу")
_COMMON_ARABIC = frozenset("اليمونةهرتبعدفأقس")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюя")
REPLACEMENT = "\ufffd"
_LATIN_ACCENTED_OK = frozenset("àâäçéèêëîïôöùûüÿœæñáíóúÀÂÇÉÈÊÎÔÙÛÑÁÍÓÚ")


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str, bool]:
    """Decode ``data`` to ``(text, encoding name, repaired_mojibake)``.

    Raises :class:`InputError` ``(path, "binary data, not text")`` for binary input.
    """
    text, name, repairable = _decode(data, path)
    if _control_ratio(text) > 0.1 or "\x00" in text[:_SAMPLE_CHARS]:
        raise InputError(str(path), BINARY_REASON)
    if not repairable:
        return text, name, False
    fixed, changed = repair_mojibake(text)
    return fixed, name, changed


def _decode(data: bytes, path: str | Path) -> tuple[str, str, bool]:
    """``(text, codec, whether mojibake repair applies)``: the cascade of the module docstring."""
    for bom, name in _BOMS:
        if data.startswith(bom) and (text := _decode_or_none(data[len(bom) :], name)) is not None:
            return text, name, True
    if _has_magic(data):
        raise InputError(str(path), BINARY_REASON)
    if b"\x00" in data:  # UTF-16 without BOM, or binary
        found = _utf16_without_bom(data, hint=_utf16_by_nul_pattern(data))
        if found is None:
            raise InputError(str(path), BINARY_REASON)
        return *found, True
    text = _decode_or_none(data, "utf-8")
    if text is None:
        mixed = _mostly_utf8(data)
        if mixed is None:
            mixed = _utf8_with_a_few_bad_bytes(data)
        return (mixed, "utf-8", False) if mixed is not None else (*_best_legacy(data), False)
    if _control_ratio(text) > 0.1:
        # Arabic or Cyrillic UTF-16 without spaces has no NUL but is valid UTF-8 control soup.
        found = _utf16_without_bom(data)
        return (*found, True) if found else (text, "utf-8", False)
    if len(data) < _SHORT and any(_script(ch) in ("other", "bad") for ch in text) and not _one_script_per_word(text):
        # A few legacy bytes can form valid UTF-8 by chance ("摘要" in GB18030 → "ժҪ", an Armenian and a
        # Cyrillic letter in one word); a text whose every word is in one script (Greek, Japanese, Korean)
        # is UTF-8, whatever language it is in.
        score = plausibility(text)
        if score < 0.3:
            legacy, name = _best_legacy(data)
            if plausibility(legacy) > score + 0.3:
                return legacy, name, False
    return text, "utf-8", True


#: scripts written together in one word of one language (Japanese mixes kana and kanji, with the
#: long-vowel mark ー and the iteration mark 々; Korean may mix hangul and hanja)
_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK", "IDEOGRAPHIC": "CJK",
                  "HANGUL": "CJK", "HALFWIDTH": "CJK", "FULLWIDTH": "CJK"}


_MIN_SCRIPT_LETTERS = 4  # fewer, and one script by chance is likely: "专注" in GB18030 reads "רע" as UTF-8


def script_name(ch: str) -> str:
    """The first word of a character's Unicode name: its script for a letter (``LATIN``, ``CJK``,
    ``HIRAGANA``), ``COMBINING`` for a shared mark, ``UNKNOWN`` for an unnamed one."""
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def _one_script_per_word(text: str) -> bool:
    """Whether every word of ``text`` is written in one script (by the first word of its letters' Unicode
    names: GREEK, ARMENIAN, CJK...) and every combining mark follows a letter: real text is; legacy
    bytes that decode as UTF-8 by chance mix scripts in a word ("ժҪ") or put a mark after a sign ("״̬")."""
    families: set[str] = set()
    after_letter = False
    letters = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] not in "LM":
            families.clear()
            after_letter = False
            continue
        if cat[0] == "M" and not after_letter:
            return False
        after_letter = True
        if ch.isascii():
            continue
        letters += cat[0] == "L"
        first = script_name(ch)
        if first != "COMBINING":  # a script's own mark (HEBREW POINT, ARABIC FATHA) counts as its script
            families.add(_SCRIPT_FAMILY.get(first, first))
        if len(families) > 1:
            return False
    return letters >= _MIN_SCRIPT_LETTERS


def _mostly_utf8(data: bytes) -> str | None:
    """A UTF-8 file with a few lines in a legacy code page (concatenated sources): decode line by line."""
    lines = data.split(b"\n")
    decoded = [_decode_or_none(line, "utf-8") for line in lines]
    failed = sum(1 for d in decoded if d is None)
    utf8_non_ascii = sum(1 for d in decoded if d is not None and not d.isascii())
    if failed > max(2, 0.05 * len(lines)) or utf8_non_ascii < 2 * failed:
        return None
    return "\n".join(d if d is not None else _line_of_mixed(line) for d, line in zip(decoded, lines, strict=True))


def _line_of_mixed(line: bytes) -> str:
    """A line that is not UTF-8 in a UTF-8 file: UTF-8 with a few bad bytes, or a legacy code page's."""
    damaged = _utf8_with_a_few_bad_bytes(line)
    return damaged if damaged is not None else _best_legacy(line)[0]


#: a text with at least this many times as many UTF-8 letters beyond ASCII as bytes that are not UTF-8
#: is UTF-8 with a few bad bytes (a damaged copy, a stray byte), each replaced by U+FFFD: text in a legacy
#: code page has next to no valid multi-byte sequences (French in cp1252: é is one byte, invalid in UTF-8)
_GOOD_PER_BAD = 2


def _utf8_with_a_few_bad_bytes(data: bytes) -> str | None:
    """``data`` decoded as UTF-8 with its few invalid bytes replaced (see :data:`_GOOD_PER_BAD`), else None."""
    text = data.decode("utf-8", errors="replace")
    bad = replaced_bytes(text, data)
    good = sum(1 for ch in text if ord(ch) > 127 and ch != REPLACEMENT)
    return text if bad > 0 and good >= _GOOD_PER_BAD * bad else None


def decode_warnings(text: str, data: bytes, encoding: str, repaired: bool) -> list[str]:
    """What a reader says of how ``data`` was decoded to ``text``: mojibake repaired, bad bytes replaced."""
    out = ["repaired double-encoded UTF-8 (mojibake)"] if repaired else []
    bad = replaced_bytes(text, data) if encoding == "utf-8" else 0  # decode's name: only it replaces bytes
    if bad:
        out.append(f"repaired encoding: {counted(bad, 'byte')} that {'is' if bad == 1 else 'are'} not UTF-8 "
                   "replaced by � (the rest of the file is UTF-8)")
    return out


def replaced_bytes(text: str, data: bytes) -> int:
    """How many bytes of ``data`` that were not UTF-8 ``text`` (decoded from it) holds as U+FFFD."""
    return max(0, text.count(REPLACEMENT) - data.count(REPLACEMENT.encode("utf-8")))


def _has_magic(data: bytes) -> bool:
    head = data[:16]
    for magic in _MAGIC:
        if head.startswith(magic):
            if magic in _MAGIC_STRICT:
                return _control_ratio(data[:512].decode("latin-1")) > 0.05
            return True
    return False


def _utf16_by_nul_pattern(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when most units have a NUL high byte (Latin text in UTF-16 without BOM).

    Chinese, Arabic or Cyrillic UTF-16 has NULs only at spaces and digits: :func:`_utf16_without_bom`.
    """
    if len(data) % 2:
        return None
    head = data[:8192]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    units = max(len(head) // 2, 1)
    for name, hits, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if hits >= 0.3 * units and other <= 0.01 * units:
            return name
    return None


def _decode_or_none(data: bytes, name: str) -> str | None:
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes, hint: str | None = None) -> tuple[str, str] | None:
    """The UTF-16 byte order whose decoding reads as text, if any.

    ``hint`` (from the NUL pattern) is accepted whatever its score unless the other order reads better.
    """
    if len(data) % 2:
        return None
    scored = []
    for name in ("utf-16-le", "utf-16-be"):
        text = _decode_or_none(data, name)
        if text is not None:
            scored.append((plausibility(text), name == hint, text, name))
    if not scored:
        return None
    score, hinted, text, name = max(scored)
    return (text, name) if score >= 0.5 or hinted else None


def _control_ratio(text: str) -> float:
    sample = text[:_SAMPLE_CHARS]
    return sum(1 for ch in sample if is_control(ch)) / len(sample) if sample else 0.0


def is_control(ch: str) -> bool:
    """A control character: C0 but tab and the line breaks, DEL, C1 (NEL included)."""
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n\r\f\v") or o == 0x7F or 0x80 <= o < 0xA0


# --------------------------------------------------------------------------- legacy code pages


def _candidates(data: bytes) -> Iterable[str]:
    yield from LEGACY_CANDIDATES
    if len(data) % 2 == 0:
        yield "utf-16-le"
        yield "utf-16-be"
    guess = _charset_normalizer_guess(data)
    if guess and codecs.lookup(guess).name not in {codecs.lookup(c).name for c in LEGACY_CANDIDATES}:
        yield guess


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None


def _best_legacy(data: bytes) -> tuple[str, str]:
    """Score each candidate on the first 64 KB, then decode the whole file with the best that works."""
    head = data[:65536]
    ranked: list[tuple[float, int, str]] = []
    for i, name in enumerate(_candidates(data)):
        try:
            sample = codecs.getincrementaldecoder(name)().decode(head, final=len(head) == len(data))
        except (UnicodeDecodeError, LookupError):
            continue
        # Ties go to the code pages UN documents actually use; a detector's exotic guess must win clearly.
        bonus = 0.01 if name in LEGACY_CANDIDATES else -0.1
        ranked.append((plausibility(sample) + bonus, -i, name))
    for _, _, name in sorted(ranked, reverse=True):
        text = _decode_or_none(data, name)
        if text is not None:
            return text, _canonical(name)
    return data.decode("latin-1"), "latin-1"


def _canonical(name: str) -> str:
    return codecs.lookup(name).name.replace("_", "-")


def _script(ch: str) -> str:
    o = ord(ch)
    if o < 0x80:
        return "latin" if ch.isalpha() else "common"
    if 0xC0 <= o <= 0x24F and ch.isalpha():
        return "latin+"
    if 0x400 <= o <= 0x4FF:
        return "cyrillic"
    if 0x600 <= o <= 0x6FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF:
        if ch.isalpha():
            return "arabic"
        return "mark" if 0x610 <= o <= 0x61A or 0x64B <= o <= 0x65F or o == 0x670 else "arabic-sign"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return "han"
    if 0xA0 <= o <= 0xBF or o in (0xD7, 0xF7, 0x2116):
        return "symbol"  # Latin-1 signs: what legacy bytes decoded in the wrong code page often become
    if 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or 0x2100 <= o <= 0x25FF:
        return "common"
    if 0xE000 <= o <= 0xF8FF or o == 0xFFFD:
        return "bad"
    return "other"  # also an Arabic mark outside an Arabic word


def _is_common_han(ch: str) -> bool:
    """In GB2312 level 1, the 3,755 most frequent Chinese characters."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


_PENALTY = {"bad": 3.0, "other": 2.0, "mark": 3.0, "arabic-sign": 0.0}
# Letters of a minority script that real text of a dominant script hardly ever contains.
_ALIEN = {
    "latin": ("cyrillic", "arabic", "han"),
    "cyrillic": ("latin+", "arabic", "han"),
    "arabic": ("latin+", "cyrillic", "han"),
    "han": ("latin+", "cyrillic", "arabic"),
}


def plausibility(text: str) -> float:
    """How much ``text`` looks like real text in one of the six UN languages; about -5..1, higher is better.

    Rewards letters of one consistent script (a Han character counts double: it costs two bytes),
    punishes control and private-use characters, letters of scripts no UN language uses, script
    changes and lower→upper flips inside a word, Han characters separated by spaces, letters of a
    script that never forms a whole word (French "à" read as Cyrillic "а"), Latin text made mostly of
    accented letters, Cyrillic without vowels, and rare letters of Cyrillic, Arabic and Han.
    """
    sc = _Scorer()
    for ch in text[:_SAMPLE_CHARS]:
        sc.feed(ch)
    return sc.result()


class _Scorer:
    """Accumulates the evidence :func:`plausibility` weighs, one character at a time."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(("latin", "latin+", "cyrillic", "arabic", "han"), 0)
        self.common = dict.fromkeys(("cyrillic", "arabic", "han", "vowel", "upper"), 0)
        self.words: set[str] = set()  # scripts seen as a whole word of ≥3 letters (≥2 Han)
        self.bad = 0.0
        self.n = 0
        self.signs = 0
        self.prev = ""  # script of the previous letter in the current word
        self.prev_lower = False
        self.han_space = False
        self.caps = 0
        self.run = ""  # script of the current word while it stays in one script
        self.run_len = 0

    def end_word(self) -> None:
        if self.run and self.run_len >= (2 if self.run == "han" else 3):
            self.words.add(self.run)
        self.run, self.run_len = "", 0
        self.prev, self.prev_lower, self.caps = "", False, 0

    def feed(self, ch: str) -> None:
        if ch.isspace():
            self.han_space = ch not in "\r\n" and (self.prev == "han" or self.han_space)
            self.end_word()
            return
        self.n += 1
        if is_control(ch):
            self.bad += 5
            self.end_word()
            self.han_space = False
            return
        s = _script(ch)
        if s == "mark" and self.prev == "arabic":
            self.n -= 1
            return
        if s not in self.counts:
            self.signs += s == "arabic-sign"
            self.bad += _PENALTY.get(s, 0.0) + (0.5 if s == "symbol" and self.prev else 0.0)
            self.end_word()
            self.han_space = False
            return
        self.letter(ch, s)

    def letter(self, ch: str, s: str) -> None:
        self.counts[s] += 1
        self.n += s == "han"
        base = "latin" if s == "latin+" else s
        if self.prev and self.prev != base:
            self.bad += 1 if "han" in (self.prev, base) else 5  # "在UNEP的" is normal, "Йtat" is not
            self.run = ""
        elif not self.prev:
            self.run, self.run_len = base, 0
        self.run_len += 1
        if self.prev_lower and ch.isupper():
            self.bad += 1
        elif ch.islower() and self.caps >= 2:
            self.bad += 0.5  # "РВОЕёе": capitals then lower case inside one word
        self.caps = self.caps + 1 if ch.isupper() else 0
        if self.han_space and s == "han":
            self.bad += 2
        self.prev, self.prev_lower, self.han_space = base, ch.islower(), False
        low = ch.lower()
        if s == "cyrillic":
            self.common["cyrillic"] += low in _COMMON_CYRILLIC
            self.common["vowel"] += low in _CYRILLIC_VOWELS
            self.common["upper"] += ch.isupper()
            self.bad += 0 if "а" <= low <= "я" or low == "ё" else 1.5  # not a Russian letter
        elif s == "arabic":
            self.common["arabic"] += low in _COMMON_ARABIC
        elif s == "han":
            self.common["han"] += _is_common_han(ch)
        elif s == "latin+" and ch not in _LATIN_ACCENTED_OK:
            self.bad += 1.5

    def result(self) -> float:
        self.end_word()
        if self.n == 0:
            return 0.0
        counts, bad = self.counts, self.bad
        latin = counts["latin"] + counts["latin+"]
        if latin and counts["latin+"] > 0.3 * latin:
            bad += 2 * (counts["latin+"] - 0.3 * latin)
        weights = {k: counts[k] * (2 if k == "han" else 1) for k in ("latin", "cyrillic", "arabic", "han")}
        dominant = max(weights, key=lambda k: weights[k])
        letters = sum(counts.values())
        for k in _ALIEN[dominant]:
            # A few letters of another script ("à" read as Cyrillic "а" in cp1251), or letters of a
            # script that never makes a word of its own, are suspect; an Arabic text quoting English
            # titles is a real bilingual text, already checked word by word.
            if counts[k] and (counts[k] < 0.1 * letters or (k != "latin+" and k not in self.words)):
                bad += 2 * counts[k]
        if dominant != "arabic":
            bad += self.signs  # Arabic comma, semicolon, digits outside Arabic text
        bad += _rarity_penalty(counts["cyrillic"], self.common["cyrillic"], 0.5)
        bad += _rarity_penalty(counts["cyrillic"], self.common["vowel"], 0.2)
        if self.common["upper"] > 0.5 * counts["cyrillic"]:  # Arabic in cp1251 reads as capitals
            bad += 0.3 * (self.common["upper"] - 0.5 * counts["cyrillic"])
        bad += _rarity_penalty(counts["arabic"], self.common["arabic"], 0.45)
        bad += 2 * _rarity_penalty(counts["han"], self.common["han"], 0.6)
        good = letters + counts["han"]
        return (good - bad) / self.n


def _rarity_penalty(total: int, common: int, floor: float) -> float:
    """Penalty when fewer than ``floor`` of a script's letters are among its most frequent ones."""
    if total == 0:
        return 0.0
    share = common / total
    return 0.0 if share >= floor else 2.0 * total * (floor - share) / floor


# --------------------------------------------------------------------------- mojibake


# A UTF-8 lead byte (C2–F4) followed by a continuation byte (80–BF), as Latin-1/cp1252 or as cp1251
# shows them: every double-encoded non-ASCII character contains such a pair.
_CP1252_HIGH = "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_CP1251_HIGH = "\u0401-\u040f\u0451-\u045f\u0490\u0491\u2116\u00a0-\u00bf" + _CP1252_HIGH
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][\u0080-\u00bf{_CP1252_HIGH}]|[\u0412-\u0444][{_CP1251_HIGH}]")


def repair_mojibake(s: str) -> tuple[str, bool]:
    """Undo double-encoded UTF-8 (``FranÃ§ais`` → ``Français``), line by line.

    Only lines that ftfy judges bad are touched, and a line is only replaced when the fix re-decoded
    bytes (not cosmetic changes such as quote straightening) and the result reads better than before.
    Correct text is returned unchanged with ``False``.
    """
    if s.isascii():
        return s, False
    if not _MOJIBAKE_HINT.search(s):  # one fast pass; ftfy's own check is slow on long texts
        return s, False
    # Split on "\n" only: str.splitlines() would also cut at U+0085, a byte of mojibaked UTF-8.
    lines = s.split("\n")
    out = [_repair_line(line) for line in lines]
    changed = out != lines
    return ("\n".join(out), True) if changed else (s, False)


def _repair_line(line: str) -> str:
    if line.isascii() or not _MOJIBAKE_HINT.search(line):
        return line
    import ftfy
    import ftfy.bad_codecs  # registers the sloppy-windows-* codecs
    from ftfy.badness import is_bad

    if not is_bad(line):
        return line
    before = plausibility(line)
    # 1. The whole line re-decodes as UTF-8: the classic double encoding, undone exactly.
    for codec in _MOJIBAKE_CODECS:
        try:
            fixed = line.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != line and plausibility(fixed) >= before:
            return fixed
    # 2. Mixed lines (some mojibake, some not): ftfy's piecewise fixer, re-decoding steps only.
    result = ftfy.fix_encoding_and_explain(line, config=_ftfy_config())
    fixed = result.text
    steps = result.explanation or []
    if fixed == line or not any(_redecodes(step) for step in steps):
        return line
    if "\ufffd" in fixed and "\ufffd" not in line:
        return line
    return fixed if plausibility(fixed) >= before else line


def _redecodes(step: tuple[str, str]) -> bool:
    """An ftfy step that re-decodes bytes (as opposed to cosmetic fixes such as quote uncurling)."""
    action, arg = step
    return action in ("encode", "decode") or (action == "apply" and arg == "decode_inconsistent_utf8")


_MOJIBAKE_CODECS = ("latin-1", "sloppy-windows-1252", "sloppy-windows-1251")


def _ftfy_config() -> TextFixerConfig:
    """ftfy limited to encoding fixes: no quote uncurling, width folding, normalisation or HTML."""
    from ftfy import TextFixerConfig

    off = ("unescape_html", "remove_terminal_escapes", "fix_latin_ligatures", "fix_character_width",
           "uncurl_quotes", "fix_line_breaks", "remove_control_chars", "fix_c1_controls", "replace_lossy_sequences")
    return TextFixerConfig(normalization=None, **dict.fromkeys(off, False))
