"""Leading paragraph numbers in pre-translation: the top score and proposed target of numbered and
unnumbered draft sentences against real archive text (bench/RESULTS.md, "Leading paragraph numbers").

    PYTHONPATH=src python bench/pretranslate_labels.py --demo /tmp/wt-pretr-arch --corpus /tmp/wt-pretr-bench-arch

``--demo``: an archive of ``hexaglot.demo.demo_files()`` (UDHR, unnumbered); ``--corpus``: one built by
``bench/pretranslate_build.py --sentences 0`` (its UNPC "57. The concern previously articulated…").
"""

import argparse

import hexaglot.archive
from hexaglot.pretranslate import pretranslate_segments

U1 = "All human beings are born free and equal in dignity and rights."
U3 = "Everyone has the right to life, liberty and the security of person."
U15 = "Everyone has the right to a nationality."
DEMO = [
    ("numbered draft, unnumbered archive", "3. " + U1),
    ("numbered draft, unnumbered archive", "12. " + U3),
    ("(a) draft, unnumbered archive", "(a) " + U15),
    ("(iii) draft", "(iii) " + U15),
    ("II. draft", "II. " + U1),
    ("unnumbered, identical", U1),
    ("two words added", U1[:-1] + " in 2025."),
    ("one word changed", U1.replace("rights", "duties")),
    ("numbered + one word changed", "3. " + U1.replace("rights", "duties")),
]

def run(arch: str, cases: list[tuple[str, str]]) -> None:
    with hexaglot.archive.open(arch) as a:
        [r] = pretranslate_segments(a, [d for _, d in cases], src="en", tgt="fr", threshold=50)
        for (what, d), s in zip(cases, r.segments, strict=True):
            top = s.candidates[0] if s.candidates else None
            print(f"{(top.score if top else None)!s:>6}  {s.band:14s} {what:38s} | {d[:60]!r}")
            if top:
                print(f"{'':8s}target: {top.target[:80]!r}")
        print("analysis:", ", ".join(f"{b.band} {b.segments}/{b.words}w" for b in r.analysis()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", default="/tmp/wt-pretr-arch")
    ap.add_argument("--corpus", default="/tmp/wt-pretr-bench-arch")
    args = ap.parse_args()
    run(args.demo, DEMO)
    with hexaglot.archive.open(args.corpus) as a:
        pairs = list(a.pairs("en", "fr", units="all"))
    src = next(p.src for p in pairs if p.src.startswith("57. The concern previously"))
    ins = next(p.src for p in pairs if p.src.startswith("The Advisory Committee was informed, upon enquiry, that the cost"))
    body = src.split(" ", 1)[1]
    run(args.corpus, [
        ("unnumbered draft, archive '57.'", body),
        ("draft '12.', archive '57.'", "12. " + body),
        ("same number '57.'", src),
        ("number inside differs (2014->2016)", ins.replace("2014", "2016")),
        ("word inside changed", ins.replace("enquiry", "request")),
    ])


if __name__ == "__main__":
    main()
