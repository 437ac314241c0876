"""A team's queue as staff see it through the API: their team's open tickets, plus the
tickets they were asked to help with and the complaints passed to them, nothing else.
(tickets.access.visibility_filter; on PostgreSQL the help requests and complaints are
looked up once per query and combined with the other conditions' indexes.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.accounts.services import issue_token
from loket.complaints.models import Complaint
from loket.planning.services import ask_for_help, finish_help
from loket.tickets.access import visible_tickets
from loket.tickets.models import Ticket
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_line(make_ticket, anna, teams):
    return [
        make_ticket(acting_user=anna, team=teams["first"], assignee=anna, subject=f"First {i}")
        for i in range(3)
    ]


@pytest.fixture
def second_line(make_ticket, anna, teams):
    return [
        make_ticket(acting_user=anna, team=teams["second"], subject=f"Second line {i}")
        for i in range(3)
    ]


def queue(user, team) -> tuple[int, set[str]]:
    response = ApiClient(issue_token(user)).get(
        "/tickets", {"team": team.pk, "status": ["new", "open"], "page_size": 25}
    )
    assert response.status_code == 200
    body = response.json()
    return body["count"], {t["subject"] for t in body["results"]}


def test_a_specialist_sees_a_first_line_ticket_only_while_helping_on_it(
    first_line, second_line, anna, sam, teams
):
    assert queue(sam, teams["first"]) == (0, set())
    assert queue(sam, teams["second"]) == (3, {t.subject for t in second_line})
    request = ask_for_help(first_line[1], user=sam, question="Driver?", acting_user=anna)
    assert queue(sam, teams["first"]) == (1, {"First 1"})
    finish_help(request, acting_user=sam)
    assert queue(sam, teams["first"]) == (0, set())


def test_a_team_asked_for_help_sees_the_ticket_in_the_askers_queue(first_line, anna, sam, teams):
    ask_for_help(first_line[2], team=teams["second"], question="?", acting_user=anna)
    assert queue(sam, teams["first"]) == (1, {"First 2"})


def test_a_supervisor_sees_another_teams_ticket_whose_complaint_was_passed_to_them(
    first_line, second_line, anna, sofie, teams
):
    assert queue(sofie, teams["first"]) == (3, {t.subject for t in first_line})
    assert queue(sofie, teams["second"]) == (0, set())
    complaint = Complaint.objects.create(
        ticket=second_line[0],
        paraphrase="Nobody called back.",
        desired_outcome="A call.",
        registered_at=second_line[0].created_at,
        due_at=second_line[0].created_at,
    )
    complaint.notified.add(sofie)
    assert queue(sofie, teams["second"]) == (1, {"Second line 0"})


def test_an_agent_of_another_team_sees_neither(first_line, anna, bob, sam, teams):
    # (Bob would see unassigned first-line tickets: these are Anna's.)
    ask_for_help(first_line[0], user=sam, question="?", acting_user=anna)
    assert queue(bob, teams["first"]) == (0, set())


def test_the_rule_stays_one_query_and_works_as_a_subquery(first_line, anna, sam, teams):
    ask_for_help(first_line[0], user=sam, question="?", acting_user=anna)
    visible = visible_tickets(sam)  # reads sam's teams now
    with CaptureQueriesContext(connection) as queries:
        inside = set(
            Ticket.objects.filter(pk__in=visible.values("pk")).values_list("subject", flat=True)
        )
    assert inside == {"First 0"}
    assert len(queries) == 1
