"""The demo Kommune comes with a small directory, loaded again without doubling."""

from __future__ import annotations

from sqlalchemy import func, select

from cli.demo import load_demo_data
from dispatch.directory.search import Query, search
from models import Angebot


def test_the_demo_has_a_small_directory(session):
    kommune, _ = load_demo_data()
    load_demo_data()
    assert session.scalar(select(func.count(Angebot.id))) == 7
    assert kommune.slug == "musterstadt"
    found = search(session, kommune, Query(words="Pflege"))
    assert found.total >= 3
