"""The seed chain built through the library, shared by the export tests; and what its export says."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from provenance.ledger import agents
from provenance.ledger.lineage import link_versions
from provenance.store.models import Claim
from tests.factories import make_version, seed_outlets

ORIGINAL = "Vladimir Putin's press conference, at two o'clock on Sunday morning, was his latest volley."
INDEPENDENT = "Vladimir Putin's press conference, at two o'clock on Sunday morning, was his latest volley, again."
ALBANIAN = "Konferenca për shtyp e Vladimir Putinit, në orën dy të mëngjesit të së dielës."
ENGLISH = "Vladimir Putin's press conference, at two o'clock on Sunday morning, was not his next volley."


@dataclass(frozen=True)
class SeedChain:
    """The ids of the four versions of the seed chain."""

    original: int
    independent: int
    albanian: int
    english: int


def build_seed_chain(session: Session) -> SeedChain:
    """Record Telegraph original → Independent republication → Telegrafi Albanian → Telegrafi English, with claims."""
    seed_outlets(session)
    agents.add_outlet(session, "AFP", domains=["afp.com"], aliases=["Agence France-Presse"])
    title = "Putin says no to ceasefire, yes to talks with Zelensky"
    original = make_version(
        session, ORIGINAL, outlet="The Telegraph", title=title, authors=["Mark Almond"],
        url="https://www.telegraph.co.uk/news/2025/05/11/putin-no-ceasefire/", published="2025-05-11", language="en",
    )  # fmt: skip
    independent = make_version(
        session, INDEPENDENT, outlet="The Independent", title=title, authors=["Mark Almond"],
        url="https://www.independent.co.uk/voices/putin-ceasefire-talks.html", published="2025-05-11", language="en",
    )  # fmt: skip
    albanian = make_version(
        session, ALBANIAN, outlet="Telegrafi", title="Putin thotë jo armëpushimit", language="sq",
        url="https://telegrafi.com/putin-thote-jo/", published="2025-05-12",
    )  # fmt: skip
    english = make_version(
        session, ENGLISH, outlet="Telegrafi", title=title, language="en",
        url="https://telegrafi.com/en/putin-says-no/", published="2025-05-12",
    )  # fmt: skip
    link_versions(
        session,
        independent.id,
        original.id,
        kind="republication",
        translator="The Independent",
        evidence="same text, credited to The Telegraph",
        confidence=0.9,
        recorded_by="desk",
    )
    link_versions(
        session,
        albanian.id,
        independent.id,
        kind="translation",
        translator="Telegrafi",
        evidence="Burimi: The Independent",
        recorded_by="desk",
    )
    link_versions(
        session,
        english.id,
        albanian.id,
        kind="back-translation",
        translator="Telegrafi",
        evidence="Translation: Telegrafi.com",
        confidence=0.8,
        recorded_by="desk",
    )
    found = agents.find_outlets(session, ["The Independent", "Telegrafi", "The Telegraph", "AFP"])
    almond = agents.find_people(session, ["Mark Almond"])["Mark Almond"]
    session.add_all(
        [
            Claim(version_id=english.id, kind="source", name="The Independent", text="Source: The Independent",
                  position="header", line=8, confidence=0.95, outlet_id=found["The Independent"].id),
            Claim(version_id=english.id, kind="translator", name="Telegrafi.com", text="Translation: Telegrafi.com",
                  position="header", line=9, confidence=0.95, outlet_id=found["Telegrafi"].id),
            Claim(version_id=english.id, kind="source", name="Telegraph", text="/Telegraph/", position="footer",
                  line=49, confidence=0.5, possible_sign_off_of="Telegrafi", outlet_id=found["The Telegraph"].id,
                  note="may be Telegrafi's own sign-off /Telegrafi/ rendered in English"),
            Claim(version_id=english.id, kind="author", name="Mark Almond",
                  text="(Mark Almond is director of the Crisis Research Institute, Oxford)", position="bio",
                  line=51, confidence=0.9, person_id=almond.id),
            Claim(version_id=english.id, kind="photo_credit", name="AFP",
                  text="(photo: Mandel Ngan, Mikhail Metzel, AFP)", position="caption", line=6, confidence=0.9,
                  outlet_id=found["AFP"].id),
        ]
    )  # fmt: skip
    session.flush()
    return SeedChain(original.id, independent.id, albanian.id, english.id)
