"""Creating, changing and finding known problems; the public notices."""

from datetime import UTC, datetime

import pytest

from loket.core.errors import InvalidInput
from loket.problems.models import ProblemStatus
from loket.problems.services import active_notices, resolve_problem, update_problem
from loket.search import engine
from loket.search.models import Kind, SearchEntry

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def test_a_new_problem_is_investigated_and_owned_by_its_creator(make_problem, sofie, categories):
    problem = make_problem(categories=[categories["printing"]], now=T0)
    assert problem.status == ProblemStatus.INVESTIGATING
    assert problem.owner == sofie
    assert problem.created_by == sofie
    assert problem.created_at == T0
    assert list(problem.categories.all()) == [categories["printing"]]


def test_a_problem_needs_a_title_and_symptoms(make_problem):
    with pytest.raises(InvalidInput):
        make_problem(title="  ")
    with pytest.raises(InvalidInput):
        make_problem(symptoms="")


def test_a_problem_cannot_be_created_resolved(make_problem):
    with pytest.raises(InvalidInput):
        make_problem(status=ProblemStatus.RESOLVED)


def test_a_public_notice_needs_a_text(make_problem):
    with pytest.raises(InvalidInput):
        make_problem(public_notice=True)
    problem = make_problem(public_notice=True, notices={"fr": "Panne d'impression"})
    assert problem.notice("nl") == "Panne d'impression"


def test_the_problem_is_found_in_every_language(make_problem, categories):
    problem = make_problem(categories=[categories["printing"]])
    entries = SearchEntry.objects.filter(kind=Kind.PROBLEM, object_id=problem.pk)
    assert sorted(entries.values_list("language", flat=True)) == ["en", "fr", "nl"]
    assert {e.category_id for e in entries} == {categories["printing"].pk}
    for language in ("nl", "fr", "en"):
        found = engine.search("blank pages", kind=Kind.PROBLEM, languages=[language])
        assert [h.object_id for h in found.hits] == [problem.pk]


def test_an_update_reaches_the_search_index(problem, sofie):
    update_problem(problem, acting_user=sofie, workaround="Restart the spooler service.")
    found = engine.search("spooler", kind=Kind.PROBLEM)
    assert {h.object_id for h in found.hits} == {problem.pk}


def test_update_changes_status_and_notices(problem, sofie):
    update_problem(
        problem,
        acting_user=sofie,
        status=ProblemStatus.KNOWN_ERROR,
        public_notice=True,
        notices={"nl": "Storing printers", "en": "Printer outage"},
    )
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.KNOWN_ERROR
    assert problem.notice("en") == "Printer outage"
    assert SearchEntry.objects.get(
        kind=Kind.PROBLEM, object_id=problem.pk, language="en"
    ).status == (ProblemStatus.KNOWN_ERROR)


def test_update_refuses_to_resolve_or_unknown_fields(problem, sofie):
    with pytest.raises(InvalidInput):
        update_problem(problem, acting_user=sofie, status=ProblemStatus.RESOLVED)
    with pytest.raises(InvalidInput):
        update_problem(problem, acting_user=sofie, created_by=None)


def test_an_active_status_reopens_a_resolved_problem(problem, sofie):
    resolve_problem(problem, acting_user=sofie, resolution="Firmware updated.")
    update_problem(problem, acting_user=sofie, status=ProblemStatus.INVESTIGATING)
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.INVESTIGATING
    assert problem.resolved_at is None


def test_active_notices_are_the_active_public_ones(make_problem, sofie):
    outage = make_problem(title="VPN down", public_notice=True, notices={"en": "VPN is down"})
    make_problem(title="Quiet problem")
    solved = make_problem(title="Mail slow", public_notice=True, notices={"en": "Mail is slow"})
    resolve_problem(solved, acting_user=sofie, resolution="Queue drained.")
    assert active_notices() == [outage]
