"""The audit rules on both databases: each rule fires on its mismatch and stays quiet on the clean case,
findings have stable ids and evidence, acknowledgements hold until the evidence changes, scopes filter."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from provenance.audit.findings import (
    AuditScope,
    Finding,
    acknowledge,
    default_config,
    load_config,
    report_record,
    run_audit,
)
from provenance.audit.rules import language_name
from provenance.errors import InputError, NotFoundError
from provenance.ledger import agents
from provenance.ledger.lineage import link_versions
from provenance.store.models import Claim, FindingAck, Outlet, Person, Version
from tests.factories import make_version, seed_outlets


def outlet(session: Session, name: str) -> Outlet:
    """The outlet a name resolves to."""
    return agents.resolve_outlet(session, name)


def person(session: Session, name: str) -> Person:
    """The person a name resolves to."""
    return agents.resolve_person(session, name)


def claim(
    session: Session,
    version: Version,
    kind: str,
    name: str,
    *,
    text: str | None = None,
    position: str = "header",
    line: int | None = 1,
    resolve: bool = True,
    possible_sign_off_of: str | None = None,
    confidence: float = 0.9,
) -> Claim:
    """Insert a claim as `log` would, resolved to an outlet or person of that name when asked."""
    found_outlet = agents.find_outlets(session, [name]).get(name) if resolve and kind != "author" else None
    found_person = (
        agents.find_people(session, [name]).get(name) if resolve and kind in ("author", "translator") else None
    )
    row = Claim(
        version_id=version.id,
        kind=kind,
        name=name,
        text=text or f"{kind.title()}: {name}",
        position=position,
        line=line,
        confidence=confidence,
        possible_sign_off_of=possible_sign_off_of,
        outlet_id=None if found_person else (found_outlet.id if found_outlet else None),
        person_id=found_person.id if found_person else None,
    )
    session.add(row)
    session.flush()
    return row


def found(session: Session, *rules: str) -> list[tuple[str, tuple[int, ...]]]:
    """The (rule, versions) of every reported finding, optionally of some rules only."""
    return [(f.rule, f.versions) for f in run_audit(session, AuditScope(rules=rules)).findings]


def only(session: Session, rule: str) -> Finding:
    """The single finding of ``rule``."""
    findings = run_audit(session, AuditScope(rules=[rule])).findings
    assert len(findings) == 1, findings
    return findings[0]


@pytest.fixture
def seeded(session: Session) -> Session:
    """A session with the seed's outlets (Telegraph and Independent en, Telegrafi sq) and Mark Almond."""
    seed_outlets(session)
    agents.add_person(session, "Jane Roe")
    return session


def test_an_empty_database_has_no_findings(session: Session) -> None:
    report = run_audit(session)
    assert report.findings == []
    assert report_record(report)["summary"] == {
        "total": 0,
        "by_severity": {"error": 0, "warning": 0, "info": 0},
        "by_rule": {},
        "acknowledged_hidden": 0,
    }


def test_conflicting_source_quotes_both_claims_and_the_sign_off_reading(seeded: Session) -> None:
    v = make_version(seeded, "English edition text", outlet="Telegrafi", language="en")
    claim(seeded, v, "source", "The Independent", text="Source: The Independent", line=8)
    claim(
        seeded, v, "source", "Telegraph", text="/Telegraph/", position="footer", line=43,
        possible_sign_off_of="Telegrafi", confidence=0.45,
    )  # fmt: skip
    finding = only(seeded, "conflicting-source")
    assert finding.severity == "error" and finding.versions == (v.id,)
    assert [(c["text"], c["position"], c["line"], c["resolved_to"]) for c in finding.evidence["claims"]] == [
        ("Source: The Independent", "header", 8, "The Independent"),
        ("/Telegraph/", "footer", 43, "The Telegraph"),
    ]
    assert finding.explanation == (
        f"Version #{v.id} (Telegrafi) credits 2 different sources: The Independent («Source: The Independent», "
        "header line 8) and The Telegraph («/Telegraph/», footer line 43); the footer credit «/Telegraph/» may be "
        "Telegrafi's own sign-off rendered in English, since the text is Telegrafi's English edition, or a real "
        "credit to The Telegraph: check which outlet the text came from."
    )


def test_sources_naming_one_outlet_do_not_conflict(seeded: Session) -> None:
    same_outlet = make_version(seeded, "one", outlet="Telegrafi", language="sq")
    claim(seeded, same_outlet, "source", "The Telegraph")
    claim(seeded, same_outlet, "source", "telegraph.co.uk", position="footer")
    same_name = make_version(seeded, "two", outlet="Telegrafi", language="sq")
    claim(seeded, same_name, "source", "Koha Ditore", resolve=False)
    claim(seeded, same_name, "source", "KOHA DITORE.", resolve=False, position="footer")
    photo = make_version(seeded, "three", outlet="Telegrafi", language="sq")
    claim(seeded, photo, "source", "The Telegraph")
    claim(seeded, photo, "photo_credit", "AFP", position="caption", resolve=False)
    claim(seeded, photo, "sign_off", "Telegrafi", position="footer")
    assert found(seeded, "conflicting-source") == []


def test_claim_vs_chain_accepts_any_ancestor_and_flags_an_outlet_outside_the_chain(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    copy = make_version(seeded, "copy", outlet="The Independent", language="en")
    albanian = make_version(seeded, "shqip", outlet="Telegrafi", language="sq")
    link_versions(seeded, copy.id, original.id, kind="republication")
    link_versions(seeded, albanian.id, copy.id, kind="translation", translator="Telegrafi")
    claim(seeded, copy, "via", "The Telegraph")
    claim(seeded, albanian, "source", "The Telegraph")  # the root original, two links up: fine
    assert found(seeded, "claim-vs-chain") == []
    wrong = claim(seeded, albanian, "source", "The Guardian", resolve=False)
    agents.add_outlet(seeded, "The Guardian", language="en")
    seeded.execute(update(Claim).where(Claim.id == wrong.id).values(outlet_id=outlet(seeded, "The Guardian").id))
    finding = only(seeded, "claim-vs-chain")
    assert finding.versions == (albanian.id, copy.id, original.id)
    assert finding.explanation == (
        f"Version #{albanian.id} (Telegrafi) credits The Guardian («Source: The Guardian», header line 1), but no "
        f"version in its recorded chain (ancestor #{copy.id} (The Independent), root original #{original.id} "
        "(The Telegraph)) was published by The Guardian: the credit or the chain is wrong."
    )


def test_an_uncredited_copy_is_another_outlets_text_credited_to_no_outlet_of_its_chain(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    silent = make_version(seeded, "silent copy", outlet="The Independent", language="en")
    credited = make_version(seeded, "credited copy", outlet="The Independent", language="en")
    excerpt = make_version(seeded, "excerpt, credited to someone else", outlet="Telegrafi", language="en")
    untexted, _ = _metadata_only(seeded)
    for derived in (silent, credited, untexted):
        link_versions(seeded, derived.id, original.id, kind="republication")
    link_versions(seeded, excerpt.id, original.id, kind="excerpt")
    claim(seeded, credited, "via", "The Telegraph")
    claim(seeded, excerpt, "source", "The Independent")
    found = {f.versions[0]: f for f in run_audit(seeded, AuditScope(rules=["uncredited-copy"])).findings}
    assert set(found) == {silent.id} and found[silent.id].severity == "warning"
    assert found[silent.id].explanation.startswith(
        f"Version #{silent.id} (The Independent) is recorded as a republication of #{original.id} (The Telegraph), "
        "another outlet's text, but its text credits no outlet of its recorded chain"
    )
    excerpts = run_audit(seeded, AuditScope(rules=["excerpt-without-credit"])).findings
    assert [f.versions[0] for f in excerpts] == [excerpt.id]
    assert not [f for f in run_audit(seeded).findings if f.rule == "missing-source-credit"]  # not said twice


ORIGINAL = (
    "The minister resigned on Tuesday after a week of protests in the capital. "
    "Thousands marched past the parliament building demanding early elections and an end to the price rises. "
    "Opposition leaders said the resignation came too late to calm the anger of the street. "
    "The prime minister is expected to name a successor before the end of the month, aides said."
)


def test_an_excerpt_without_credit_shows_the_passages_it_took(seeded: Session) -> None:
    original = make_version(seeded, ORIGINAL, outlet="The Telegraph", language="en")
    taken = ORIGINAL.split(". ")[1] + ". " + ORIGINAL.split(". ")[2] + "."
    excerpt = make_version(seeded, f"In brief.\n{taken}", outlet="Telegrafi", language="en")
    credited = make_version(seeded, f"{taken}\nSource: The Telegraph", outlet="The Independent", language="en")
    for derived in (excerpt, credited):
        link_versions(seeded, derived.id, original.id, kind="excerpt")
    claim(seeded, credited, "source", "The Telegraph")
    finding = only(seeded, "excerpt-without-credit")
    assert finding.versions == (excerpt.id, original.id) and finding.severity == "warning"
    [passage] = finding.evidence["passages"]
    source_part = ORIGINAL.__getitem__(slice(*passage["source_span"]))
    assert source_part.startswith("Thousands marched") and source_part.endswith("street")
    assert excerpt.text is not None and excerpt.text.__getitem__(slice(*passage["derived_span"])) == source_part
    assert passage["derived_opening"].startswith("Thousands marched past the parliament")
    assert "1 passage (51% of its source)" in finding.explanation  # 31 of its 61 words


def test_missing_source_credit_needs_a_text_and_a_derivation(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    translated = make_version(seeded, "përkthim", outlet="Telegrafi", language="sq")
    own_copy = make_version(seeded, "the same desk's second edition", outlet="The Telegraph", language="en")
    untexted, _ = _metadata_only(seeded)
    link_versions(seeded, translated.id, original.id, kind="translation")
    link_versions(seeded, own_copy.id, original.id, kind="republication")
    link_versions(seeded, untexted.id, original.id, kind="translation")
    found = {f.versions[0]: f for f in run_audit(seeded, AuditScope(rules=["missing-source-credit"])).findings}
    assert set(found) == {translated.id, own_copy.id}
    assert found[translated.id].explanation.startswith(
        f"Version #{translated.id} (Telegrafi) is recorded as a translation of #{original.id} (The Telegraph), "
        "but its text credits no source"
    )


def _metadata_only(session: Session) -> tuple[Version, bool]:
    from provenance.ledger.versions import NewVersion, add_version

    return add_version(session, NewVersion(title="no text", outlet="The Independent", language="en"))


def test_missing_translator_credit_is_satisfied_by_the_link_or_the_text(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    bare = make_version(seeded, "shqip 1", outlet="Telegrafi", language="sq")
    on_link = make_version(seeded, "shqip 2", outlet="Telegrafi", language="sq")
    in_text = make_version(seeded, "shqip 3", outlet="Telegrafi", language="sq")
    bare_link = link_versions(seeded, bare.id, original.id, kind="translation")
    link_versions(seeded, on_link.id, original.id, kind="translation", translator="Telegrafi")
    link_versions(seeded, in_text.id, original.id, kind="translation")
    claim(seeded, in_text, "translator", "Telegrafi.com")
    finding = only(seeded, "missing-translator-credit")
    assert finding.versions == (bare.id, original.id)
    assert [link["id"] for link in finding.evidence["links"]] == [bare_link.id]


def test_same_language_translation_link_but_not_a_recorded_back_translation(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    mislabelled = make_version(seeded, "copy", outlet="The Independent", language="en")
    albanian = make_version(seeded, "shqip", outlet="Telegrafi", language="sq")
    back = make_version(seeded, "back", outlet="The Independent", language="en")
    link_versions(seeded, mislabelled.id, original.id, kind="translation", translator="Telegrafi")
    link_versions(seeded, albanian.id, original.id, kind="translation", translator="Telegrafi")
    link_versions(seeded, back.id, albanian.id, kind="back-translation", translator="Telegrafi")
    finding = only(seeded, "same-language-translation")
    assert finding.versions == (mislabelled.id, original.id)
    assert "but both are in English: a back-translation through another language" in finding.explanation


def test_same_language_translation_from_a_translator_credit_names_the_chain(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    copy = make_version(seeded, "copy", outlet="The Independent", language="en")
    albanian = make_version(seeded, "shqip", outlet="Telegrafi", language="sq")
    english = make_version(seeded, "english edition", outlet="Telegrafi", language="en")
    link_versions(seeded, copy.id, original.id, kind="republication")
    link_versions(seeded, albanian.id, copy.id, kind="translation", translator="Telegrafi")
    for v in (albanian, english):
        claim(seeded, v, "source", "The Independent", text="Source: The Independent", line=8)
        claim(seeded, v, "translator", "Telegrafi.com", text="Translation: Telegrafi.com", line=9)
    assert found(seeded, "same-language-translation") == [("same-language-translation", (english.id,))]
    link_versions(seeded, english.id, albanian.id, kind="back-translation", translator="Telegrafi")
    finding = only(seeded, "same-language-translation")
    assert finding.versions == (english.id, albanian.id, copy.id, original.id)
    assert finding.explanation == (
        f"Version #{english.id} (Telegrafi) says «Translation: Telegrafi.com» (header line 9) and credits the "
        "English-language source The Independent («Source: The Independent», header line 8), yet the text is itself "
        f"English: a back-translation or a mislabel (recorded chain: ancestor #{albanian.id} (Telegrafi), ancestor "
        f"#{copy.id} (The Independent), root original #{original.id} (The Telegraph))."
    )


def test_language_mismatch_detected_and_unexplained_outlet_language(seeded: Session) -> None:
    mislabelled = make_version(
        seeded, "mislabelled", outlet="Telegrafi", language="sq", detected_language="en", language_probability=0.99
    )
    weak = make_version(seeded, "weak", outlet="Telegrafi", language="sq", detected_language="hr",
                        language_probability=0.5)  # fmt: skip
    english = make_version(seeded, "english on telegrafi", outlet="Telegrafi", language="en")
    explained_by_claim = make_version(seeded, "credited", outlet="Telegrafi", language="en")
    claim(seeded, explained_by_claim, "translator", "Telegrafi.com")
    original = make_version(seeded, "original", outlet="The Independent", language="sq")
    explained_by_link = make_version(seeded, "linked", outlet="Telegrafi", language="en")
    link_versions(seeded, explained_by_link.id, original.id, kind="back-translation", translator="Telegrafi")
    findings = run_audit(seeded, AuditScope(rules=["language-mismatch"])).findings
    assert [(f.versions, f.explanation.split(":")[0]) for f in findings] == [
        ((mislabelled.id,), f"Version #{mislabelled.id} (Telegrafi) is recorded as Albanian (sq) but its text was "
                            "detected as English (en, p=0.99)"),
        ((english.id,), f"Version #{english.id} (Telegrafi) is in English but its outlet declares Albanian, and no "
                        "translation link or translator credit explains it"),
        ((original.id,), f"Version #{original.id} (The Independent) is in Albanian but its outlet declares English, "
                         "and no translation link or translator credit explains it"),
    ]  # fmt: skip
    assert weak.id not in {v for f in findings for v in f.versions}


def test_chronology_compares_publication_dates(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en", published="2025-05-11")
    early = make_version(seeded, "early", outlet="The Independent", language="en", published="2025-05-10")
    same_day = make_version(seeded, "same day", outlet="The Independent", language="en", published="2025-05-11")
    undated = make_version(seeded, "undated", outlet="The Independent", language="en")
    for v in (early, same_day, undated):
        link_versions(seeded, v.id, original.id, kind="republication")
    finding = only(seeded, "chronology")
    assert finding.versions == (early.id, original.id)
    assert finding.explanation == (
        f"Version #{early.id} (The Independent), published 2025-05-10, is recorded as a republication of "
        f"#{original.id} (The Telegraph), published later (2025-05-11): a date or the link is wrong."
    )


def test_author_mismatch_against_the_original(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en", authors=["Mark Almond"])
    middle = make_version(seeded, "middle", outlet="The Independent", language="en")
    right = make_version(seeded, "right", outlet="Telegrafi", language="sq")
    wrong = make_version(seeded, "wrong", outlet="Telegrafi", language="sq", authors=["Jane Roe"])
    nothing_known = make_version(seeded, "orphaned original", outlet="The Telegraph", language="en")
    anyone = make_version(seeded, "any", outlet="Telegrafi", language="sq", authors=["Jane Roe"])
    link_versions(seeded, middle.id, original.id, kind="republication")
    for v in (right, wrong):
        link_versions(seeded, v.id, middle.id, kind="translation", translator="Telegrafi")
    link_versions(seeded, anyone.id, nothing_known.id, kind="translation", translator="Telegrafi")
    claim(seeded, right, "author", "Mark Almond", position="bio")
    finding = only(seeded, "author-mismatch")
    assert finding.versions == (wrong.id, middle.id, original.id)
    assert finding.evidence["people"] == ["Jane Roe"]
    assert finding.explanation == (
        f"Version #{wrong.id} (Telegrafi) credits Jane Roe as author, but its original differs "
        f"(#{original.id} (The Telegraph) is by Mark Almond): one of the bylines is wrong."
    )


def test_unresolved_claim_covers_credits_but_not_photos_sign_offs_or_possible_sign_offs(seeded: Session) -> None:
    v = make_version(seeded, "text", outlet="Telegrafi", language="sq")
    unknown = claim(seeded, v, "source", "Koha Ditore", resolve=False)
    unknown_author = claim(seeded, v, "author", "John Doe", position="bio", resolve=False)
    claim(seeded, v, "photo_credit", "AFP", position="caption", resolve=False)
    claim(seeded, v, "sign_off", "Telegrafi", position="footer", resolve=False)
    claim(seeded, v, "source", "Telegraphi", position="footer", resolve=False, possible_sign_off_of="Telegrafi")
    findings = run_audit(seeded, AuditScope(rules=["unresolved-claim"])).findings
    assert [f.evidence["claims"][0]["id"] for f in findings] == [unknown.id, unknown_author.id]
    assert findings[0].severity == "info"
    assert findings[1].explanation.endswith(
        "but no person of that name is in the database: add it with `provenance person add 'John Doe'` (or an alias)."
    )


def test_orphan_translation_until_a_parent_is_recorded(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en")
    v = make_version(seeded, "shqip", outlet="Telegrafi", language="sq")
    claim(seeded, v, "translator", "Telegrafi.com", text="Përkthimi: Telegrafi.com", line=3)
    finding = only(seeded, "orphan-translation")
    assert finding.explanation == (
        f"Version #{v.id} (Telegrafi) says it is a translation («Përkthimi: Telegrafi.com», header line 3) but no "
        f"parent is recorded: link it with `provenance link {v.id} PARENT --kind translation`."
    )
    link_versions(seeded, v.id, original.id, kind="translation", translator="Telegrafi")
    assert found(seeded, "orphan-translation") == []


def test_ids_are_stable_and_acknowledgements_hold_until_the_evidence_changes(seeded: Session) -> None:
    v = make_version(seeded, "text", outlet="Telegrafi", language="sq")
    claim(seeded, v, "source", "The Independent")
    footer = claim(seeded, v, "source", "The Telegraph", position="footer", line=20)
    first = only(seeded, "conflicting-source")
    assert only(seeded, "conflicting-source").id == first.id and len(first.id) == 12
    acked = acknowledge(seeded, first.id, "confirmed with the editor", who="editor")
    assert acked.acknowledged is not None and acked.acknowledged.by == "editor"
    row = seeded.scalars(select(FindingAck)).one()
    assert (row.finding_id, row.reason, row.acknowledged_by) == (first.id, "confirmed with the editor", "editor")
    report = run_audit(seeded, AuditScope(rules=["conflicting-source"]))
    assert report.findings == [] and [f.id for f in report.acknowledged] == [first.id]
    shown = run_audit(seeded, AuditScope(rules=["conflicting-source"]), include_acknowledged=True).findings
    assert [f.acknowledged.reason for f in shown if f.acknowledged] == ["confirmed with the editor"]
    seeded.execute(update(Claim).where(Claim.id == footer.id).values(line=21, text="/ The Telegraph"))
    again = only(seeded, "conflicting-source")
    assert again.id == first.id and again.evidence_hash != first.evidence_hash and again.acknowledged is None


def test_acknowledging_an_unknown_finding_or_without_reason_fails(seeded: Session) -> None:
    with pytest.raises(NotFoundError, match="no current finding with id 'abc'"):
        acknowledge(seeded, "abc", "because", who=None)
    with pytest.raises(InputError, match="give a reason"):
        acknowledge(seeded, "abc", "  ", who=None)


def test_scope_by_version_chain_outlet_and_date(seeded: Session) -> None:
    original = make_version(seeded, "original", outlet="The Telegraph", language="en", published="2025-05-11")
    copy = make_version(seeded, "copy", outlet="The Independent", language="en", published="2025-05-10")
    link_versions(seeded, copy.id, original.id, kind="republication")
    other = make_version(seeded, "other", outlet="Telegrafi", language="en", published="2024-01-01")
    everything = {(f.rule, f.versions[0]) for f in run_audit(seeded).findings}
    assert everything == {("chronology", copy.id), ("uncredited-copy", copy.id), ("language-mismatch", other.id)}
    in_chain = {(f.rule, f.versions[0]) for f in run_audit(seeded, AuditScope(version_id=original.id)).findings}
    assert in_chain == {("chronology", copy.id), ("uncredited-copy", copy.id)}
    telegrafi = run_audit(seeded, AuditScope(outlet="Telegrafi")).findings
    assert [f.rule for f in telegrafi] == ["language-mismatch"]
    recent = run_audit(seeded, AuditScope(since=datetime(2025, 1, 1), rules=["language-mismatch", "chronology"]))
    assert [f.rule for f in recent.findings] == ["chronology"]
    with pytest.raises(NotFoundError):
        run_audit(seeded, AuditScope(version_id=999))
    with pytest.raises(NotFoundError):
        run_audit(seeded, AuditScope(outlet="Nowhere"))


def test_config_sets_severities_and_turns_rules_off(seeded: Session, tmp_path: Path) -> None:
    v = make_version(seeded, "text", outlet="Telegrafi", language="sq")
    claim(seeded, v, "source", "Koha Ditore", resolve=False)
    claim(seeded, v, "translator", "Telegrafi.com")
    config = tmp_path / "audit.toml"
    config.write_text('[severity]\nunresolved-claim = "error"\norphan-translation = "off"\n', encoding="utf-8")
    settings = load_config(config)
    assert settings.severity("unresolved-claim") == "error"
    assert [(f.rule, f.severity) for f in run_audit(seeded, config=settings).findings] == [
        ("unresolved-claim", "error")
    ]
    assert [f.rule for f in run_audit(seeded, config=default_config()).findings] == [
        "unresolved-claim",
        "orphan-translation",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[severity]\nno-such-rule = "error"\n', "unknown rule 'no-such-rule'"),
        ('[severity]\nchronology = "fatal"\n', "must be error, warning, info or off"),
        ("[rules]\n", "may only hold a [severity] table"),
        ("severity = [", "cannot read audit config"),
    ],
)
def test_a_bad_config_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message.replace("[", r"\[")):
        load_config(path)


def test_a_missing_explicit_config_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_default_config_file_is_read_from_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_config().severity("chronology") == "error"
    (tmp_path / "provenance").mkdir()
    (tmp_path / "provenance" / "audit.toml").write_text('[severity]\nchronology = "info"\n', encoding="utf-8")
    assert load_config().severity("chronology") == "info"


@pytest.mark.parametrize(
    ("code", "name"),
    [("en", "English"), ("az", "Azerbaijani"), ("sh", "Serbo-Croatian"), ("xx", "xx"), (None, "an unknown language")],
)
def test_findings_name_the_languages_detection_can_answer(code: str | None, name: str) -> None:
    assert language_name(code) == name
