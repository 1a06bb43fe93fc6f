"""Credits as real pages write them: the gazetteer, credits in running prose, credits given by layout,
translator credits without labels; each case is a sentence shaped like the labelled real pages."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.text.claims import Publisher, extract_claims
from provenance.text.gazetteer import gazetteer, known_outlet
from provenance.text.prose import prose_credits

BODY = "The ministry said the talks would resume next week after a pause of several months."


def credits(text: str, publisher: Publisher | None = None) -> list[tuple[str, str]]:
    return [(c.kind, c.name) for c in extract_claims(text, publisher) if c.kind in ("source", "via", "translator")]


def test_the_shipped_gazetteer_holds_three_thousand_outlets_with_their_licences() -> None:
    assert len(gazetteer()) >= 3000
    data = resources.files("provenance").joinpath("data")
    rows = list(csv.DictReader(data.joinpath("outlets.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["source"] for r in rows} == {"curated", "fundus", "newscatcher"}
    notices = data.joinpath("OUTLETS_LICENSES.txt").read_text(encoding="utf-8")
    assert notices.count("MIT License") == 2


@pytest.mark.parametrize(
    ("written", "outlet"),
    [
        ("Ројтерс", "Reuters"),
        ("Rojtersa", "Reuters"),
        ("Reuters'a", "Reuters"),
        ("Gardijan", "The Guardian"),
        ("Асошиејтед прес", "Associated Press"),
        ("Politiku", "Politika"),
        ("Radija Slobodna Evropa", "Radio Free Europe/Radio Liberty"),
        ("https://www.bbc.co.uk/news/world-123", "BBC"),
        ("Telexnek", "Telex"),
    ],
)
def test_the_gazetteer_knows_outlets_by_their_other_names_declined_forms_and_addresses(
    written: str, outlet: str
) -> None:
    found = known_outlet(written)
    assert found is not None and found.name == outlet


@pytest.mark.parametrize("word", ["Twitter", "Facebook", "Monday", "Vučić", "NATO", "Literatura"])
def test_the_gazetteer_does_not_take_platforms_days_or_people_for_outlets(word: str) -> None:
    assert known_outlet(word) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Trump said in an exclusive interview with the BBC that he was disappointed.", [("source", "BBC")]),
        ("A megállapodást a Telex szerint csütörtökön írták alá.", [("source", "Telex")]),
        ("Vlada je odluku donela u ponedeljak, piše Ројтерс.", [("source", "Ројтерс")]),
        ("Dünyanın haber ajansları AFP, AP ve Reuters patlamayı duyurdu.", [("source", "AFP"), ("source", "AP"), ("source", "Reuters")]),  # noqa: E501
        ("Rama ishte shprehur për Financial Times se veriu është bërë tokë e askujt.", [("source", "Financial Times")]),
        ("ИноСМИ сделало более-менее приличный перевод всего текста из The New York Times.", [("translator", "ИноСМИ"), ("source", "The New York Times")]),  # noqa: E501
        ("Ministar je to rekao za portal Serbian Times, prenose mediji.", [("source", "Serbian Times")]),
        ("On je za TV Infiormer rekao da datum izbora zavisi od dogovora.", [("source", "TV Infiormer")]),
        ("Revista letrare “Saras” ka intervistuar katër përkthyes të rinj.", [("source", "Saras")]),
        ("Jennifer Wilson writes in The New Republic: the book is a marvel.", [("source", "The New Republic")]),
        ("В сообщении телеканала «Дождь» говорится, что обыски продолжаются.", [("source", "Дождь")]),
        ("Обиските се извършват в агенцията, пише в. \"Комерсант\".", [("source", "Комерсант")]),
        ("Grigory Yavlinsky argues in a Vedomosti editorial that the law is wrong.", [("source", "Vedomosti")]),
        ("According to gazeta.ru’s Olga Kuzmenkova, the candidate likes resonant questions.", [("source", "gazeta.ru")]),  # noqa: E501
        ("Izvestia’s Sergey Podosenov queries political experts as to why a new case was opened.", [("source", "Izvestia")]),  # noqa: E501
        ("İsrail'in Haaretz gazetesi haberi 'Türkiye'nin başkentinde patlama' şeklinde geçti.", [("source", "Haaretz")]),  # noqa: E501
        ("Gazette-News reporter Bruce Willingham told KWTV he left his recorder there.", [("source", "KWTV")]),
        ("Policija je pretukla novinara, preneo je portal Kurije de Balkan (Le Courrier des Balkans).", [("source", "Kurije de Balkan")]),  # noqa: E501
        ("Trump a acuzat ziarul, relatează agenţia Belga, preluată de dhnet.be.", [("source", "Belga"), ("source", "dhnet.be")]),  # noqa: E501
        ("\"Газеты теряют свою аудиторию\", — приводит его слова RT.", [("source", "RT")]),
        ("Доповнено 18:08. Телеканал TV Markiza також наводить ім'я ймовірнього стрільця.", [("source", "TV Markiza")]),
        ("Vizsgálják a tényeket – közölte Marija Zaharova a TASZSZ-szal.", [("source", "TASZSZ")]),
        ("Akkor az URA.news megjegyezte: a riporter orosz földre lépett.", [("source", "URA.news")]),
        ("Nowelizacja była pokłosiem publikacji \"Gazety Wyborczej\" z 27 grudnia 2018 roku.", [("source", "Gazety Wyborczej")]),  # noqa: E501
        ("Le ministre a démissionné mardi soir, selon l'AFP.", [("source", "AFP")]),
        ("Secondo quanto riportato dall'ANSA, il ministro si è dimesso.", [("source", "ANSA")]),
        ("Planul apare într-un document al Comisiei consultat marți de Reuters.", [("source", "Reuters")]),
        ("Das sagte die Ministerin in der neuen Folge des NDR-Podcasts.", [("source", "NDR")]),
        ("Das sagte er dem NDR am Sonntag in Hamburg.", [("source", "NDR")]),
        ("A javaslatot a miniszter levélben tette meg – számolt be róla a Hír TV.", [("source", "Hír TV")]),
        ("Ministar je to izjavio gostujući na TV Pink u jutarnjem programu.", [("source", "TV Pink")]),
    ],
)  # fmt: skip
def test_outlets_credited_in_running_prose(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert credits(f"Title\n\n{sentence} {BODY}") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Usta gazeteci yaptığı açıklamada Habertürk sunucusu olarak çalıştığını söyledi ve ayrıldı.",
        "„Нова Македонија“ е прв национален весник, издаден пред 70 години во слободна Македонија.",
        "„Ich habe auch Verständnis dafür“, sagte Huber am Freitag in einer langen Rede vor dem Parlament.",
        "The BBC has been involved in a possible propaganda network, based on newly revealed documents.",
        "The International Monetary Fund and ratings agency Moody’s ramped up pressure on Britain.",
        "Segundo o jornal, Lula teria demonstrado perplexidade ao comentar a prisão do parlamentar.",
        "Burucerdi, Dış Politika Komisyonu Başkanı, yaptığı açıklamada haberi doğruladı.",
        "The mayor told KFOR that the bridge at the border crossing was closed.",
        "L'homme a dit au tribunal qu'il ne regrettait rien de ce qu'il avait fait.",
        'Арег Галстян, колумнист журналов "Forbes" и "The National Interest", руководитель портала.',
    ],
)
def test_employers_days_and_described_subjects_are_not_credits(sentence: str) -> None:
    assert credits(f"Title\n\n{sentence} {BODY}") == []


def test_the_publisher_naming_itself_credits_no_one() -> None:
    klix = Publisher(names=("Klix.ba",), domains=("klix.ba",))
    text = f"Title\n\nSrušio se avion, potvrđeno je za Klix.ba u Centru javne bezbjednosti Doboj. {BODY}"
    assert credits(text, klix) == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Tas s: Dva novinara ranjena\nNova 03.06.2022 | Autor:Tanjug\n" + BODY, ["Nova", "Tanjug"]),
        ("Vizită surpriză la baraj\nDigi24.ro, 4 decembrie 2025 16:50\n" + BODY, ["Digi24.ro"]),
        ("THE GUARDIAN: Zemerim në Shqipëri\nNga John Hooper\n" + BODY, ["THE GUARDIAN"]),
        ("Foreign Affairs (США): Возвращение в действительность\n\n" + BODY, ["Foreign Affairs"]),
        (BODY + "\n(Beta, Danas, 03.08.2011)", ["Beta", "Danas"]),
        (BODY + "\nda “Corriere della Sera”, 18/03/2012", ["Corriere della Sera"]),
        ("Lo siento.\nLeer noticia completa en El Mundo.", ["El Mundo"]),
        (BODY + "\npresseportal.de, kress.de (Interview)", ["presseportal.de", "kress.de"]),
        ("(AFP) - " + BODY, ["AFP"]),
        ("Novi magazin pre 9 sati | Beta\n" + BODY, ["Novi magazin", "Beta"]),
        (BODY + "\nNa primeru patke to objašnjava vojni analitičar bez uniforme, Politika, 21. maj", ["Politika"]),
        (BODY + "\nSve je to dio HDZ-ova servilnog informativnog programa. Novosti", ["Novosti"]),
        (BODY + "\nОб этом сообщили со ссылкой на пресс-секретаря — Взгляд.UA.", ["Взгляд.UA"]),
        ("Intro\n\nThe Times: Даже россияне сомневаются в рассказе подозреваемых\n" + BODY, ["The Times"]),
        ("Kremlin: Suriye için Reuters'a değil bize güvenin\n" + BODY, []),
        (BODY + "\nMarathon Independent, Marathon, New York, March 14, 1883", ["Marathon Independent"]),
        (BODY + "\nMonday, Marathon, New York, March 14, 1883", []),
        ('Sathnam Sanghera in The Times [£]: "The internet has taken advertising from local papers."', ["The Times"]),
        ('Jane Doe in London: "The internet has taken advertising from local papers."', []),
        ("Izvor: Blic - 13.04.2018 | 17:29\n" + BODY, ["Blic"]),
        (BODY + "\nSource | : | Hello! |\nPenulis | : | Nindya Galuh Aprillia |", ["Hello"]),
        (BODY + " (28 jan 2019, intervju med SVT Sport)", ["SVT"]),
        (BODY + "\nИ.А./М.К.", []),
        ("Aktualizacja:\nŹródło:\ntvn24.pl, PAP\n" + BODY, ["tvn24.pl", "PAP"]),
        ("Source:\n" + BODY, []),
        (BODY + "\n\nSursa articol: money.ro", ["money.ro"]),
        (
            "The talks ended without an agreement, the ministry added. (France24 avec AFP)\n\n" + BODY,
            ["France24", "AFP"],
        ),
        ("The talks ended without an agreement, the ministry added. (Video)\n\n" + BODY, []),
        ("Medya ne diyor? 8 HAZİRAN 2014 / CUMHURİYET\n\n" + BODY, ["CUMHURİYET"]),
        ("Title\n\nв. Преса | 07.12.2013\n\n" + BODY, ["Преса"]),
        ("Title\n\nв. Пари | Боряна НИКОЛАЕВА I 2010-02-09\n\n" + BODY, ["Пари"]),
        (
            "ZAGREB, 17. studenog 2010. (Hina) - Ravnateljica agencije (Hina) Ana Horvat danas je istaknula uspjeh.",
            ["Hina"],
        ),
        (
            "Title\n\nAi pati kërcënuar të gjithë ata që tradhëtojnë Rusinë./VoA/\nAVONET kërkon anulimin...",
            ["VoA"],
        ),
    ],
)
def test_credits_pages_give_by_their_layout(page: str, expected: list[str]) -> None:
    assert [name for kind, name in credits(page) if kind == "source"] == expected


def test_a_citation_keeps_the_outlets_and_never_the_date() -> None:
    names = [c.name for c in extract_claims(BODY + "\n(Beta, Danas, 03.08.2011)")]
    assert "03.08.2011" not in names


@pytest.mark.parametrize(
    ("page", "translator"),
    [
        ("Даниел Гринфилд\nОригинал статьи на английском Перевод Сони Тучинской\nСан Франциско\n" + BODY, "Сони Тучинской"),  # noqa: E501
        ("Фотографија: БГНЕС\n\n" + BODY + "\n\nПревела и објавила: Албена Џерманова", "Албена Џерманова"),
        (
            "“Le Figaro” ka botuar një fotografi të rrallë. Aurenc Bebja, nëpërmjet blogut të tij “Dars (Klos), "
            "Mat – Albania”, ka sjellë, për publikun shqiptar, fotografinë në fjalë.",
            "Aurenc Bebja",
        ),
    ],
)  # fmt: skip
def test_translators_credited_without_a_label_colon(page: str, translator: str) -> None:
    assert ("translator", translator) in credits(page)


def test_a_book_translator_told_about_in_a_long_sentence_is_not_the_texts_translator() -> None:
    text = (
        "Prevod Viktora Obiolisa vrsnog englesko-katalonskog prevodioca pesme Amande Gorman za inauguraciju "
        "Džozefa Bajdena odbijen je u SAD, jer njegov pol i boja kože nisu odgovarali izdavaču."
    )
    assert credits(text) == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Originally written in Italian and beautifully translated by Ann Goldstein.", []),
        ("Magic Formula: Alejandro Jodorowsky’s Albina and the Dog-Men, Translated by Alfred MacAdam", []),
        ("This article was translated by Jane Doe.", [("translator", "Jane Doe")]),
        ("The senators met on Tuesday.\nTranslated from Ukrainian by Olena Petrenko",
         [("translator", "Olena Petrenko")]),
    ],
)  # fmt: skip
def test_a_translator_label_inside_a_sentence_credits_the_text_only_when_the_sentence_names_it(
    page: str, expected: list[tuple[str, str]]
) -> None:
    assert credits(page) == expected


def test_a_prose_credit_keeps_its_sentence_as_evidence_and_a_lower_confidence_than_a_label() -> None:
    claims = extract_claims(f"Burimi: BBC\n\n{BODY} Trump said in an interview with CNN that he would go. {BODY}")
    label = next(c for c in claims if c.name == "BBC")
    prose = next(c for c in claims if c.name == "CNN")
    assert prose.text == "Trump said in an interview with CNN that he would go."
    assert prose.confidence < label.confidence


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Reuters", "told", "the", "BBC", ",", "„", "“", ".", "according", "to", "Ројтерс",
                                 "X", "sagte", "am", "Freitag", "AFP", "ve", "AP", "i", "(", ")", "\n", "пише"]),
                max_size=30))  # fmt: skip
def test_prose_credits_never_fail_and_name_what_the_text_says(words: list[str]) -> None:
    text = " ".join(words)
    for credit in prose_credits(text):
        assert text[credit.start : credit.end] == credit.written
        assert known_outlet(credit.written) is credit.outlet


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Pa titull\n\nNga: Jorge Luis Borges.\n\nPërktheu: Sabina Darova\n\n" + BODY, [("translator", "Sabina Darova")]),  # noqa: E501
        ("Prevodilac: Ivana Krivokuća Lektor: Tijana Mihajlović\n" + BODY, [("translator", "Ivana Krivokuća")]),
        ("A Remedy for Insomnia Vera Pavlova (tr. Steven Seymour) Not sheep coming down the hills\n" + BODY, [("translator", "Steven Seymour")]),  # noqa: E501
        (":: Translation by Olga Kuzmina\n" + BODY, [("translator", "Olga Kuzmina")]),
        ("Translation: The Caucasus Situation\n\n" + BODY, []),
        ("Translated: Bernard Isaacs and Joe Fineberg\n" + BODY, [("translator", "Bernard Isaacs"), ("translator", "Joe Fineberg")]),  # noqa: E501
        ("Published: Rabochy No. 1, April 22, 1914.\n" + BODY, [("via", "Rabochy")]),
        (BODY + "\nautor: vasevec.cz", [("source", "vasevec.cz")]),
    ],
)  # fmt: skip
def test_translator_and_relay_lines(page: str, expected: list[tuple[str, str]]) -> None:
    assert [(kind, name) for kind, name in credits(page) if kind in ("translator", "source", "via")] == expected


def test_an_address_names_its_owner_only() -> None:
    """gazeta.ru is not gazeta.ua, though both lose their ending in a name's comparison key."""
    assert known_outlet("gazeta.ru") is not None
    assert known_outlet("gazeta.ru") is not known_outlet("gazeta.ua")
    assert known_outlet("Novi", accents=True) is None  # an adjective, not a case of "Nova"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # an outlet named earlier, then credited by a common noun
        ("Das Nachrichtenmagazin „Spiegel“ geht davon aus, abgehört worden zu sein.\n\nEin Vermerk lege die "
         "Bespitzelung nahe, schreibt das Magazin.", [("source", "Spiegel")]),
        ("Na naslovnoj strani sportskog lista („A Bola“) nalazi se Lazar Marković. Prema pisanju portugalskog "
         "lista, Murinjo je oduševljen.", [("source", "A Bola")]),
        ("The Guardian is a British daily. " + BODY, []),  # an outlet described, no phrase crediting it
        # a press review's line introducing a quotation
        ("Aus der »Rheinischen Post«: »Die Brauerei wurde 1636 gegründet.«", [("source", "Rheinischen Post")]),
        ("Die „Frankfurter Allgemeine“ zum selben Thema:\nDass Geheimdienste Journalisten ins Visier nehmen, "
         "damit durfte man rechnen.", [("source", "Frankfurter Allgemeine")]),
        ("Der Präsident sagte:\n„Wir bleiben.“", []),
        # wires listed with a Romanian "şi"; a name before ", anunţă X" is not what the verb credits
        ("Poliţia efectuează percheziţii la sediul agenţiei de presă ruse TASS, anunţă AFP şi EFE.",
         [("source", "AFP"), ("source", "EFE")]),
        # a relative clause describes the outlet, it does not cite it
        ("Kritikovao je Javni servis HRT, za koji je rekao da je pod uticajem vlasti.", []),
        ("Wie ein Sprecher am Dienstag auf ddp-Anfrage bestätigte, ist das Verfahren beendet.", [("source", "ddp")]),
        # a reporter "of" an outlet, a capital "LA", an article before the name
        ("Reuters has denied the claim, reports Francesca Ebel of The Washington Post.",
         [("source", "The Washington Post")]),
        ("LA Times reported earlier this month that IBM intends to pay $9 a share.", [("source", "LA Times")]),
        # a South Slavic "said" credits a name after it only with "za": "told", not "said … N1"
        ("Prvo su govorili da neko neće da emituje N1. Telekom je onda rekao emitovaćemo N1 svuda.", []),
        ("Vučić je to kazao za televiziju Prva.", [("source", "Prva")]),
        ("То су три највећа успеха - каже за новогодишњи троброј “Блица” председник Србије.", [("source", "Блица")]),
        # a case of a name of two words: "Novu TV" is Nova TV
        ("Milanović je dao intervju uživo za Novu TV.", [("source", "Novu TV")]),
        # Hungarian "X nevű lap": the paper named X, with its "e"
        ("A TV Sorrisi e Canzoni nevű olasz lapnak adott interjúban szóba került a háború is.",
         [("source", "TV Sorrisi e Canzoni")]),
        # a language service heading the page
        ("Українська служба DW,\n13 грудня 2019, 10:59\n" + BODY, [("source", "DW")]),
        ("Nagehan Alçı'nın Medyaradar'da Alev Gürsoy Cimin'e verdiği söyleşinin bazı bölümleri şöyle:",
         [("source", "Medyaradar")]),
    ],
)  # fmt: skip
def test_named_before_quoted_after_listed_said_to_and_described(page: str, expected: list[tuple[str, str]]) -> None:
    assert credits(page) == expected


def test_a_related_headline_naming_an_outlet_by_a_noun_credits_nothing() -> None:
    page = (
        "Das Nachrichtenmagazin „Spiegel“ geht davon aus, abgehört worden zu sein.\n\nLesen Sie auch:\n"
        "Neue Vorwürfe gegen den Minister, schreibt das Magazin\nWetter am Wochenende"
    )
    assert credits(page) == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # an outlet as the subject described, a title's word, a place visited, a comma ending the reporting phrase
        ("BTA është media e vetme shtetërore, për informacionin e së cilës duhet të paguhet.", []),
        ("Agencija Rojters je na svom sajtu objavila da je povukla članak.", [("source", "Rojters")]),
        ("Anadolu Ajansı Haber Ödülleri töreni... İlk kez iltifat.", []),
        ("Anadolu Ajansı Genel Müdürü Kemal Öztürk, A Haber’de Zeynep Bayramoğlu’nun sunduğu Kadraj programının "
         "konuğu oldu.", [("source", "A Haber")]),
        ("Çakır, Anadolu Ajansı (AA) Malatya Bürosunu ziyaretinde yaptığı açıklamada, AA'nın son yıllarda büyük "
         "bir çıkış yakaladığını belirtti.", []),
        ("AA (Anadolu Ajansı)... 105 yıl önce kuruldu... 6 Nisan 1920.", []),
        # a title in title case: its nouns refer, they do not cite
        ("BBC’s John Simpson Defends Broadcaster’s Selective Language Around Hamas", []),
        # a weather service after "informa" is an institution; a dateline with a full stop before its dash
        ("Madrid, 25 jun (EFE).- Lluvias en el norte, informa la Agencia Estatal de Meteorología (Aemet).",
         [("source", "EFE")]),
        # a dateline after a headline run into the same line
        ("-BENGİ: AA'DA ÇERÇEVEYİ ATATÜRK ÇİZMİŞTİR İSTANBUL (A.A) - 16.01.2011 - Hilmi Bengi konuştu.",
         [("source", "A.A")]),
        # a feed's line giving the outlet and the hour
        ("Affaire Sankara : un procès pour l’exemple\n\nLe Point - 16h23\n\n" + BODY, [("source", "Le Point")]),
        ("Affaire Sankara : un procès pour l’exemple\n\nMatch Report - 16h23\n\n" + BODY, []),
        # verbs: Serbian "ocenjuje", Romanian "subliniază", Polish "mówił … w Radiu"
        ("Ројтерс оцењује да су гласачи у великој мери подржали напоре владајуће коалиције.",
         [("source", "Ројтерс")]),
        ("„Şoferul a murit”, subliniază agenţia Reuters, precizând detaliile.", [("source", "Reuters")]),
        ("Szybko z jedną z prawniczek uciekli - mówił Jabłoński w Radiu Wnet.", [("source", "Radiu Wnet")]),
        # "recogida por X": the reporting word credits the name after "by", not the one before it
        ("En una entrevista en Cadena Ser Cataluña recogida por Europa Press, ha argumentado que no.",
         [("source", "Cadena Ser"), ("source", "Europa Press")]),
        # a capital city as a dateline, a section after a spaced slash, a reporter "of" an outlet in a byline
        ("(ANKARA) -CHP'nin Genel Başkanı konuştu.\n\nKaynak: ANKA / Güncel", [("source", "ANKA")]),
        ("By Coco Lance of rnz.co.nz and is republished with permission\n" + BODY, [("source", "rnz.co.nz")]),
        # Greek "αναφέρει", Serbian "rečeno je N1", and whom something was for
        ("Η Birgun αναφέρει ότι \"η δήλωση ξεσήκωσαν την Ελλάδα\".", [("source", "Birgun")]),
        ("„Konferencija se ne organizuje“, rečeno je N1 iz službe za odnose sa medijima.", [("source", "N1")]),
        ("He used deception to obtain confidential information for Britain’s Sunday Times newspaper.", []),
        # a programme's run of headlines, a photographer before the agency, an outlet's managers
        ("Trump Opens Door to Meeting Mueller; Interview with Senator Hirono; Trump \"Executive Time\" for TV "
         "Viewing, Tweeting; NYT: U.S. Intelligence Underestimated North Korean Capabilities. Aired 1:30-2p ET\n"
         + BODY, [("source", "NYT")]),
        ("What's the Problem With Al Jazeera?\nSource: Naseem Zeitoon / Reuters\n" + BODY, [("source", "Reuters")]),
        ("Title\n\nEarlier this month, managers at Al Jazeera, the most popular news channel in the Arab world, "
         "summoned nervous journalists.", []),
        # an outlet described by what it is, not cited; its representatives met; "prema pisanju" still cites
        ("Kostreš je podržao servis vesti Novinske agencije Beta i ponudio podršku.", []),
        ("Predsednik je u razgovoru sa predstavnicima agencije Beta istakao da je to važno.", []),
        ("Reforma je počela, prema pisanju agencije Beta, prošle nedelje.", [("source", "Beta")]),
        ("107 років тому було засноване Українське національне інформаційне агентство «Укрінформ».", []),
        ("Зградата на хрватската новинска агенција ХИНА претрпе големи оштетувања.", []),
        ("55% e qytetarëve nuk ndihen të informuar, tregon një anketë e Agjencisë “Trend”, njofton BGNES.",
         [("source", "BGNES")]),
        # a citing verb credits the outlet that cites and the one it cites
        ("Și tot Pravda citează cotidianul polonez Rzeczpospolita, care ar fi anunțat un complot.",
         [("source", "Pravda"), ("source", "Rzeczpospolita")]),
        # a page of a wire's copy headed by the wire's feed; the outlet's own news is no wire
        ("Associated Press stories, Page 2112\nSteelers reopen facilities\nTAMPA, Fla. — Tom Brady works out.",
         [("source", "Associated Press")]),
        ("AFP World\n\nMalgré les frappes russes et le froid, Kiev danse le ska", [("source", "AFP")]),
        ("Guardian World\n\nThe storm closed roads across the north.", []),
        # a spokesman beside the name speaks for it; a spokesman's statement "za Politiku" went to Politika
        ("A BBC spokesman in London, England, said the corporation is breaking no laws in Iran.", []),
        ("On je reagovao na izjavu portparola Kfora Vinćenca Grasa za Politiku da su svi znali.",
         [("source", "Politiku")]),
        # an interview far before "with"; two outlets in one run of capitals; a service of a known outlet
        ("The remarks were said to have been made in a rare sit-down interview at his home over the weekend with "
         "USA Today and CBS Radio.", [("source", "USA Today"), ("source", "CBS Radio")]),
        ("Interview With Hadi Nili of BBC Persian\n\nQUESTION: Thank you for sitting down with us.",
         [("source", "BBC Persian")]),
        # an interview someone denied giving
        ("Президент Украины Владимир Зеленский опроверг информацию, что дал интервью телеканалу «Россия 1».", []),
        # a label glued to the last sentence; Bosnian "prenijele su"; a regional edition of an agency
        ("Rusya Dışişleri Bakanlığından yapılan açıklamada, \"kumpas başlattılar.\" denildi.Kaynak: AA",
         [("source", "AA")]),
        ("– Razgovarat ćemo o tome – rekao je Vučić – prenijele su “Novosti“.", [("source", "Novosti")]),
        ('Опасения лишены оснований, заявил в среду постпред РФ при ЕС. Об этом сообщает "Интерфакс-Казахстан".',
         [("source", "Интерфакс-Казахстан")]),
        # a quoted headline between the outlet and the word for it; an article inside a description
        ("Yeni Şafak’ın, “CHP verdi İBB sızdırdı” manşetinin spotunda bu cümle yazıyordu.",
         [("source", "Yeni Şafak")]),
        ("Bianet'ten Erol Önderoğlu'nun haberine göre, Mehmet Ağar tanık sıfatıyla dinlendi.", [("source", "Bianet")]),
        ("UK newspaper the Guardian has confirmed that it believes it has suffered a ransomware attack.", []),
        # a wire's dateline glued to the headline before it; Hungarian "hozzátett" (added)
        ("Export vino, volumi piatti. Rossi ancora in discesaRoma, 14 giu. (askanews) – Export di vino stabile.",
         [("source", "askanews")]),
        ("A Transindex annyit még hozzátett ehhez, hogy Orbán Szatmárnémetibe is ellátogat majd.",
         [("source", "Transindex")]),
    ],
)  # fmt: skip
def test_subjects_titles_places_and_datelines(page: str, expected: list[tuple[str, str]]) -> None:
    assert credits(page) == expected


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a sentence glued to the next one; a reporting word in a new clause after a comma and "and"
        ("A afirmat Chesnoiu, la sediul central al PSD, informează Agerpres.El a precizat că nu stabileşte preţul.",
         [("source", "Agerpres")]),
        ("Mr. Keys joined Reuters in 2012, and while investigations continue we will have no further comment.", []),
        ("ha dichiarato in un'intervista a La Repubblica:Corona non ha fatto il mio nome.",
         [("source", "La Repubblica")]),
        # an employer's title after a possessive
        ("A statement by Reuters’ corporate affairs manager David Girardin, in response to this morning’s news.", []),
        # a stop set apart by a space; whom someone writes for; the verb of the next name after a comma
        ("To me je zaboljelo, rekao je Bjelogrlić za HRT . Na pitanje voditelja Aleksandra Stankovića odgovorio je.",
         [("source", "HRT")]),
        ("Iako Milić piše za Večernji, Stanković objavljuje pjesničke kolumne na Netu, priznajem da me je bilo strah.",
         []),
        # French "our colleagues at"; a day's name opening a dated line
        ("Dans une interview exclusive accordée simultanément à nos confrères de RFI et France 24, le président a "
         "estimé que le visage de l’Afrique n’est pas celui de ses dirigeants.",
         [("source", "RFI"), ("source", "France 24")]),
        ("Travailleurs sur un chantier à Dubaï.\nShort Url\nPublié le Dimanche 02 avril 2023", []),
        # the publisher's own desk as the label's value; a bare web address after "for"
        ("Reuters, Suriye heyetini bilgilendirdiğini yazmıştı.\n\nKaynak:Haber Merkezi", [("source", "Reuters")]),
        ("„Asta o voi face după ce voi vedea procesul-verbal”, a declarat deputatul PSD pentru barladulmeu.ro",
         [("source", "barladulmeu.ro")]),
        # an outlet's reporter told or asked is the outlet told; its reporter named is its staff
        ("The minister told a Reuters reporter that the talks would resume.", [("source", "Reuters")]),
        ("ABD Dışişleri Bakanlığı, AA muhabirinin ABD'nin Suriye'den çekilmesine yönelik sorularına yanıt vermedi.",
         [("source", "AA")]),
        ("Reuters reporter Wa Lone said the court denied bail.", []),
        ("AA muhabiri Ali Veli olay yerinde bulundu.", []),
        # a programme in quotes, then its channel; Serbian "govori za"
        ("Gostujući večeras u emisiji „Hit Tvit“ na TV Pink, Vučić se osvrnuo na Javni servis.",
         [("source", "TV Pink")]),
        ("Er sagte in der Sendung „Markus Lanz“ im ZDF, die Lage sei ernst.", [("source", "ZDF")]),
        ("Predsednik Aleksandar Vučić govori za Informer televiziju o udarnim političkim temama.",
         [("source", "Informer")]),
        # an outlet's reporter after a reporting word; a relative clause that reports; a passive "von … gemeldet"
        ("«Это выдумка», – сказал он, передает корреспондент ТАСС.", [("source", "ТАСС")]),
        ("Корреспондент ТАСС Иван Иванов погиб в Донецке.", []),
        ("Premijer je izjavio da region mora da se drži zajedno, a „Politika“ koja prenosi ovu vest piše i da je "
         "Rama pohvalio Srbiju.", [("source", "Politika")]),
        ("Die Nachricht wurde zuerst von der öffentlich-rechtlichen Rundfunkanstalt NRK und der Nachrichtenagentur "
         "NTB unter Berufung auf anonyme Quellen gemeldet.", [("source", "NRK"), ("source", "NTB")]),
        # Bulgarian: "предаде", a channel in quotes after "на телевизия", a name in sentence case, an editor's initials
        ("Това каза албанският премиер Еди Рама, предаде РТК.", [("source", "РТК")]),
        ('Това е моята цел", каза Рама в предаването "Свободна зона" на телевизия "Клан".', [("source", "Клан")]),
        ("Еди Рама действа без Косово, заяви пред Косова прес депутатът Томор Ализоти.", [("source", "Косова прес")]),
        ("Той заяви, че подкрепата е слаба.\n/ПК/", []),
        # an agency and the publisher in one closing parenthesis
        ("Nedeljnik je zatražio od nadležnih istražnih organa da ispitaju slučaj.\n\n(Beta, Nedeljnik)",
         [("source", "Beta")]),
        # "(via X)" closing a paragraph; a link's words where a source's name would stand
        ("The message was also sent out as a press release. (via DealBook)", [("via", "DealBook")]),
        ("Bloomberg has become a titan of the financial-news sector.\nSource: Read Full Article", []),
        # Hungarian "cikkezett", "értesült"; a radio by its band; an editor's initials before a slash
        ("Ettől függetlenül a kormánypárti Magyar Nemzet már úgy cikkezett Bakaláról, hogy pénzeli a portált.",
         [("source", "Magyar Nemzet")]),
        ("Most a kreativ.hu értesült arról, hogy Rovó Attila is távozik.", [("source", "kreativ.hu")]),
        ("\"Jest bardzo inteligentnym rozwiązaniem\" - powiedział na antenie RFM FM poseł Tadeusz Cymański.",
         [("source", "RFM FM")]),
        ("W rozmowie z Robertem Mazurkiem Cymański mówił o kandydaturze.\n\nkk/rfm24.pl", [("source", "rfm24.pl")]),
        # a byline naming an outlet by its name; an editor's initials in a byline name no author
        ("Zbog neutvrđene granice institucije ne kontrolišu 3.600 hektara zemlje uz Drinu.\n\n"
         "Piše: Centar za istraživačko novinarstvo (CIN)", [("source", "Centar za istraživačko novinarstvo")]),
        # a digest's items, each closing on its outlets in parentheses; not an abbreviation, not a picture's credit
        ("STORIES FROM LOCAL PRESS\n\n• Pantic: I have Vucic’s support (Politika)\n"
         "• Nikolic: Serbia continues to rely on Russia (Tanjug/RTS/Beta)",
         [("source", "Politika"), ("source", "Tanjug"), ("source", "RTS"), ("source", "Beta")]),
        ("The first issue of the daily San is at newsstands.\n(Novi Magazin 19.11.2012)", [("source", "Novi Magazin")]),
        ("Her first job was at Radio Television of Serbia (RTS)", []),
        ("Кондитерська фабрика «Деліція» до війни. (facebook.com/delicia.com.ua)", []),
        # Serbian "ispričao" after the channel it was told on
        ("Naime, on je na N1 ispričao je priču o \"baki i blokaderima\".", [("source", "N1")]),
        # Albanian "në" (in) is no negation; a programme "të" (of) its channel; a director of news works for the outlet
        ("Syla tha në Frontal në T7 se “është njëfarë situate si dikur kah lufta”.", [("source", "T7")]),
        ("Gjatë emisionit “Pressing” të T7, mysafirët janë pyetur për Kuvendin.", [("source", "T7")]),
        ("Drejtori i informacionit në Klan Kosova, Gazmend Syla e pranoi se ka frikë.", []),
        # Serbian "emitovan" (broadcast) before the channel
        ("On je, kako je izjavio u ekskluzivnom intervjuu koji će biti emitovan večeras u 21 sat na TV Nikšić, veoma "
         "zabrinut.", [("source", "TV Nikšić")]),
        # a columnist's paper when the column is named; Turkish "yayınlanan" (broadcast); an interview "aus der"
        ("Sözcü Gazetesi yazarı Rahmi Turan çarşamba günkü köşesinde bir CHP'linin Beştepe'yi ziyaret ettiğini öne "
         "sürmüştü.", [("source", "Sözcü Gazetesi")]),
        ("Hürriyet gazetesi yazarı Ertuğrul Özkök, \"Emin Çölaşan gibi yazmak istiyorum\" dedi.", []),
        ("CNN Türk'te yayınlanan Tarafsız Bölge'de Kılıçdaroğlu'na çağrıda bulunan Ahmet Hakan konuştu.",
         [("source", "CNN Türk")]),
        ("Interview aus der \"Weltwoche\".", [("source", "Weltwoche")]),
        # a wire's photo under a Source label; "added" after an outlet
        ("Source: AP Photo/Efrem Lukatsky\n\nRussian soldiers led a convoy, The Independent reported Friday.",
         [("source", "The Independent")]),
        ("CNN added on Friday that 18,000 weapons had been given to reservists.", [("source", "CNN")]),
        # Macedonian "тврди" and "открива" (claims, reveals); a statement given to a broadcaster
        ("Грчкиот весник „Екатимерини“ тврди дека владата во Атина ги сменила изјавите на премиерот.",
         [("source", "Екатимерини")]),
        ("Во изјавата за МРТ, по средбата во Вашингтон, Заев вели дека нема друга Македонија.", [("source", "МРТ")]),
        # a negated reporting word
        ("Вучић каже да дуго није гостовао на РТС-у.", []),
        ("Вучић је рекао да га РТС није звао да гостује.", []),
        # a digest's next item under its own dateline; a headline closing on the outlet that reported it
        ("Fuente: La Nación\n\n Like\n\nNUEVA YORK (AP) — Pete Alonso disparó un jonrón de tres anotaciones.",
         [("source", "La Nación"), ("source", "AP")]),
        ("Trump planea reunión con su gabinete posibles acciones en Irán: WSJ\nTrump ofreció ayer su ayuda.",
         [("source", "WSJ")]),
        # a name holding a country; a journalist's and a president's outlet are their employers
        ("En una entrevista en Voice of America, Cañas lamentó la decisión de las autoridades cubanas.",
         [("source", "Voice of America")]),
        ("Gabriela Cañas, jornalista do “El País”, será a sua substituta no cargo.", []),
        ("La periodista Gabriela Cañas será la nueva presidenta de la Agencia Efe, ha informado la secretaría.", []),
        # writing for an outlet, a word between; an outlet asking an interview's questions
        ("Der vielseitige Augsburger schreibt mitunter für die FAZ und das DFB-Journal.", []),
        # a negation before "da" and the verb; two outlets joined by "i", the first of two words
        ("Vučić je odgovorio zašto neće da gostuje na Nova S i N1, a dobijao je poziv.", []),
        ("Izvor: Screenshot YouTube\n\nU Srbiji su u nedjelju održani predsjednički izbori.", []),
        # a journalist introduced, then the outlet he is from
        ("Gazetari Ergys Gjençaj, nga televizioni “News 24” në Shqipëri, ishte duke filmuar një aksion.", []),
        ("Sipas News 24, policia arrestoi dy persona në Tiranë.", [("source", "News 24")]),
        # Bulgarian "пред" (to) an outlet; a Macedonian agency's correspondent reporting; Hungarian "mondta a …nek"
        ("Бойко Борисов наплю България пред агенция ТАСС", [("source", "ТАСС")]),
        ("Това заяви пред Нова телевизия премиерът Бойко Борисов.", [("source", "Нова телевизия")]),
        ("Како што јави дописникот на МИА од Софија, Петков рече дека добил извинување.", [("source", "МИА")]),
        ("Nem bujtottak fel! – ezt mondta a Magyar Nemzetnek Magyar Péter unokatestvérének a volt férje.",
         [("source", "Magyar Nemzetnek")]),
        # "szerinte" is "in his view"; a newspaper's senior staff writer
        ("Szijjártó Péter kifogásolta, hogy az RTL szerinte ismét egy munkatárs személyén keresztül kritizált.", []),
        ("„Importra szorulnak” - mondta Apáti Bence, a Magyar Nemzet főmunkatársa.", []),
        ("Magyar Péter az RTL és a NER kapcsolatáról beszélt – számolt be róla a Media1.", [("source", "Media1")]),
        # a wire's tag glued to the last sentence, the desk's own tag after it; a closing citation in parentheses
        ("Auch wir auf STOL haben die Meldungen sofort veröffentlicht.Nur wenig später hat sich herausgestellt, dass "
         "die dpa einem gefälschten Account aufgesessen war.Wir entschuldigen uns für die falsche Information.dpa/stol",
         [("source", "dpa")]),
        ("Eigene Informationen seien nicht hinzugefügt worden, erklärte das Magazin. (Reuters/red, 12.11.2014)",
         [("source", "Reuters")]),
        ("Poi vedremo se ha cose interessanti da raccontare» (Fabrizio Roncone, Corriere della Sera, 11/4/2019).",
         [("source", "Corriere della Sera")]),
        ("Кондитерська фабрика «Деліція» до війни. (facebook.com/delicia.com.ua)\nФабрика працювала на Подолі.", []),
        # a sign-off glued to the sentence naming another outlet; Sky News by its short name
        ("\"Но, това не пречи на плана\", каза още той, цитиран от Косово онлайн./БГНЕС",
         [("source", "Косово онлайн"), ("source", "БГНЕС")]),
        ("Shortly after, a Treasury source told Sky: “This is not the first time he has made things up.”",
         [("source", "Sky")]),
        # a wire's tag over the desk's initials; Portuguese "e" is "and", not "is"; Portugal's outlets by name
        ("O primeiro-ministro recusou-se a comentar.\n\nLUSA/HN\n\n0 Comments", [("source", "LUSA")]),
        ("A notícia foi noticiada pelo Tal & Qual e confirmada depois.", [("source", "Tal & Qual")]),
        ("Segundo o Público, o ministro demitiu-se esta manhã.", [("source", "Público")]),
        # a noun announcing the next name is no cue for the one before; an evening is no newspaper
        ("Nga vëzhgimi kanë rezultuar 51 kronika, nga të cilat 20 në TV Klan, 18 në Vizion Plus dhe 13 lajme në "
         "televizionin Top Channel.", []),
        ("Akşam saatlerinde polis olay yerine geldi, dedi muhabir.", []),
        # a negation a few words before the reporting word; an elided article's apostrophe is no quotation mark
        ("Mr. Trump has not sat for an interview with CNN since taking office in January 2017, The Hill reported.",
         [("source", "The Hill")]),
        ("Les informations viennent de l'ordinateur saisi, selon plusieurs médias belges dont L’Echo et De Morgen.",
         [("source", "Echo"), ("source", "De Morgen")]),
        ("Selon la radiotélévision publique belge RTBF, l'ordinateur contenait des données.", [("source", "RTBF")]),
        # Greek: an interview in a newspaper named in guillemets
        ("Σε αργία τέθηκε ο ανταποκριτής μετά τη μετάδοση δήθεν χθεσινής συνέντευξης στην εφημερίδα «The Australian» "
         "του υπουργού Οικονομικών.", [("source", "The Australian")]),
        # a podcast's title holding a reporting word; officials who "tell" an outlet
        ("Follow Post Reports\n\nPost Reports is a daily podcast. Martine Powers is your host.", []),
        ("Chris Miller ordered a Pentagon-wide halt, senior officials tell Axios.", [("source", "Axios")]),
        ("Gligor explică de ce un scrutin anticipat poate debloca situația.\nEuropa Liberă: Ce înțelegeți Dvs. din "
         "ceea ce s-a întâmplat?\nȘtefan Gligor: „Înțeleg că dl Dodon nu este independent.”",
         [("source", "Europa Liberă")]),
        # a Serbian assessment "for" an outlet; letters in parentheses spelling out the name before them
        ("Boris Tadić ocenio je za \"Politiku\" da su protesti u Srbiji politički.", [("source", "Politiku")]),
        ("Telekom je ocenio N1 kao neprijatelja države.", []),
        ("У 1848 р. було засноване в Нью-Йорку інформаційне агентство США Ассошіейтед Пресе (АП).", []),
        # a blog's copied item under the wire's name, the date and the hour
        ("El FMI pide objetivos creíbles\nEFE 30.07.2010 - 18:03h\nEl Fondo Monetario Internacional ha afirmado que "
         "España afronta graves desafíos.", [("source", "EFE")]),
        # sports outlets by their whole names; a French "signale"
        ("Wilder said he would try and sign a defender, Wilder told Sky Sports.", [("source", "Sky Sports")]),
        ("Leeds United are closing in on the signing of Michael Cuisance, according to L'Equipe.",
         [("source", "L'Equipe")]),
        ("Sky Sports News, cependant, signale que le transfert de Mbappe serait un prêt.",
         [("source", "Sky Sports News")]),
        # a wire's copyright line with its item number; an editor's initials beside the wire; "read it all at"
        ("Der Konzern machte keine Angaben.\n© dpa-infocom, dpa:240507-99-942696/2", [("source", "dpa-infocom")]),
        ("Das Unternehmen erwartet einen Umsatz auf dem Niveau des Vorjahres. (sh/mit dpa)\n\nAutor: W&V Redaktion",
         [("source", "dpa")]),
        ("Die Zahlen sind gut.\n© Reuters", []),
        # Romanian "a spus … la"; a pointer to the whole article closing an excerpt's line; TVN24 by name
        ("\"Cele 10.000 de doze vor ajunge in prima zi de Craciun\", a spus Vlad Voiculescu la Digi24.",
         [("source", "Digi24")]),
        ("Toate aceste doze au fost distribuite. Nu tr (...) Citeste articolul mai departe pe ziaruldeiasi.ro…",
         [("source", "ziaruldeiasi.ro")]),
        ("- Osobiście czuję się skrzywdzony - mówił w rozmowie z TVN24 szef Szpitala Narodowego.",
         [("source", "TVN24")]),
        # a Latin "original" is no Cyrillic "оригинал"; a founder's company; an aside saying what the agency is;
        # a president is nobody's employee here
        ("The ruling was welcomed by groups that had criticized the original decision to block AP.", []),
        ("NEW YORK -- Bloomberg L.P. founder Mike Bloomberg has told employees that the company is not for sale.", []),
        ("A microphone of Associated Press (AP), an American non-profit news agency is placed outside the court.", []),
        ("The judge cited an interview the president conducted with Fox News in February.", [("source", "Fox News")]),
        ("Об этом сообщает ТАСС со ссылкой на оригинал.", [("source", "ТАСС")]),
        # Italian "dello" inside a name; a digital newsstand's header naming the paper, its edition and section
        ("Mario Sconcerti ha parlato in un’intervista al Corriere dello Sport per analizzare la situazione.",
         [("source", "Corriere dello Sport")]),
        ("Kerum: To su moji vijećnici\n\nVecernji list - Hrvatska - - Aktualno -\n\nKerum nam je komentirao poziv.",
         [("source", "Vecernji list")]),
        # a picture library's address under a caption; an author's university in a byline
        ("Broad action sunscreen is recommended.\nfrom shutterstock.com\n\nUV reflectors are mostly metals.", []),
        ("Life began in the ocean\n\nBy Arunas L Radzvilavicius, UCL.\n\nFor nearly nine decades, science has had a "
         "favourite explanation for the origin of life.", []),
        # a Spanish programme named after the word for it; a Turkish programme's word announces no quoted headline
        ("No le cerró las puertas a ningún medio, según declaró ayer al programa Futbolmanía.",
         [("source", "Futbolmanía")]),
        ("Ersoy Dede, 'Günün Manşeti' programında Hürriyet'in 'Hava desteği istedik' başlıklı haberine tepki gösterdi.",
         [("source", "Hürriyet")]),
        # a paper whose name holds a day's short name; an outlet's own people are not the outlet reporting
        ("On Wednesday, The Sun reported that a 23-year-old person has made a new claim.", [("source", "The Sun")]),
        ("Taxis now rarely cost under ten pounds each, according to senior BBC sources.", []),
        ("The studio could not afford to send reporters abroad, BBC insiders said yesterday.", []),
        # German "sagte" before a bare name: the name is the one speaking; with an article, the outlet told
        ("„Es war eine harte Meisterschaft“, sagte Srna in seinem Kommentar.", []),
        ("„Es war eine harte Meisterschaft“, sagte er der dpa.", [("source", "dpa")]),
        ("Der Gewinn halbierte sich, teilte das Unternehmen mit.\nkomplette Meldung auf INDUSTRIEMAGAZIN lesen",
         [("source", "INDUSTRIEMAGAZIN")]),
    ],
)  # fmt: skip
def test_clauses_possessives_and_glued_sentences(page: str, expected: list[tuple[str, str]]) -> None:
    assert credits(page) == expected


def test_an_editors_initials_in_a_byline_name_no_author() -> None:
    page = "Protesta masive e opozitës\n\n01/24/2026 19:43\nnga:Y I\n\nProtesta masive e opozitës mbrëmjen e sotme."
    assert [c for c in extract_claims(page) if c.kind == "author"] == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # a link digest: "Headline, by Author, Outlet", "…, by Outlet" (known), a lead "Author, Outlet:"
        ("The Headphone Edition\n\nNew Earbuds Arrive With Longer Battery Life, by Jane Doe and Tom Roe, TidBITS\n\n"
         "The new earbuds last eight hours on one charge.", [("source", "TidBITS")]),
        ("Quarterly Results Call Transcript, by Six Colors\n\nWe are proud.", [("source", "Six Colors")]),
        ("Sam Lee, Apple Insider:\n\nThe company was granted a patent for watch bands.", [("source", "Apple Insider")]),
        ("Why The Market Fell Today, by Ann Smith, London\n\nShares fell.", []),
        ("Life began in the ocean, by Arunas Radzvilavicius, UCL\n\nFor nine decades science had an answer.", []),
        ("The minister said so, by all accounts, Smith wrote.", []),
        # a dateline in stops; a Spanish "revelan" before two papers; a noun after other words tells of no outlet
        ("Obligan a una empresa a cerrar\n\nMADRID. EFE. La empresa cerró ayer sus oficinas.", [("source", "EFE")]),
        ("MADRID. Hoy. La empresa cerró ayer sus oficinas.", []),
        ("El ministro pidió más tiempo, revelan hoy The Independent y Daily Mail.",
         [("source", "The Independent"), ("source", "Daily Mail")]),
        ("Obligan a The Guardian a destruir información", []),
        ("Daha sonra CNN Türk'te Tarafsız Bölge programına katılan yazar konuştu.", [("source", "CNN Türk")]),
        # a name whose elided article is part of it: "selon l’Echo" is L'Echo (an echo is no outlet)
        ("Selon l’Echo, des photos ont été retrouvées.", [("source", "Echo")]),
        ("The Echo of the blast was heard across town, the police said.", []),
        # a lower-case article opening a name that holds it: a feed's title "Noticias el Pais de España"
        ("Subscribe to canal de noticias Noticias el Pais de España", [("source", "el Pais")]),
        # a wire between slashes closing a dateline; "отмечает"; a noun announcing the name after it is no anaphor
        ("НЬЮ-ЙОРК, 25 февраля. /ТАСС/. Украина продержится несколько месяцев.", [("source", "ТАСС")]),
        ("Обвинения Киев адресовал российским спецслужбам, отмечает ТАСС.", [("source", "ТАСС")]),
        ("Дональд Трамп (Фото: whitehouse.gov)\n\nОб этом сообщила газета The New York Times.",
         [("source", "The New York Times")]),
        # a name opening with a number, its lower-case word declined
        ('Про це у ефірі "5 каналу" заявив радник міністра.', [("source", "5 каналу")]),
        # "…, reports X" opens on the name after it; "reportedly" and "materialize" are no reporting words; the verb
        # after a second name is that name's
        ("The senator spoke in Washington, D.C., reports The New York Times.", [("source", "The New York Times")]),
        ("That deal reportedly failed to materialize and The Athletic began talks with a buyer.", []),
        ("Media company Axel Springer is looking to buy Axios, The Information reported Friday.",
         [("source", "The Information")]),
        # a plural negation before the verb; major outlets the gazetteer knows by name now
        ('"Нова С и АТВ нису објавили да је он претучен", рекао је Мектић.', []),
        ("Konuyla ilgili açıklama Fotomaç'a göre dün yapıldı.", [("source", "Fotomaç")]),
        ("Die Verhandlungen stocken, berichtet die Augsburger Allgemeine.", [("source", "Augsburger Allgemeine")]),
        # a digest's dated header with the source in brackets; a broadcaster's tag with the editor's initials on the
        # last line; a dateline with no dash after the wire
        ("13.12.2014 - 12:03 [ Spiegel ]\n\nKarriere einer Abschrift\n\nDie Abschrift tauchte später auf.",
         [("source", "Spiegel")]),
        ("Der Botschafter forderte eine Untersuchung.\ndlf/rkr", [("source", "dlf")]),
        ("Der Botschafter forderte eine Untersuchung.\nsh/mk", []),
        ('Hamburg (AFP) Das Nachrichtenmagazin ist ausgespäht worden.', [("source", "AFP")]),
        ("Die Partei (SPD) Die Wahl war knapp.", []),
        # Spanish "en declaraciones a"; Estonian "vahendasid" (relayed)
        ("En declaraciones a 'Financial Times', el ejecutivo destacó los riesgos.", [("source", "Financial Times")]),
        ('"See on raske," vahendasid Politico ja Guardian ettevõtja sõnu.',
         [("source", "Politico"), ("source", "Guardian")]),
        # "asked by", "au micro de"; BBC radio stations by name
        ("When asked by ITV if the situation affected him, the coach said no.", [("source", "ITV")]),
        ("« Je crois en moi », a confié l’Anglais au micro de Prime Video.", [("source", "Prime Video")]),
        ('"Credit to the manager," Hristova told BBC Radio 5 Live Breakfast.', [("source", "BBC Radio 5 Live")]),
        # a source label whose value is a photo's credit
        ("Александар Вучић / Извор: Фото: Танјуг/Димитрије Гол\n\nВучић је потврдио хапшење.", []),
        # a broadcaster written in lower case after the noun announcing it
        ("Il presidente, come riportato dal giornale romeno digisport, non cede il giocatore.",
         [("source", "digisport")]),
        # a byline naming the author then the translator; a translation credit saying the language it is from
        ("Shqiponja dhe Oktapodi\n\nnga Gianni Palagonia përkthyer nga Ajsela Koka #Roman Policesk\n\nÇmimi 1400 L",
         [("translator", "Ajsela Koka")]),
        ("Преведувачите се ангели, прошепотив.\n\nПревод од англиски јазик Горјан Костовски",
         [("translator", "Горјан Костовски")]),
        ("A novel by Elena Ferrante beautifully translated by Ann Goldstein is out.", []),
        # Spanish "un artículo de X en El Mundo"; a paper's supplement listed before the paper
        ("Reproducimos a continuación un artículo de Luis María Anson en El Mundo.", [("source", "El Mundo")]),
        ("Article by Professor Alejandro Serrano published in Tercer Milenio, Heraldo de Aragón",
         [("source", "Heraldo de Aragón")]),
        # a front page's "splash"; "on" inside a name the gazetteer holds, and not elsewhere
        ("Instead of the election, the Mail on Sunday splashes on the prime minister’s bid.",
         [("source", "Mail on Sunday")]),
        ("Reuters on Monday said the talks would resume.", [("source", "Reuters")]),
        # a feed's source label with the hour glued to the next item
        ("Her work has been a love letter to her teenage self.\nSOURCE: Variety at 07:28PMThe internet has gone "
         "into spasm over a viral moment, Ariana Grande…\nSOURCE: Variety at 08:59PMAdam Aron refuses to hide it.",
         [("source", "Variety")]),
        # "sources said" after a list of channels credits none; a feed's dateline opening on the hour and the date
        ("Comcast is not interested in Fox News, Fox Business, or its national sports channel FS1, sources said.", []),
        ("01:35 PM EDT, 05/01/2024 (MT Newswires) -- (Updates with more details.)\nSome officials are pushing.",
         [("source", "MT Newswires")]),
        # an aside in parentheses: its name takes its own "siehe", the verb after it is the outer name's
        ("Und dem Radio Vatikan (siehe z.B. FAZ.net) sagte Lehmann: „Ich weiß nichts davon.“",
         [("source", "Radio Vatikan"), ("source", "FAZ.net")]),
        ("Wulff stellte den Vorfall im Interview mit ARD und ZDF anders dar. Auch die Frankfurter Allgemeine "
         "Sonntagszeitung berichtete darüber.",
         [("source", "ARD"), ("source", "ZDF"), ("source", "Frankfurter Allgemeine Sonntagszeitung")]),
        # Hungarian: a paper in the dative before "nyilatkozva"; "kérdezte" (asked)
        ("A Magyar Narancsnak nyilatkozva ugyanis Kerényi György elismerte, hogy járt a szerkesztőségben.",
         [("source", "Magyar Narancsnak")]),
        ("„Ez valami krimi?” – kérdezte Orbán Viktor, miután a Telex arról kérdezte, mit ajánlott.",
         [("source", "Telex")]),
        # Polish "stwierdził w", a broadcaster in the locative
        ("- Tak, przepraszam za to, że takie słowa padły – stwierdził w RMF FM.", [("source", "RMF FM")]),
        ("To są spekulacje - mówił w Polskim Radiu 24 Marcin Święcicki z PO.", [("source", "Polskim Radiu 24")]),
        # Slovak "pripomenul"; a Czech paper named with a single letter
        ("Informoval o tom v pondelok český Deník N, ktorému to potvrdil samotný Nejedlý.", [("source", "Deník N")]),
        ("Ako pripomenul iDNES.cz, Nejedlý bol už v karanténe na začiatku marca.", [("source", "iDNES.cz")]),
        # a prosecutor's office's acronym after "de acordo com"
        ("De acordo com o MPF, os crimes ocorreram de 2007 a 2010.", []),
    ],
)  # fmt: skip
def test_link_digests_stopped_datelines_and_nouns_set_apart(page: str, expected: list[tuple[str, str]]) -> None:
    assert credits(page) == expected
