"""Import benchmark: ``provenance import`` of synthetic 3–6 KB articles in eight languages into SQLite.

Articles are recombined from sentences of real text: the WMT16 English originals and their Finnish
translations in ``../shared/data/wmt16-enfi-dev`` (lines are sentences), plus short news sentence
banks written for Albanian, Serbian (Latin and Cyrillic), German, French and Russian. About a third
carry a credit line in their language (``Burimi: The Independent``, ``/Telegrafi/``, ``Quelle: dpa``),
some name an author, a few point at an earlier article by ``source_url``. Each run uses a fresh
SQLite database and times, with and without language detection, ``batch.import_path`` (what
``provenance import FILE --json --create-missing`` calls), once more with ``--index`` (fingerprinting for
``match`` during the import instead of in a later ``reindex``), once the CLI in a subprocess (wall time,
start-up and migration included), and the bare anchor: the same JSONL read, hashed and written to
``works`` and ``versions`` of a same-schema database by raw ``sqlite3`` executemany, committing every
500 rows like the import. SELECT statements are counted with a ``before_cursor_execute`` listener.
Wall and CPU time are both printed: on a shared machine the wall time includes waiting for a core.

    python benchmarks/import_bench.py                    # 100k articles
    python benchmarks/import_bench.py --quick            # 5k articles
    python benchmarks/import_bench.py --articles 20000 --no-cli
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from provenance.ingest import batch
from provenance.limits import IMPORT_CHUNK
from provenance.store.database import make_engine, resolve_url, session_scope
from provenance.store.migrations import ensure_schema
from provenance.text.workers import available_cores

WMT = Path(__file__).resolve().parents[2] / "shared" / "data" / "wmt16-enfi-dev"
PROVENANCE = Path(sys.executable).with_name("provenance")
ANCHOR_CHUNK = IMPORT_CHUNK

SQ = """\
Kryeministri tha të martën se qeveria do të vazhdojë punën për reformën në drejtësi, pavarësisht protestave.
Opozita ka paralajmëruar se do të bojkotojë seancën e ardhshme të Kuvendit nëse nuk plotësohen kërkesat e saj.
Sipas të dhënave të Institutit të Statistikave, inflacioni vjetor arriti në 4.2 për qind në muajin maj.
Ministri i Jashtëm u takua me homologun e tij gjerman në Berlin për të diskutuar procesin e integrimit evropian.
Policia njoftoi se dy persona janë arrestuar pas përplasjeve që ndodhën mbrëmë në qendër të qytetit.
Banka Qendrore vendosi të mbajë të pandryshuar normën bazë të interesit për tremujorin e tretë.
Qytetarët e Prishtinës u ankuan për ndërprerjet e shpeshta të rrymës gjatë javës së kaluar.
Në konferencën për media, zëdhënësi i qeverisë nuk pranoi t'u përgjigjet pyetjeve të gazetarëve.
Ekspertët paralajmërojnë se thatësira mund të dëmtojë rëndë prodhimin bujqësor këtë verë.
Presidenti dekretoi datën e zgjedhjeve lokale, të cilat do të mbahen në muajin tetor.
Kompania shtetërore e energjisë njoftoi një plan investimesh prej dyqind milionë eurosh.
Delegacioni i Bashkimit Evropian vlerësoi përparimin në luftën kundër korrupsionit, por kërkoi më shumë rezultate.
Sipas raportit, numri i turistëve të huaj u rrit me njëzet për qind krahasuar me vitin e kaluar.
Mjekët e spitalit rajonal kanë hyrë në grevë duke kërkuar paga më të larta dhe kushte më të mira pune.
Kryetari i komunës premtoi se rruga e re do të përfundojë para fillimit të dimrit.
Analistët besojnë se marrëveshja do të hapë rrugën për bisedime të reja në rajon.
"""
SR_LATN = """\
Premijer je u utorak izjavio da će vlada nastaviti rad na reformi pravosuđa uprkos protestima.
Opozicija je najavila da će bojkotovati sledeću sednicu skupštine ukoliko njeni zahtevi ne budu ispunjeni.
Prema podacima Republičkog zavoda za statistiku, godišnja inflacija u maju iznosila je 4,2 odsto.
Ministar spoljnih poslova sastao se sa nemačkim kolegom u Berlinu kako bi razgovarali o evropskim integracijama.
Policija je saopštila da su dve osobe uhapšene nakon sukoba koji su se sinoć dogodili u centru grada.
Narodna banka odlučila je da referentnu kamatnu stopu zadrži na istom nivou i u trećem kvartalu.
Građani Beograda žalili su se na česte nestanke struje tokom prošle nedelje.
Na konferenciji za novinare portparol vlade odbio je da odgovara na pitanja novinara.
Stručnjaci upozoravaju da bi suša ovog leta mogla ozbiljno da ošteti poljoprivrednu proizvodnju.
Predsednik je raspisao lokalne izbore, koji će biti održani u oktobru.
Državna elektroprivreda najavila je plan ulaganja vredan dvesta miliona evra.
Delegacija Evropske unije pozdravila je napredak u borbi protiv korupcije, ali je zatražila više rezultata.
Prema izveštaju, broj stranih turista porastao je za dvadeset odsto u odnosu na prošlu godinu.
Lekari regionalne bolnice stupili su u štrajk tražeći veće plate i bolje uslove rada.
Gradonačelnik je obećao da će novi put biti završen pre početka zime.
Analitičari veruju da će sporazum otvoriti put novim pregovorima u regionu.
"""
SR_CYRL = """\
Премијер је у уторак изјавио да ће влада наставити рад на реформи правосуђа упркос протестима.
Опозиција је најавила да ће бојкотовати следећу седницу скупштине уколико њени захтеви не буду испуњени.
Према подацима Републичког завода за статистику, годишња инфлација у мају износила је 4,2 одсто.
Министар спољних послова састао се са немачким колегом у Берлину како би разговарали о европским интеграцијама.
Полиција је саопштила да су две особе ухапшене након сукоба који су се синоћ догодили у центру града.
Народна банка одлучила је да референтну каматну стопу задржи на истом нивоу и у трећем кварталу.
Грађани Београда жалили су се на честе нестанке струје током прошле недеље.
На конференцији за новинаре портпарол владе одбио је да одговара на питања новинара.
Стручњаци упозоравају да би суша овог лета могла озбиљно да оштети пољопривредну производњу.
Председник је расписао локалне изборе, који ће бити одржани у октобру.
Државна електропривреда најавила је план улагања вредан двеста милиона евра.
Делегација Европске уније поздравила је напредак у борби против корупције, али је затражила више резултата.
Према извештају, број страних туриста порастао је за двадесет одсто у односу на прошлу годину.
Лекари регионалне болнице ступили су у штрајк тражећи веће плате и боље услове рада.
Градоначелник је обећао да ће нови пут бити завршен пре почетка зиме.
Аналитичари верују да ће споразум отворити пут новим преговорима у региону.
"""
DE = """\
Der Ministerpräsident sagte am Dienstag, die Regierung werde die Justizreform trotz der Proteste fortsetzen.
Die Opposition kündigte an, die nächste Sitzung des Parlaments zu boykottieren, falls man ihr nicht entgegenkommt.
Nach Angaben des Statistischen Bundesamtes lag die jährliche Inflationsrate im Mai bei 4,2 Prozent.
Der Außenminister traf sich in Berlin mit seinem Amtskollegen, um über die europäische Integration zu sprechen.
Die Polizei teilte mit, dass nach den Ausschreitungen in der Innenstadt zwei Personen festgenommen wurden.
Die Zentralbank beschloss, den Leitzins auch im dritten Quartal unverändert zu lassen.
Anwohner beklagten sich über die häufigen Stromausfälle in der vergangenen Woche.
Auf der Pressekonferenz weigerte sich der Regierungssprecher, Fragen der Journalisten zu beantworten.
Experten warnen, dass die Dürre in diesem Sommer die landwirtschaftliche Produktion schwer schädigen könnte.
Der Bundespräsident setzte die Kommunalwahlen für Oktober an.
Der staatliche Energieversorger kündigte ein Investitionsprogramm von zweihundert Millionen Euro an.
Die Delegation der Europäischen Union lobte die Fortschritte im Kampf gegen Korruption, forderte aber Ergebnisse.
Laut dem Bericht stieg die Zahl der ausländischen Touristen um zwanzig Prozent im Vergleich zum Vorjahr.
Die Ärzte des Kreiskrankenhauses traten in den Streik und fordern höhere Löhne und bessere Arbeitsbedingungen.
Der Bürgermeister versprach, dass die neue Straße noch vor Beginn des Winters fertig sein werde.
Beobachter gehen davon aus, dass das Abkommen den Weg für neue Gespräche in der Region ebnet.
"""
FR = """\
Le Premier ministre a déclaré mardi que le gouvernement poursuivrait la réforme de la justice malgré les manifestations.
L'opposition a annoncé qu'elle boycotterait la prochaine séance du Parlement si ses demandes n'étaient pas satisfaites.
Selon l'Institut national de la statistique, l'inflation annuelle a atteint 4,2 % au mois de mai.
Le ministre des Affaires étrangères a rencontré son homologue allemand à Berlin pour évoquer l'intégration européenne.
La police a indiqué que deux personnes avaient été interpellées après les heurts d'hier soir dans le centre-ville.
La banque centrale a décidé de maintenir son taux directeur inchangé pour le troisième trimestre.
Les habitants se sont plaints des coupures d'électricité fréquentes au cours de la semaine dernière.
Lors de la conférence de presse, le porte-parole du gouvernement a refusé de répondre aux questions des journalistes.
Les experts avertissent que la sécheresse pourrait gravement nuire à la production agricole cet été.
Le président a fixé la date des élections municipales, qui se tiendront en octobre.
La compagnie publique d'électricité a annoncé un plan d'investissement de deux cents millions d'euros.
La délégation de l'Union européenne a salué les progrès contre la corruption, tout en réclamant des résultats.
D'après le rapport, le nombre de touristes étrangers a augmenté de vingt pour cent par rapport à l'an dernier.
Les médecins de l'hôpital régional se sont mis en grève pour réclamer de meilleurs salaires et conditions de travail.
Le maire a promis que la nouvelle route serait achevée avant le début de l'hiver.
Les analystes estiment que l'accord ouvrira la voie à de nouvelles négociations dans la région.
"""
RU = """\
Премьер-министр заявил во вторник, что правительство продолжит судебную реформу, несмотря на протесты.
Оппозиция пригрозила бойкотировать следующее заседание парламента, если её требования не будут выполнены.
По данным статистического ведомства, годовая инфляция в мае составила 4,2 процента.
Министр иностранных дел встретился в Берлине со своим немецким коллегой, чтобы обсудить европейскую интеграцию.
В полиции сообщили, что после вчерашних столкновений в центре города задержаны два человека.
Центральный банк решил сохранить ключевую ставку без изменений в третьем квартале.
Жители жаловались на частые отключения электроэнергии на прошлой неделе.
На пресс-конференции представитель правительства отказался отвечать на вопросы журналистов.
Эксперты предупреждают, что засуха этим летом может серьёзно повредить сельскохозяйственному производству.
Президент назначил муниципальные выборы на октябрь.
Государственная энергетическая компания объявила о плане инвестиций на двести миллионов евро.
Делегация Европейского союза отметила прогресс в борьбе с коррупцией, но потребовала больше результатов.
Согласно докладу, число иностранных туристов выросло на двадцать процентов по сравнению с прошлым годом.
Врачи областной больницы объявили забастовку, требуя повышения зарплат и лучших условий труда.
Мэр пообещал, что новая дорога будет достроена до начала зимы.
Аналитики считают, что соглашение откроет путь к новым переговорам в регионе.
"""

# Credit lines as they appear on real pages: (header lines, footer lines, outlets publishing in the language).
CREDITS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "en": (
        ["Source: Reuters", "Originally published by The Guardian", "This article first appeared in The Conversation"],
        ["/Reuters/", "(Reporting by AP)", "Photo: AFP"],
        ["BBC", "The Guardian", "Reuters", "ABC News"],
    ),
    "fi": (["Lähde: Yle", "Käännös: Lingsoft"], ["/STT/", "Kuva: Lehtikuva"], ["Yle", "Helsingin Sanomat"]),
    "sq": (
        ["Burimi: The Independent", "Përktheu: Telegrafi", "Përkthimi: Koha Ditore"],
        ["/Telegrafi/", "Burimi: BBC", "Linku origjinal: https://www.bbc.co.uk/news/1"],
        ["Telegrafi", "Koha Ditore", "Gazeta Express"],
    ),
    "sr-latn": (["Izvor: N1", "Prevod: Danas"], ["/Beta/", "Izvor: Tanjug"], ["Danas", "N1", "Nova"]),
    "sr-cyrl": (["Извор: РТС", "Превод: Политика"], ["/Танјуг/", "Извор: Бета"], ["Политика", "РТС"]),
    "de": (["Quelle: dpa", "Übersetzung: Deutsche Welle"], ["/AFP/", "Quelle: Reuters"], ["Der Spiegel", "Die Zeit"]),
    "fr": (["Source : AFP", "Traduction : Courrier international"], ["/AFP/"], ["Le Monde", "Libération"]),
    "ru": (["Источник: ТАСС", "Перевод: ИноСМИ"], ["/Интерфакс/"], ["Коммерсантъ", "Ведомости"]),
}
AUTHORS = ["Mark Almond", "Jane Doe", "Arben Krasniqi", "Milica Jovanović", "Anna Schmidt", "Marie Dubois"]


def sentence_banks() -> dict[str, list[str]]:
    """Return sentences per language: WMT16 lines for en/fi, the written banks for the others."""
    english = [line for p in sorted((WMT / "originals" / "en").glob("*.txt")) for line in _lines(p)[1:]]
    finnish = [line for p in sorted((WMT / "translations" / "fi" / "missila").glob("*.txt")) for line in _lines(p)[1:]]
    banks = {"en": english, "fi": finnish}
    for code, text in (("sq", SQ), ("sr-latn", SR_LATN), ("sr-cyrl", SR_CYRL), ("de", DE), ("fr", FR), ("ru", RU)):
        banks[code] = text.strip().splitlines()
    return banks


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines() if len(line.strip()) > 20]


def articles(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """Yield ``count`` JSONL records of 3–6 KB, every text different, a third of them credited."""
    rng = random.Random(seed)
    banks = sentence_banks()
    languages = list(banks)
    urls: list[str] = []
    for n in range(count):
        language = languages[n % len(languages)]
        bank = banks[language]
        headers, footers, outlets = CREDITS[language]
        target = rng.randint(3000, 6000)
        title = " ".join(rng.choice(bank).split()[: rng.randint(6, 11)]).rstrip(",.;:")
        lines = [title]
        if rng.random() < 0.2:
            lines.append(rng.choice(headers))
        size = len(title.encode())
        paragraph: list[str] = []
        while size < target:
            sentence = rng.choice(bank)
            paragraph.append(sentence)
            size += len(sentence.encode()) + 1
            if len(paragraph) >= rng.randint(2, 4):
                lines.append(" ".join(paragraph))
                paragraph = []
        # A serial number keeps texts distinct (real batches rarely repeat a whole text).
        lines.append(" ".join([*paragraph, f"({n})"]))
        if rng.random() < 0.15:
            lines.append(rng.choice(footers))
        record: dict[str, Any] = {
            "text": "\n\n".join(lines),
            "url": f"https://news{n % 97}.example/{language}/{n}",
            "outlet": rng.choice(outlets),
            "published": (date(2024, 1, 1) + timedelta(days=n % 500)).isoformat(),
        }
        if rng.random() < 0.3:
            record["author"] = rng.choice(AUTHORS)
        if urls and rng.random() < 0.05:
            record["source_url"] = rng.choice(urls[-1000:])
            record["kind"] = "translation"
        urls.append(record["url"])
        yield record


def write_jsonl(path: Path, count: int) -> int:
    """Write ``count`` articles to ``path``; return the file's size in bytes."""
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def library_import(
    folder: Path, jsonl: Path, detect: bool, name: str, index: bool = False, workers: int = 1
) -> tuple[float, float, int, int]:
    """Import ``jsonl`` into a fresh database through ``batch.import_path`` with ``workers`` text-reading
    processes; return wall and CPU seconds (the workers' included), versions added and SELECT statements."""
    engine = make_engine(resolve_url(str(folder / f"{name}.db")))
    ensure_schema(engine)
    selects = 0

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal selects
        if statement.lstrip().upper().startswith("SELECT"):
            selects += 1

    event.listen(engine, "before_cursor_execute", count)
    options = batch.ImportOptions(create_missing=True, detect=detect, index=index, workers=workers)
    started, cpu = time.perf_counter(), time.process_time() + _children_cpu()
    with session_scope(engine) as session:
        summary = batch.import_path(session, jsonl, options, max_bytes=10**7, checkpoint=session.commit)
    elapsed, cpu = time.perf_counter() - started, time.process_time() + _children_cpu() - cpu
    engine.dispose()
    if summary.errors:
        raise SystemExit(f"import reported errors, first: {summary.errors[0]}")
    return elapsed, cpu, summary.added, selects


def cli_import(folder: Path, jsonl: Path) -> tuple[float, float, int]:
    """Run ``provenance import FILE --json`` in a subprocess on a fresh database; return wall and CPU seconds
    and versions added."""
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [str(PROVENANCE), "--db", str(folder / "cli.db"), "import", str(jsonl), "--json", "--create-missing"],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, _children_cpu() - cpu, int(json.loads(done.stdout)["added"])


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_anchor(folder: Path, jsonl: Path) -> tuple[float, float]:
    """Time the anchor (wall and CPU seconds): read the JSONL, hash each text, executemany with raw sqlite3."""
    path = folder / "anchor.db"
    ensure_schema(make_engine(resolve_url(str(path))))
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    next_id = 1
    with jsonl.open(encoding="utf-8") as lines:
        while chunk := [json.loads(line) for line in itertools.islice(lines, ANCHOR_CHUNK)]:
            ids = range(next_id, next_id + len(chunk))
            next_id += len(chunk)
            connection.executemany(
                "INSERT INTO works (id, created_at) VALUES (?, CURRENT_TIMESTAMP)", [(i,) for i in ids]
            )
            connection.executemany(
                "INSERT INTO versions (id, work_id, title, url, published_at, text, content_hash, source_name,"
                " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)",
                [
                    (
                        i,
                        i,
                        r["text"].split("\n", 1)[0],
                        r["url"],
                        r["published"],
                        r["text"],
                        hashlib.sha256(r["text"].encode()).hexdigest(),
                        str(jsonl),
                    )
                    for i, r in zip(ids, chunk, strict=True)
                ],
            )
            connection.commit()
    connection.close()
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    """Generate the articles, run every import on a fresh database and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="how many articles (default 100000)")
    parser.add_argument("--quick", action="store_true", help="5000 articles")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI subprocess run")
    args = parser.parse_args()
    count = 5_000 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        jsonl = folder / "articles.jsonl"
        started = time.perf_counter()
        size = write_jsonl(jsonl, count)
        print(f"{count} articles, {size / count / 1024:.1f} KB each on average, generated in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        anchor, anchor_cpu = bare_anchor(folder, jsonl)
        rows = [("raw sqlite3 executemany (anchor)", anchor, anchor_cpu, None)]
        cores = available_cores()
        runs = [
            (f"library import, detection, --workers {cores} (default)", True, False, cores),
            ("library import, detection, --workers 1", True, False, 1),
            ("library import, --no-detect, --workers 1", False, False, 1),
            ("library import, detection, --index, --workers 1", True, True, 1),
        ]
        for label, detect, index, workers in runs:
            name = f"run{len(rows)}"
            elapsed, cpu, added, selects = library_import(folder, jsonl, detect, name, index, workers)
            if added != count:
                raise SystemExit(f"{label}: added {added} of {count}")
            rows.append((label, elapsed, cpu, selects))
        if not args.no_cli:
            elapsed, cpu, added = cli_import(folder, jsonl)
            if added != count:
                raise SystemExit(f"CLI import: added {added} of {count}")
            rows.append(("CLI `provenance import --json`, detection", elapsed, cpu, None))
    # On a shared machine wall time includes waiting for a core; CPU time is what all cores spent.
    print(f"{'run':<52} {'wall s':>7} {'CPU s':>7} {'art/s wall':>10} {'art/s CPU':>10} {'x anchor CPU':>12} "
          f"{'SELECT/art':>10}")  # fmt: skip
    for label, elapsed, cpu, selects in rows:
        per_article = "" if selects is None else f"{selects / count:.3f}"
        print(f"{label:<52} {elapsed:>7.2f} {cpu:>7.2f} {count / elapsed:>10.0f} {count / cpu:>10.0f} "
              f"{cpu / anchor_cpu:>12.1f} {per_article:>10}")  # fmt: skip


if __name__ == "__main__":
    main()
