"""The known-problem pages: who may open them, the list, detail, forms and resolving."""

import pytest
from django.urls import reverse

from loket.problems.models import KnownProblem, ProblemLink, ProblemStatus
from loket.problems.services import link_ticket, resolve_problem
from loket.tickets.models import EventKind, Status


@pytest.fixture
def ticket(make_ticket, anna, teams, contact_a):
    # Assigned to Anna: Bob (another first-line team) does not see it.
    return make_ticket(
        anna,
        subject="Printer on floor 2 is blank",
        team=teams["first"],
        assignee=anna,
        contact=contact_a,
    )


@pytest.fixture
def linked_problem(problem, ticket, anna):
    link_ticket(ticket, problem, acting_user=anna)
    return problem


def login(client, user):
    client.force_login(user)
    return client


PAGES = [
    ("problems:index", False),
    ("problems:detail", True),
    ("problems:create", False),
    ("problems:edit", True),
    ("problems:resolve", True),
    ("problems:frequent", False),
]


def url(name, with_pk, problem):
    return reverse(name, args=[problem.pk]) if with_pk else reverse(name)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anna", {"problems:index", "problems:detail"}),
        ("sam", {p for p, _ in PAGES}),
        ("sofie", {p for p, _ in PAGES}),
        ("ad", {p for p, _ in PAGES}),
        ("chris", set()),
        ("camille", set()),
    ],
)
def test_who_may_open_which_page(client, request, persona, allowed, problem):
    login(client, request.getfixturevalue(persona))
    for name, with_pk in PAGES:
        status = client.get(url(name, with_pk, problem)).status_code
        assert (status == 200) == (name in allowed), (persona, name, status)
        if name not in allowed:
            assert status == 403, (persona, name, status)


def test_anonymous_visitors_go_to_the_login_page(client, problem):
    response = client.get(reverse("problems:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_problem_is_404(client, anna):
    login(client, anna)
    assert client.get("/problems/999999/").status_code == 404


def test_customers_cannot_link_or_unlink(client, chris, ticket, problem):
    login(client, chris)
    data = {"ticket": ticket.pk, "problem": problem.pk}
    assert client.post(reverse("problems:link"), data).status_code == 403
    assert client.post(reverse("problems:unlink"), data).status_code == 403
    assert not ProblemLink.objects.exists()


def test_list_shows_active_first_with_counts_in_few_queries(
    client, sofie, make_problem, linked_problem, django_assert_max_num_queries
):
    old = make_problem(title="Mail bounces")
    resolve_problem(old, acting_user=sofie, resolution="DNS fixed.")
    for n in range(5):
        make_problem(title=f"Problem {n}")
    login(client, sofie)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("problems:index"), {"status": "any"})
    text = response.text
    assert text.index("Printers print blank pages") < text.index("Mail bounces")
    row = text[text.index("Printers print blank pages") :]
    assert '<td class="num">1</td>' in row[:600]


def test_list_hides_resolved_problems_by_default(client, anna, sofie, make_problem):
    old = make_problem(title="Mail bounces")
    resolve_problem(old, acting_user=sofie, resolution="DNS fixed.")
    login(client, anna)
    assert "Mail bounces" not in client.get(reverse("problems:index")).text
    assert "Mail bounces" in client.get(reverse("problems:index"), {"status": "resolved"}).text
    assert client.get(reverse("problems:index"), {"status": "nonsense"}).status_code == 200


def test_detail_shows_workaround_and_linked_tickets(client, anna, linked_problem, ticket):
    response = login(client, anna).get(reverse("problems:detail", args=[linked_problem.pk]))
    assert "Print to the printer on floor 3." in response.text
    assert ticket.number in response.text
    assert "1 open of 1" in response.text


def test_detail_does_not_show_other_teams_tickets(client, bob, linked_problem, ticket):
    response = login(client, bob).get(reverse("problems:detail", args=[linked_problem.pk]))
    assert ticket.number not in response.text
    assert "1 more linked ticket belongs to other teams." in response.text


def test_supervisor_records_a_problem(client, sofie, categories):
    response = login(client, sofie).post(
        reverse("problems:create"),
        {
            "title": "VPN drops every hour",
            "symptoms": "The VPN disconnects every hour.",
            "status": "known_error",
            "categories": [categories["account"].pk],
            "public_notice": "on",
            "notice_en": "The VPN is unstable.",
        },
    )
    problem = KnownProblem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("problems:detail", args=[problem.pk])
    assert problem.status == ProblemStatus.KNOWN_ERROR
    assert problem.notice("en") == "The VPN is unstable."


def test_a_public_notice_without_text_is_refused_with_a_message(client, sofie):
    response = login(client, sofie).post(
        reverse("problems:create"),
        {"title": "VPN", "symptoms": "Drops", "status": "investigating", "public_notice": "on"},
    )
    assert response.status_code == 422
    assert "A public notice needs a text" in response.text
    assert not KnownProblem.objects.exists()


def test_editing_keeps_a_resolved_problem_resolved(client, sofie, problem):
    resolve_problem(problem, acting_user=sofie, resolution="Fixed.")
    response = login(client, sofie).post(
        reverse("problems:edit", args=[problem.pk]),
        {"title": "Renamed", "symptoms": problem.symptoms, "status": "resolved"},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.title == "Renamed"
    assert problem.status == ProblemStatus.RESOLVED


def test_resolve_page_says_how_many_tickets_and_customers(client, sofie, linked_problem):
    response = login(client, sofie).get(reverse("problems:resolve", args=[linked_problem.pk]))
    assert "1 linked ticket is open." in response.text
    assert "1 customer can be told" in response.text


def test_resolving_through_the_page_resolves_and_tells_the_customer(
    client, sofie, linked_problem, ticket
):
    response = login(client, sofie).post(
        reverse("problems:resolve", args=[linked_problem.pk]),
        {"resolution": "New firmware.", "resolve_tickets": "on", "notify": "on"},
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert ticket.events.filter(kind=EventKind.REPLY).count() == 1


def test_resolving_without_a_resolution_is_refused(client, sofie, linked_problem):
    response = login(client, sofie).post(
        reverse("problems:resolve", args=[linked_problem.pk]), {"resolution": ""}
    )
    assert response.status_code == 422
    linked_problem.refresh_from_db()
    assert linked_problem.status != ProblemStatus.RESOLVED


def test_agent_links_a_ticket_with_htmx_and_gets_the_panel(client, anna, ticket, problem):
    response = login(client, anna).post(
        reverse("problems:link"),
        {"ticket": ticket.number, "problem": problem.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="ticket-problem"' in response.text
    assert "Printers print blank pages" in response.text
    assert "<html" not in response.text
    assert ProblemLink.objects.get().ticket == ticket


def test_linking_without_htmx_goes_back_to_the_ticket(client, anna, ticket, problem):
    response = login(client, anna).post(
        reverse("problems:link"), {"ticket": ticket.pk, "problem": problem.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])


def test_linking_ignores_an_outside_next_url(client, anna, ticket, problem):
    response = login(client, anna).post(
        reverse("problems:link"),
        {"ticket": ticket.pk, "problem": problem.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])


def test_agent_cannot_link_a_ticket_they_cannot_see(client, bob, ticket, problem):
    response = login(client, bob).post(
        reverse("problems:link"), {"ticket": ticket.pk, "problem": problem.pk}
    )
    assert response.status_code == 404
    assert not ProblemLink.objects.exists()


def test_linking_to_a_resolved_problem_shows_why(client, anna, sofie, ticket, problem):
    resolve_problem(problem, acting_user=sofie, resolution="Fixed.")
    response = login(client, anna).post(
        reverse("problems:link"),
        {"ticket": ticket.pk, "problem": problem.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "This problem is resolved" in response.text


@pytest.mark.parametrize(
    "data", [{}, {"ticket": "x"}, {"ticket": "1", "problem": "abc"}, {"ticket": "1", "problem": ""}]
)
def test_bad_link_input_is_not_an_error_page(client, anna, data):
    response = login(client, anna).post(reverse("problems:link"), data)
    assert response.status_code in (302, 404, 422)


def test_agent_unlinks_with_htmx(client, anna, linked_problem, ticket):
    response = login(client, anna).post(
        reverse("problems:unlink"), {"ticket": ticket.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Link to a known problem" in response.text
    assert not ProblemLink.objects.exists()
    assert ticket.events.filter(kind=EventKind.LINK).count() == 2
