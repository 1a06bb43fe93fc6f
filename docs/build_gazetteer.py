"""Build provenance/data/outlets.csv, the gazetteer of news outlets shipped with the package.

Sources, all MIT-licensed and fetched from PyPI as published distributions (their notices are kept in
provenance/data/OUTLETS_LICENSES.txt):

- ``fundus`` 0.5.7 (flairNLP): the publishers it supports, with names, domains, country and language;
- ``newscatcher`` 0.2.0 (newscatcherapi.com): ``package_rss.db``, news domains with language and
  country, without names (such an outlet is known by its domain);
- ``docs/gazetteer_curated.csv``, written by this project: wires and widely known outlets with the
  other names real texts give them (transliterations such as "Ројтерс", "Gardijan", "Асошиејтед прес").

Left out: ``freebie`` (about 900 named news sites), whose repository says MIT and whose PyPI package
says GPL-3; a list under GPL-3 cannot ship inside an MIT package.

Rows are merged on their registrable domain; a name from a curated row wins over fundus and a bare
domain, in that order; other names and domains are united. Run it again after editing the curated list:

    python docs/build_gazetteer.py              # downloads the two distributions with pip
    python docs/build_gazetteer.py --from DIR   # or reads them from DIR
"""

from __future__ import annotations

import argparse
import csv
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "provenance" / "data" / "outlets.csv"
LICENSES = ROOT / "provenance" / "data" / "OUTLETS_LICENSES.txt"
CURATED = ROOT / "docs" / "gazetteer_curated.csv"
DISTRIBUTIONS = ("fundus==0.5.7", "newscatcher==0.2.0")
RANK = {"curated": 0, "fundus": 1, "newscatcher": 2}
# Platforms and services in the source lists that publish other people's posts, not news of their own.
PLATFORMS = frozenset(
    [
        "amazon.com",
        "blogspot.com",
        "facebook.com",
        "github.com",
        "google.com",
        "medium.com",
        "reddit.com",
        "twitter.com",
        "x.com",
        "wikipedia.org",
        "youtube.com",
        "instagram.com",
        "tiktok.com",
        "linkedin.com",
        "t.me",
        "wordpress.com",
        "tumblr.com",
    ]
)
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "edu", "ac", "or", "ne", "go", "gob", "nic"}


def site_of(url: str) -> str | None:
    """The registrable domain of a URL or host (``www.lto.de/`` → ``lto.de``, ``news.bbc.co.uk`` → ``bbc.co.uk``)."""
    host = re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0].removeprefix("www.")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return None
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


@dataclass
class Outlet:
    """One outlet as the sources describe it."""

    name: str
    source: str
    aliases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    language: str = ""
    country: str = ""
    kind: str = ""


def _country_from_domain(domain: str) -> str:
    suffix = domain.rsplit(".", 1)[-1]
    return suffix.upper() if len(suffix) == 2 and suffix not in {"tv", "io", "me", "fm", "ai", "co"} else ""


def read_fundus(wheel: Path) -> list[Outlet]:
    found: list[Outlet] = []
    with zipfile.ZipFile(wheel) as zf:
        for path in zf.namelist():
            match = re.fullmatch(r"fundus/publishers/([a-z]{2,3})/__init__\.py", path)
            if not match:
                continue
            source = zf.read(path).decode("utf-8")
            default = re.search(r'default_language\s*=\s*"([a-z]{2})"', source)
            country = match.group(1).upper()
            country = {"UK": "GB", "IND": "IN", "ISL": "IS"}.get(country, country)
            for name, domain in re.findall(r'name="([^"]+)",\s*domain="([^"]+)"', source):
                found.append(Outlet(name, "fundus", [], [domain], default.group(1) if default else "", country, "site"))
    return found


def read_newscatcher(wheel: Path) -> list[Outlet]:
    with zipfile.ZipFile(wheel) as zf, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "rss.db"
        db.write_bytes(zf.read("newscatcher/data/package_rss.db"))
        with sqlite3.connect(db) as con:
            rows = con.execute(
                "SELECT clean_url, min(language), min(clean_country) FROM rss_main GROUP BY clean_url"
            ).fetchall()
    return [
        Outlet(url, "newscatcher", [], [url], language or "", "" if country in (None, "None") else country, "site")
        for url, language, country in rows
    ]


def read_curated() -> list[Outlet]:
    rows = csv.DictReader(CURATED.open(encoding="utf-8"))
    return [
        Outlet(
            row["name"],
            "curated",
            [a for a in row["aliases"].split("|") if a],
            [d for d in row["domains"].split("|") if d],
            row["language"],
            row["country"],
            row["kind"],
        )
        for row in rows
    ]


def merge(outlets: list[Outlet]) -> list[Outlet]:
    """One row per registrable domain (or per name when an outlet has no domain)."""
    merged: dict[str, Outlet] = {}
    for outlet in sorted(outlets, key=lambda o: RANK[o.source]):
        sites = [s for s in (site_of(d) for d in outlet.domains) if s and s not in PLATFORMS]
        if outlet.domains and not sites:
            continue
        key = next((s for s in sites if s in merged), sites[0] if sites else outlet.name.casefold())
        current = merged.get(key)
        if current is None:
            merged[key] = current = Outlet(outlet.name, outlet.source, kind=outlet.kind)
        elif outlet.name != current.name and outlet.name not in current.aliases and "." not in outlet.name:
            current.aliases.append(outlet.name)
        current.aliases.extend(a for a in outlet.aliases if a not in current.aliases and a != current.name)
        current.domains.extend(s for s in sites if s not in current.domains)
        current.language = current.language or outlet.language
        current.country = current.country or outlet.country or _country_from_domain(sites[0] if sites else "")
        for site in sites:
            merged.setdefault(site, current)
    unique = {id(o): o for o in merged.values()}
    return sorted(unique.values(), key=lambda o: (o.name.casefold(), o.domains))


def licences(paths: dict[str, Path]) -> str:
    """The licence notice of each distribution, as its wheel ships it."""
    notices = []
    for label, path in paths.items():
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.endswith(("LICENSE", "LICENSE.txt", "LICENSE.md")))
            notices.append(f"== {label} ({path.name}) ==\n{zf.read(name).decode('utf-8').strip()}\n")
    return "\n".join(notices)


def fetch(directory: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(directory), *DISTRIBUTIONS],
        check=True,
    )


def main() -> None:
    """Write provenance/data/outlets.csv and the licence notices of its sources."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="a directory holding the two distributions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.source or Path(tmp)
        if args.source is None:
            fetch(directory)
        paths = {
            "fundus": next(directory.glob("fundus-0.5.7*.whl")),
            "newscatcher": next(directory.glob("newscatcher-0.2.0*.whl")),
        }
        outlets = merge(read_curated() + read_fundus(paths["fundus"]) + read_newscatcher(paths["newscatcher"]))
        LICENSES.write_text(licences(paths), encoding="utf-8")
    with OUTPUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "aliases", "domains", "language", "country", "kind", "source"])
        for o in outlets:
            writer.writerow([o.name, "|".join(o.aliases), "|".join(o.domains), o.language, o.country, o.kind, o.source])
    named = sum(1 for o in outlets if "." not in o.name or o.source != "newscatcher")
    print(f"{len(outlets)} outlets ({named} with a name, {len(outlets) - named} known by their domain) -> {OUTPUT}")


if __name__ == "__main__":
    main()
