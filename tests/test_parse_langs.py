"""Parsing in all six languages: the same letter in each language gives the same metadata, and
the field extractors agree with English on the real UNPC sentences (line i = same sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hexaglot.parse import header
from hexaglot.parse.dates import find_dates
from hexaglot.parse.tables import tables
from hexaglot.pipeline import process, process_one

# One letter, written in each language in the UN's conventions (title, agenda line, circulation
# request, signature block, annex heading). The facts are the same in all six.
LETTERS = {
    "en": """Letter dated 4 June 2003 from the Permanent Representatives of the Russian Federation and the United States of America to the United Nations addressed to the Secretary-General

We have the honour to transmit herewith the text of the Joint Declaration adopted by our Presidents in Saint Petersburg on 1 June 2003 (see annex).

We should be grateful if you would have the present letter and its annex circulated as a document of the General Assembly, under item 74 of the preliminary list, and of the Security Council.

(Signed) Sergey Lavrov
Permanent Representative of the Russian Federation to the United Nations

Annex I to the letter dated 4 June 2003 from the Permanent Representatives of the Russian Federation and the United States of America to the United Nations addressed to the Secretary-General

Joint Declaration on the new strategic relationship

On 24 May 2002, we committed ourselves to building a new strategic relationship between our two countries.
""",
    "fr": """Lettre datée du 4 juin 2003, adressée au Secrétaire général par les Représentants permanents de la Fédération de Russie et des États-Unis d'Amérique auprès de l'Organisation des Nations Unies

Nous avons l'honneur de vous faire tenir ci-joint le texte de la Déclaration commune adoptée par nos présidents à Saint-Pétersbourg le 1er juin 2003 (voir annexe).

Nous vous serions reconnaissants de bien vouloir faire distribuer le texte de la présente lettre et de son annexe comme document de l'Assemblée générale, au titre du point 74 de la liste préliminaire, et du Conseil de sécurité.

(Signé) Sergey Lavrov
Représentant permanent de la Fédération de Russie auprès de l'Organisation des Nations Unies

Annexe I à la lettre datée du 4 juin 2003, adressée au Secrétaire général par les Représentants permanents de la Fédération de Russie et des États-Unis d'Amérique auprès de l'Organisation des Nations Unies

Déclaration commune sur la nouvelle relation stratégique

Le 24 mai 2002, nous nous sommes engagés à construire une nouvelle relation stratégique entre nos deux pays.
""",
    "es": """Carta de fecha 4 de junio de 2003 dirigida al Secretario General por los Representantes Permanentes de la Federación de Rusia y los Estados Unidos de América ante las Naciones Unidas

Tenemos el honor de transmitirle adjunto el texto de la Declaración Conjunta aprobada por nuestros Presidentes en San Petersburgo el 1 de junio de 2003 (véase el anexo).

Le agradeceríamos que tuviera a bien hacer distribuir la presente carta y su anexo como documento de la Asamblea General, en relación con el tema 74 de la lista preliminar, y del Consejo de Seguridad.

(Firmado) Sergey Lavrov
Representante Permanente de la Federación de Rusia ante las Naciones Unidas

Anexo I de la carta de fecha 4 de junio de 2003 dirigida al Secretario General por los Representantes Permanentes de la Federación de Rusia y los Estados Unidos de América ante las Naciones Unidas

Declaración Conjunta sobre la nueva relación estratégica

El 24 de mayo de 2002 nos comprometimos a construir una nueva relación estratégica entre nuestros dos países.
""",
    "ru": """Письмо Постоянных представителей Российской Федерации и Соединенных Штатов Америки при Организации Объединенных Наций от 4 июня 2003 года на имя Генерального секретаря

Имеем честь препроводить настоящим текст Совместной декларации, принятой нашими президентами в Санкт-Петербурге 1 июня 2003 года (см. приложение).

Будем признательны за распространение настоящего письма и приложения к нему в качестве документа Генеральной Ассамблеи по пункту 74 предварительного перечня и Совета Безопасности.

(Подпись) Сергей Лавров
Постоянный представитель Российской Федерации при Организации Объединенных Наций

Приложение I к письму Постоянных представителей Российской Федерации и Соединенных Штатов Америки при Организации Объединенных Наций от 4 июня 2003 года на имя Генерального секретаря

Совместная декларация о новых стратегических отношениях

24 мая 2002 года мы взяли на себя обязательство строить новые стратегические отношения между нашими двумя странами.
""",
    "ar": """رسالة مؤرخة 4 حزيران/يونيه 2003 موجهة إلى الأمين العام من الممثلين الدائمين للاتحاد الروسي والولايات المتحدة الأمريكية لدى الأمم المتحدة

نتشرف بأن نحيل إليكم طيه نص الإعلان المشترك الذي اعتمده رئيسانا في سانت بطرسبرغ في 1 حزيران/يونيه 2003 (انظر المرفق).

ونكون ممتنين لو تفضلتم بتعميم هذه الرسالة ومرفقها بوصفهما وثيقة من وثائق الجمعية العامة، في إطار البند 74 من القائمة الأولية، ومن وثائق مجلس الأمن.

(توقيع) سيرغي لافروف
الممثل الدائم للاتحاد الروسي لدى الأمم المتحدة

المرفق الأول للرسالة المؤرخة 4 حزيران/يونيه 2003 الموجهة إلى الأمين العام من الممثلين الدائمين للاتحاد الروسي والولايات المتحدة الأمريكية لدى الأمم المتحدة

إعلان مشترك بشأن العلاقة الاستراتيجية الجديدة

في 24 أيار/مايو 2002، التزمنا ببناء علاقة استراتيجية جديدة بين بلدينا.
""",
    "zh": """2003年6月4日俄罗斯联邦和美利坚合众国常驻联合国代表给秘书长的信

谨随函转递我们两国总统2003年6月1日在圣彼得堡通过的联合宣言案文（见附件）。

请将本信及其附件作为大会初步清单项目74和安全理事会的文件分发为荷。

（签名）谢尔盖·拉夫罗夫
俄罗斯联邦常驻联合国代表

附件一
2003年6月4日俄罗斯联邦和美利坚合众国常驻联合国代表给秘书长的信的附件

关于新战略关系的联合宣言

2002年5月24日，我们承诺在我们两国之间建立新的战略关系。
""",
}


@pytest.mark.parametrize("lang", sorted(LETTERS))
def test_same_letter_same_metadata(tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"letter.{lang}.txt"
    path.write_text(LETTERS[lang], encoding="utf-8")
    doc = process(path)
    md = doc.metadata
    assert doc.language == lang
    assert md.doc_type == "letter"
    assert md.date == "2003-06-04"
    assert md.addressee == "Secretary-General"
    assert sorted(md.sender_countries) == ["RU", "US"]
    assert md.agenda_items == [74]
    assert md.agenda_list == "preliminary"
    assert set(md.organs) == {"GA", "SC"}
    assert len(md.signatories) == 1 and md.signatories[0].country == "RU"
    assert md.signatories[0].role
    assert [a.label for a in doc.annexes] == ["I"]
    assert doc.paragraphs("I"), "the annex has its paragraph"


L6 = ["ar", "zh", "fr", "ru", "es"]


@pytest.fixture(scope="module")
def unpc(corpus: Path) -> dict[str, list[str]]:
    base = corpus / "unpc_devset_6way"
    return {lang: (base / f"dev.{lang}").read_text(encoding="utf-8").splitlines() for lang in ["en", *L6]}


@pytest.mark.parametrize("lang", L6)
def test_extractors_agree_with_english_on_real_sentences(unpc: dict[str, list[str]], lang: str) -> None:
    te, tl = tables("en"), tables(lang)
    n = {"date": 0, "session": 0}
    ok = {"date": 0, "session": 0}
    for en, other in zip(unpc["en"], unpc[lang], strict=True):
        dates = {d.iso for d in find_dates(en, te)}
        if dates:
            n["date"] += 1
            ok["date"] += bool(dates & {d.iso for d in find_dates(other, tl)})
        session = header.session(en, te)
        if session:
            n["session"] += 1
            ok["session"] += header.session(other, tl) == session
    assert n["date"] > 100 and n["session"] > 30
    assert ok["date"] / n["date"] >= 0.9, (ok, n)
    assert ok["session"] / n["session"] >= 0.9, (ok, n)


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_a_preamble_heading_ends_the_title(corpus: Path, lang: str) -> None:
    """The UDHR's title is its first line in every language, never joined to "Preamble" (nor, in
    Russian, to the whole preamble after it)."""
    path = corpus / "un_parallel_docs" / "udhr" / "text" / f"udhr.{lang}.txt"
    res = process_one(path, lang)
    assert res.ok, res.error
    assert res.document.metadata.title == path.read_text(encoding="utf-8").splitlines()[0].strip()
