"""Derivation links and chains: the seed scenario traced back to The Telegraph, cycles refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import ConflictError, InputError, NotFoundError
from provenance.ledger.lineage import link_versions, trace_ancestors, trace_descendants
from provenance.store.models import Version
from tests.factories import make_version, seed_outlets


def seed_chain(session: Session) -> list[Version]:
    """The hypothesis behind the seed: Telegraph original → Independent → Telegrafi (sq) → Telegrafi (en)."""
    seed_outlets(session)
    original = make_version(
        session,
        "Putin says no to ceasefire.",
        outlet="The Telegraph",
        authors=["Mark Almond"],
        language="en",
        published="2025-05-11",
    )
    republished = make_version(
        session,
        "Putin says no to ceasefire. (Independent)",
        outlet="The Independent",
        language="en",
        published="2025-05-11T18:00:00",
    )
    albanian = make_version(
        session, "Putin thotë jo armëpushimit.", outlet="Telegrafi", language="sq", published="2025-05-12"
    )
    english = make_version(
        session, "Putin says 'no' to ceasefire.", outlet="Telegrafi", language="en", published="2025-05-12"
    )
    link_versions(session, republished.id, original.id, kind="republication")
    link_versions(
        session,
        albanian.id,
        republished.id,
        kind="translation",
        translator="Telegrafi",
        evidence="Burimi: The Independent",
    )
    link_versions(session, english.id, albanian.id, kind="back-translation", translator="Telegrafi.com")
    return [original, republished, albanian, english]


def test_trace_of_the_english_edition_leads_back_to_the_telegraph(session: Session) -> None:
    original, republished, albanian, english = seed_chain(session)
    chain = trace_ancestors(session, english.id)
    assert [(depth, link.derived_id, link.source_id, link.kind) for depth, link in chain.links] == [
        (1, english.id, albanian.id, "back-translation"),
        (2, albanian.id, republished.id, "translation"),
        (3, republished.id, original.id, "republication"),
    ]
    assert [v.id for v in chain.roots] == [original.id]
    assert chain.roots[0].outlet is not None and chain.roots[0].outlet.name == "The Telegraph"


def test_descendants_of_the_original_include_every_derived_version(session: Session) -> None:
    original, republished, albanian, english = seed_chain(session)
    chain = trace_descendants(session, original.id)
    assert sorted(chain.versions) == sorted(v.id for v in (original, republished, albanian, english))
    assert chain.roots == []


def test_depth_bounds_the_walk(session: Session) -> None:
    *_, english = seed_chain(session)
    assert len(trace_ancestors(session, english.id, max_depth=1).links) == 1


def test_linked_versions_share_one_work(session: Session) -> None:
    versions = seed_chain(session)
    works = set(session.scalars(select(Version.work_id).where(Version.id.in_([v.id for v in versions]))))
    assert len(works) == 1


def test_a_cycle_and_a_self_link_are_refused(session: Session) -> None:
    original, _, _, english = seed_chain(session)
    with pytest.raises(ConflictError, match="cycle"):
        link_versions(session, original.id, english.id, kind="translation")
    with pytest.raises(ConflictError, match="itself"):
        link_versions(session, original.id, original.id, kind="translation")


def test_a_duplicate_link_is_refused(session: Session) -> None:
    original, republished, _, _ = seed_chain(session)
    with pytest.raises(ConflictError, match="already linked"):
        link_versions(session, republished.id, original.id, kind="republication")


def test_unknown_version_and_kind_are_refused(session: Session) -> None:
    original, *_ = seed_chain(session)
    with pytest.raises(NotFoundError, match="no version with id 999"):
        link_versions(session, 999, original.id, kind="translation")
    with pytest.raises(InputError, match="unknown link kind"):
        link_versions(session, original.id, 999, kind="copy")


def test_diamond_chain_lists_each_link_once(session: Session) -> None:
    root = make_version(session, "root text")
    left = make_version(session, "left text")
    right = make_version(session, "right text")
    bottom = make_version(session, "bottom text")
    link_versions(session, left.id, root.id, kind="excerpt")
    link_versions(session, right.id, root.id, kind="excerpt")
    link_versions(session, bottom.id, left.id, kind="adaptation")
    link_versions(session, bottom.id, right.id, kind="adaptation")
    chain = trace_ancestors(session, bottom.id)
    assert len(chain.links) == 4
    assert [v.id for v in chain.roots] == [root.id]
