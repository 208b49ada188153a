"""Pre-translation of a draft on the bundled demo archive: matches, context, outputs read by
translate-toolkit, the CLI and HTTP layers, and bad input (one clear error, never a crash or a hang)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive_helpers import (  # noqa: F401 (fixtures)
    APOSTROPHE_DOC,
    demo_arch,
    demo_archive_dir,
    demo_client,
    run_cli,
)
from hexaglot.errors import InputError
from hexaglot.pretranslate import pretranslate_segments
from hexaglot.pretranslate.output import write_outputs, xliff_bytes, xliff_errors

UDHR_1 = "All human beings are born free and equal in dignity and rights."
UDHR_PRE = ("Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of "
            "the human family is the foundation of freedom, justice and peace in the world,")


def _draft(tmp_path: Path, lines: list[str], name: str = "draft.en.txt") -> Path:
    p = tmp_path / name
    p.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_exact_and_fuzzy_matches_give_the_archived_translation(arch, tmp_path: Path) -> None:
    edited = UDHR_PRE.replace("inalienable", "inviolable")
    [r] = arch.pretranslate(_draft(tmp_path, [UDHR_PRE, edited]), src="en", tgt="fr")
    exact, fuzzy = r.segments
    assert exact.candidates[0].score >= 100
    assert exact.candidates[0].target.startswith("Considérant que la reconnaissance de la dignité")
    top = fuzzy.candidates[0]
    assert 90 <= top.score < 100 and top.target == exact.candidates[0].target
    assert "[-inalienable-]{+inviolable+}" in top.diff
    assert r.analysis()[0].segments + r.analysis()[1].segments == 1  # one exact (100 or 101)


def test_exact_matches_whose_neighbours_match_score_101(arch, tmp_path: Path) -> None:
    lines = APOSTROPHE_DOC["en"]
    [r] = arch.pretranslate(text="\n\n".join(lines), src="en", tgt="fr")
    assert [s.candidates[0].score for s in r.segments] == [101] * len(lines)
    assert [s.candidates[0].target for s in r.segments] == APOSTROPHE_DOC["fr"]
    # out of its context (another sentence before it) an exact match stays 100
    [r] = arch.pretranslate(text=f"{UDHR_1}\n\n{lines[1]}", src="en", tgt="fr")
    assert r.segments[1].candidates[0].score == 100
    # a draft of one sentence has no neighbours to match: 100, never 101 (CAT tools lock 101 unreviewed)
    [r] = arch.pretranslate(text=lines[1], src="en", tgt="fr")
    assert r.segments[0].candidates[0].score == 100 and r.segments[0].best == 100


def test_the_draft_keeps_its_own_quotes_and_spaces(arch, tmp_path: Path) -> None:
    """The draft's segments are its text as written: a straight apostrophe and a plain space before
    ":" were made "’" and a narrow no-break space (the archive's French typography), so the XLIFF
    gave the translator's tool a source that differs from the draft. The match still reads them as
    the archive's "’" (exact: 100)."""
    typed = ("Quiconque travaille a droit à une rémunération équitable et satisfaisante lui assurant ainsi "
             "qu'à sa famille une existence conforme à la dignité humaine et complétée, s'il y a lieu, par tous "
             "autres moyens de protection sociale.")
    draft = _draft(tmp_path, [typed, "Elle décide : la séance est levée."], "draft.fr.txt")
    [r] = arch.pretranslate(draft, src="fr", tgt="en")
    assert [s.source for s in r.segments] == [typed, "Elle décide : la séance est levée."]
    assert r.segments[0].candidates[0].score >= 100
    assert r.segments[0].candidates[0].target.startswith("Everyone who works has the right")
    assert typed.encode() in xliff_bytes(r)


def test_several_targets_and_no_candidate_below_the_threshold(arch, tmp_path: Path) -> None:
    res = arch.pretranslate(text=UDHR_PRE + "\n\nThe weather was pleasant in Geneva on that day.", src="en",
                            tgt="fr,ru", threshold=80)
    assert [r.tgt_lang for r in res] == ["fr", "ru"]
    for r in res:
        assert r.segments[0].candidates and not r.segments[1].candidates
        assert all(c.score >= 80 for s in r.segments for c in s.candidates)


def test_outputs_are_read_by_translate_toolkit(arch, tmp_path: Path) -> None:
    from lxml import etree
    from translate.storage import tmx, xliff

    from hexaglot.export.tmx import DTD_PATH

    edited = UDHR_PRE.replace("justice", "fairness")
    res = arch.pretranslate(_draft(tmp_path, [UDHR_PRE, edited, "Nothing like this was ever archived here."]),
                            src="en", tgt="fr")
    files = write_outputs(res, tmp_path / "out.xlf")
    assert [f.name for f in files] == ["out.xlf", "out.tmx", "out.html"]
    store = xliff.xlifffile.parsefile(str(tmp_path / "out.xlf"))
    units = store.units
    assert [u.source for u in units][:2] == [UDHR_PRE, edited] and len(units) == 3
    assert units[0].target.startswith("Considérant") and not units[1].target  # fuzzy: a candidate only
    alt = units[1].getalttrans()
    assert alt and alt[0].target.startswith("Considérant") and 90 <= float(alt[0].xmlelement.get("match-quality")) < 100
    assert units[2].getalttrans() == []
    memory = tmx.tmxfile.parsefile(str(tmp_path / "out.tmx"))
    dtd = etree.DTD(str(DTD_PATH))
    assert dtd.validate(etree.parse(str(tmp_path / "out.tmx"))), dtd.error_log.filter_from_errors()
    assert len(memory.units) == 1 and memory.units[0].target.startswith("Considérant")
    page = (tmp_path / "out.html").read_text()
    assert "<svg" in page and "50–74%" in page and "<del>justice</del>" in page and "http" not in page.split(
        "<svg")[0].split("<style>")[0][200:]
    several = write_outputs(arch.pretranslate(text=UDHR_PRE, src="en", tgt="fr,es"), tmp_path / "folder")
    assert sorted(f.name for f in several) == sorted(f"pasted-draft.{x}.{e}" for x in ("fr", "es")
                                                     for e in ("xlf", "tmx", "html"))


def test_a_src_the_draft_contradicts_is_a_warning(arch, archive_dir: Path, tmp_path: Path) -> None:
    """A French draft given --src en found nothing and said nothing (parse warns on the same text)."""
    from importlib import resources

    letter = resources.files("hexaglot.demo").joinpath("letter-2003-06-04.fr.txt").read_text(encoding="utf-8")
    [r] = arch.pretranslate(text=letter, src="en", tgt="fr")
    assert any("but the text looks French (fr)" in w for w in r.warnings), r.warnings
    assert not any("draft.txt" in w for w in r.warnings)  # a pasted draft's temporary file is never named
    [ok] = arch.pretranslate(text=letter, src="fr", tgt="en")
    assert ok.warnings == []
    draft = tmp_path / "brouillon.fr.txt"
    draft.write_text(letter, encoding="utf-8")
    out = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr", "-o", str(tmp_path / "b.xlf"),
                  "-a", str(archive_dir))
    assert out.exit_code == 0 and f"warning: {draft}: language given as en" in " ".join(out.stderr.split())


def test_a_short_draft_in_another_language_that_matches_nothing_says_which_it_looks(arch) -> None:
    """Two French sentences given as English: too short for the reader's check (a page of text), they
    matched nothing and the page said nothing."""
    short = "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de raison."
    [r] = arch.pretranslate(text=short, src="en", tgt="fr")
    assert r.matched == 0 and r.warnings == [
        "nothing matched, and the text looks French (fr), not English: give fr as the draft's language"]
    [ok] = arch.pretranslate(text=short, src="fr", tgt="en")
    assert ok.matched and ok.warnings == []


def test_the_tmx_says_each_matchs_kind(arch, tmp_path: Path) -> None:
    """Every unit of the pre-translation's TMX said x-kind=prose, the UDHR's title too."""
    [r] = arch.pretranslate(text="Universal Declaration of Human Rights\n\n" + UDHR_1, src="en", tgt="fr")
    write_outputs([r], tmp_path / "t.xlf")
    tmx = (tmp_path / "t.tmx").read_text(encoding="utf-8")
    kinds = re.findall(r'<prop type="x-kind">(\w+)</prop>', tmx)
    assert "title" in kinds and "prose" in kinds, kinds


def test_the_xliff_keeps_the_xliff_1_2_strict_content_model(arch) -> None:
    edited = UDHR_PRE.replace("justice", "fairness")
    [r] = arch.pretranslate(text="\n\n".join([UDHR_PRE, edited, "Nothing like this was ever archived here."]),
                            src="en", tgt="fr")
    data = xliff_bytes(r)
    assert b"<alt-trans" in data and xliff_errors(data) == []
    # the schema is not a formality: what XLIFF 1.2 refuses, it refuses
    assert xliff_errors(data.replace(b'<trans-unit id="1"', b"<trans-unit", 1))  # id is required
    assert xliff_errors(data.replace(b'state="needs-review-translation"', b'state="done"', 1))  # not a state
    assert xliff_errors(data.replace(b'context-type="x-document"', b'context-type="document"', 1))  # not a context type
    assert xliff_errors(data.replace(b"<source>", b"<target>x</target><source>", 1))  # source comes first


def test_cli_pretranslate(archive_dir: Path, tmp_path: Path) -> None:
    draft = _draft(tmp_path, [UDHR_PRE])
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr", "-o", str(tmp_path / "o.xlf"),
                "-a", str(archive_dir))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "o.xlf").is_file() and (tmp_path / "o.html").is_file()
    r = run_cli("pretranslate", str(draft), "--src", "de", "--tgt", "fr", "-o", str(tmp_path / "x.xlf"),
                "-a", str(archive_dir))
    assert r.exit_code == 2 and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize(("out", "targets", "message"), [
    ("nodir/deeper/o.xlf", "fr", "the folder .*nodir/deeper does not exist"),
    ("nodir/deeper", "fr,ru", "the folder .*nodir does not exist"),
    ("afile/o.xlf", "fr", "afile is not a folder"),
    ("afile", "fr,ru", "is a file"),
    ("o.fr", "fr", "names the XLIFF file .* or a folder"),  # its TMX went to o.tmx
    ("one.xlf", "fr,ru", "names a file, but with several target languages -o names a folder"),  # was made a folder
])
def test_an_output_it_cannot_write_is_refused_before_the_work(archive_dir: Path, tmp_path: Path, out: str,
                                                               targets: str, message: str) -> None:
    """-o under a missing folder made every folder on the way (even under /, as root); like export,
    the folder must exist (with several targets -o itself is made, its parent must exist)."""
    draft = _draft(tmp_path, [UDHR_PRE])
    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", targets, "-o", str(tmp_path / out),
                "-a", str(archive_dir))
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert re.search(message, " ".join(r.output.split())), r.output
    assert not (tmp_path / "nodir").exists() and (tmp_path / "afile").read_text(encoding="utf-8") == "kept"
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr,ru", "-o", str(tmp_path / "made"),
                "-a", str(archive_dir))
    assert r.exit_code == 0 and sorted(p.name for p in (tmp_path / "made").iterdir())[0] == "draft.fr.html"


def test_http_pretranslate_needs_the_token(client) -> None:
    data = {"text": UDHR_PRE, "src": "en", "tgt": "fr"}
    assert client.post("/api/pretranslate", data=data).status_code == 401
    auth = {"Authorization": "Bearer demo-test-token"}
    r = client.post("/api/pretranslate", data=data, headers=auth)
    assert r.status_code == 200
    [t] = r.json()["targets"]
    assert t["segments"][0]["candidates"][0]["target"].startswith("Considérant")
    x = client.post("/api/pretranslate", data={**data, "format": "xliff"}, headers=auth)
    assert x.status_code == 200 and b"alt-trans" in x.content
    bad = client.post("/api/pretranslate", data={**data, "src": "de"}, headers=auth)
    assert bad.status_code == 400 and "de" in bad.json()["error"]["message"]
    # a bad file: its name, never the server's temporary folder; the option by its own name
    empty = client.post("/api/pretranslate", data={"src": "en", "tgt": "fr"}, headers=auth,
                        files={"file": ("draft.txt", b"")})
    message = empty.json()["error"]["message"]
    assert empty.status_code == 400 and message.startswith("draft.txt: ") and "hexaglot-draft-" not in message
    over = client.post("/api/pretranslate", data={**data, "threshold": "150"}, headers=auth)
    assert over.status_code == 400 and "--" not in over.json()["error"]["message"]
    # in the API's words: "candidates" (it said "--candidates"), the source language (it said "pass
    # lang=", a Python argument, for a German draft); a file and a text both (the text was ignored)
    few = client.post("/api/pretranslate", data={**data, "candidates": "0"}, headers=auth)
    assert few.status_code == 400 and few.json()["error"]["message"] == "candidates: 0 is not between 1 and 20"
    german = client.post("/api/pretranslate", headers=auth, data={
        "text": "Alle Menschen sind frei und gleich an Würde und Rechten geboren.", "tgt": "fr"})
    said = german.json()["error"]["message"]
    assert german.status_code == 400 and "could not be detected (it looks like German" in said and "lang=" not in said
    both = client.post("/api/pretranslate", data=data, headers=auth, files={"file": ("a.txt", b"One.")})
    assert both.status_code == 400 and "not both" in both.json()["error"]["message"]
    two = client.post("/api/pretranslate", data={"src": "en", "tgt": "fr"}, headers=auth,
                      files=[("file", ("a.txt", b"One.")), ("file", ("b.txt", b"Two."))])
    assert two.status_code == 413 and two.json()["error"]["message"] == "too many files in one request: at most 1"
    page = client.post("/pretranslate", data={**data, "token": "demo-test-token"})
    assert page.status_code == 200 and "<svg" in page.text and "Download the XLIFF" in page.text
    assert client.post("/pretranslate", data={**data, "token": "wrong"}).status_code == 403
    assert 'href="/pretranslate"' in client.get("/").text


def test_the_web_page_says_where_a_drafts_tags_were_put_by_position(client) -> None:
    """The XLIFF, the HTML report and the JSON said which of a draft's tags no aligned word placed (put
    at the start or end of the proposal); the web page showed the proposal alone."""
    data = {"text": UDHR_PRE.replace("of the equal", "<b>of</b> the equal"), "src": "en", "tgt": "fr",
            "token": "demo-test-token"}
    page = client.post("/pretranslate", data=data)
    assert page.status_code == 200
    assert 'class="markup-note">tags placed by position' in page.text and "&lt;b&gt;…&lt;/b&gt; at the start" in page.text


def test_a_mistake_on_the_web_form_comes_back_on_the_form(client) -> None:
    """The form's errors were the API's ("a file in field 'file' ..."), on an error page with a link
    back to search: what was typed was lost."""
    wrong = client.post("/pretranslate", data={"text": UDHR_PRE, "src": "en", "tgt": "fr", "token": "wrong",
                                               "threshold": "80"})
    assert wrong.status_code == 403 and "The token is wrong or missing" in wrong.text
    assert UDHR_PRE in wrong.text and 'value="80"' in wrong.text and '<form class="upload"' in wrong.text
    nothing = client.post("/pretranslate", data={"src": "en", "tgt": "fr", "token": "demo-test-token"})
    assert nothing.status_code == 400 and "Choose a draft file or paste its text." in nothing.text
    assert "field" not in nothing.text.split('role="alert"')[1].split("</p>")[0]
    lang = client.post("/pretranslate", data={"text": UDHR_PRE, "src": "en", "tgt": "de", "token": "demo-test-token"})
    assert lang.status_code == 400 and "de" in lang.text and UDHR_PRE in lang.text


# -- bad input -----------------------------------------------------------------------------------


def test_an_empty_draft_is_one_clear_error(arch, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        arch.pretranslate(empty, src="en", tgt="fr")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n\t\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"blank\.txt"):
        arch.pretranslate(blank, src="en", tgt="fr")
    with pytest.raises(InputError, match="draft is empty"):
        arch.pretranslate(text="   ", src="en", tgt="fr")


@pytest.mark.parametrize("name", ["draft.json", "memory.tmx", "terms.csv"])
def test_a_data_file_is_no_draft(arch, tmp_path: Path, name: str) -> None:
    """A JSON file was pre-translated line by line, though ingest refuses it as data."""
    (tmp_path / name).write_text(UDHR_PRE, encoding="utf-8")
    with pytest.raises(InputError, match=rf"{re.escape(name)}: an? .* file is data, not a document"):
        arch.pretranslate(tmp_path / name, src="en", tgt="fr")


def test_http_errors_of_other_fields_name_the_field_not_the_draft(client) -> None:
    """A bad tgt came back as "draft.txt: unknown language code 'xx'"."""
    auth = {"Authorization": "Bearer demo-test-token"}
    r = client.post("/api/pretranslate", data={"src": "en", "tgt": "xx"}, headers=auth,
                    files={"file": ("draft.txt", UDHR_PRE.encode())})
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("tgt: "), r.json()


def test_cli_pretranslate_words_its_counts(archive_dir: Path, tmp_path: Path) -> None:
    draft = _draft(tmp_path, [UDHR_PRE])
    r = run_cli("pretranslate", str(draft), "--src", "en", "--tgt", "fr", "-o", str(tmp_path / "o.xlf"),
                "-a", str(archive_dir))
    assert r.exit_code == 0 and "en→fr: 1 segment, " in r.output and "1 segments" not in r.output, r.output


def test_a_language_the_archive_lacks_is_one_clear_error(arch) -> None:
    with pytest.raises(InputError, match=r"src: .*'de'"):
        arch.pretranslate(text="Alle Menschen sind frei und gleich an Würde und Rechten geboren.", src="de", tgt="fr")
    with pytest.raises(InputError, match=r"tgt: .*'pt'"):
        arch.pretranslate(text=UDHR_1, src="en", tgt="pt")


def test_an_archive_without_the_pair_is_one_clear_error(tmp_path: Path) -> None:
    import hexaglot

    files = {}
    for name, langs in (("one", ("en", "de")), ("two", ("fr", "de"))):
        for lang in langs:
            files[(name, lang)] = tmp_path / f"{name}.{lang}.txt"
            files[(name, lang)].write_text(f"Sentence {name} in {lang}.\nAnother line.\n", encoding="utf-8")
    with hexaglot.create(tmp_path / "archive") as a:
        for name, langs in (("one", ("en", "de")), ("two", ("fr", "de"))):
            a.ingest_pairs({x: files[(name, x)] for x in langs}, doc_id=name, aligned=True, embeddings=False)
        with pytest.raises(InputError, match="no en–fr alignment"):
            a.pretranslate(text="Sentence one in en.", src="en", tgt="fr")
        [r] = a.pretranslate(text="Sentence one in en.", src="en", tgt="de")
        assert r.segments[0].candidates[0].target == "Sentence one in de."


def test_a_5000_segment_draft_finishes_with_progress(arch, tmp_path: Path) -> None:
    lines = [f"{s.rstrip('.')} in paragraph {i}." for i in range(1250) for s in APOSTROPHE_DOC["en"]]
    seen: list[tuple[int, int]] = []
    [r] = arch.pretranslate(_draft(tmp_path, lines), src="en", tgt="fr", threshold=50,
                            progress=lambda d, t: seen.append((d, t)))
    assert len(r.segments) == 5000
    assert seen[-1] == (5000, 5000) and len(seen) >= 100 and all(t == 5000 for _, t in seen)
    assert all(s.candidates for s in r.segments)


def test_threshold_and_candidates_are_checked(arch) -> None:
    with pytest.raises(InputError, match="threshold"):
        arch.pretranslate(text=UDHR_1, src="en", tgt="fr", threshold=120)
    with pytest.raises(InputError, match="candidates"):
        arch.pretranslate(text=UDHR_1, src="en", tgt="fr", candidates=0)


def test_the_analysis_counts_what_the_translator_is_offered(arch) -> None:
    """A segment whose best match is under the threshold has no candidate: its band is "no match",
    not the band of the score seen under the threshold."""
    edited = UDHR_PRE.replace("inherent dignity", "dignity").replace("justice and peace", "peace")
    [low] = arch.pretranslate(text=edited, src="en", tgt="fr", threshold=99)
    [high] = arch.pretranslate(text=edited, src="en", tgt="fr", threshold=50)
    assert not low.segments[0].candidates and low.segments[0].best is not None and low.segments[0].best < 99
    assert low.segments[0].band == "no match" and low.analysis()[-1].segments == 1
    assert high.segments[0].candidates and high.segments[0].band != "no match"


def test_a_paragraph_number_in_the_draft_is_a_placeable_and_its_target_gets_it(arch, tmp_path: Path) -> None:
    """A leading paragraph number only in the draft cost a whole word ("3. All human beings…" scored
    85.7 against the unnumbered UDHR sentence, as much as "in 2025" added): it costs one point now,
    and the candidate's target carries the draft's number."""
    u3 = "Everyone has the right to life, liberty and the security of person."
    draft = _draft(tmp_path, [f"3. {UDHR_1}", f"12. {u3}", "(iii) Everyone has the right to a nationality."])
    [r] = arch.pretranslate(draft, src="en", tgt="fr")
    assert [s.source for s in r.segments] == [f"3. {UDHR_1}", f"12. {u3}",
                                              "(iii) Everyone has the right to a nationality."]
    assert [s.candidates[0].score for s in r.segments] == [99, 99, 99]
    assert [s.candidates[0].target for s in r.segments] == [
        "3. Tous les êtres humains naissent libres et égaux en dignité et en droits.",
        "12. Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne.",
        "(iii) Tout individu a droit à une nationalité."]
    assert r.segments[0].candidates[0].source == UDHR_1  # the archived source as stored
    assert {b.band: b.segments for b in r.analysis()}["95–99%"] == 3
    data = xliff_bytes(r)
    assert not xliff_errors(data)
    assert b'match-quality="99"' in data and "<target xml:lang=\"fr\">3. Tous les êtres".encode() in data
    assert "{+3.+}" in r.segments[0].candidates[0].diff  # the note says what was added


def test_a_real_word_still_costs_what_it_did_and_numbers_inside_are_unaffected(arch) -> None:
    """Only the leading label is a placeable: an added or changed word costs its share as before,
    a numbered draft with one word changed scores as the unnumbered one (92.3; it scored 79.0, the
    number costing a word more), and a number inside the sentence stays a placeable of one point."""
    changed = UDHR_1.replace("rights", "duties")
    res = pretranslate_segments(arch, [UDHR_1[:-1] + " in 2025.", changed, f"3. {changed}",
                                       "Côte d’Ivoire voted for resolution 1820 (2000)."], src="en", tgt="fr")
    scores = [s.candidates[0].score for s in res[0].segments]
    assert scores == [85.7, 92.3, 92.3, 99]
    assert res[0].segments[2].candidates[0].target.startswith("3. Tous les êtres humains")
    assert res[0].segments[3].candidates[0].target == "La Côte d’Ivoire a voté pour la résolution 1325 (2000)."


NUMBERED = {"en": ["103. I am deeply concerned about the humanitarian situation in the region.",
                   "(b) To request the Secretary-General to report on the implementation of this resolution."],
            "fr": ["103. Je suis profondément préoccupé par la situation humanitaire dans la région.",
                   "b) De prier le Secrétaire général de faire rapport sur l’application de la présente résolution."],
            "ar": ["١٠٣ - إنني أشعر بقلق بالغ إزاء الحالة الإنسانية في المنطقة.",
                   "(ب) أن يطلب إلى الأمين العام تقديم تقرير عن تنفيذ هذا القرار."]}


def test_a_paragraph_number_only_in_the_archive_is_a_placeable_and_the_draft_number_replaces_it(
        tmp_path: Path) -> None:
    """The reverse: the archive's "103. I am deeply concerned…" for the unnumbered draft sentence
    scores 99 and its target loses the archive's number; a draft numbered otherwise gets its own
    number in the target, written as the target writes its numbers ("١٢ -" in Arabic)."""
    import hexaglot
    from hexaglot.pretranslate.output import match_pairs

    files = {}
    for lang, lines in NUMBERED.items():
        files[lang] = tmp_path / f"numbered.{lang}.txt"
        files[lang].write_text("\n".join(lines) + "\n", encoding="utf-8")
    concerned = "I am deeply concerned about the humanitarian situation in the region."
    request = "To request the Secretary-General to report on the implementation of this resolution."
    with hexaglot.create(tmp_path / "archive") as a:
        a.ingest_pairs(files, doc_id="numbered", aligned=True, embeddings=False)
        fr, ar = pretranslate_segments(a, [concerned, f"12. {concerned}", f"(c) {request}", f"103. {concerned}"],
                                       src="en", tgt=["fr", "ar"])
    assert [s.candidates[0].score for s in fr.segments] == [99, 99, 99, 100]
    assert [s.candidates[0].target for s in fr.segments] == [
        "Je suis profondément préoccupé par la situation humanitaire dans la région.",
        "12. Je suis profondément préoccupé par la situation humanitaire dans la région.",
        "c) De prier le Secrétaire général de faire rapport sur l’application de la présente résolution.",
        NUMBERED["fr"][0]]
    assert ar.segments[1].candidates[0].target == "١٢ - إنني أشعر بقلق بالغ إزاء الحالة الإنسانية في المنطقة."
    assert ar.segments[0].candidates[0].target == "إنني أشعر بقلق بالغ إزاء الحالة الإنسانية في المنطقة."
    # the TMX of the matches holds the archive's own units, not the proposals
    assert {p.tgt for p in match_pairs([fr])} == set(NUMBERED["fr"])
