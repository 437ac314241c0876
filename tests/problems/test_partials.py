"""The partials other pages include: public notices and the ticket's problem panel."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from loket.problems.services import link_ticket, resolve_problem


@pytest.fixture
def outage(make_problem):
    return make_problem(
        title="VPN down",
        public_notice=True,
        notices={"nl": "De VPN ligt plat.", "fr": "Le VPN est en panne.", "en": "The VPN is down."},
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [("nl", "De VPN ligt plat."), ("fr", "Le VPN est en panne."), ("en", "The VPN is down.")],
)
def test_notices_are_shown_in_the_page_language(outage, language, text):
    with translation.override(language):
        html = render_to_string("problems/_notices.html", {})
    assert text in html


def test_notices_disappear_when_the_problem_is_resolved(outage, sofie):
    resolve_problem(outage, acting_user=sofie, resolution="Fixed.")
    assert "VPN" not in render_to_string("problems/_notices.html", {})


def test_the_ticket_panel_shows_the_problem_and_its_workaround(make_ticket, anna, problem):
    ticket = make_ticket(anna)
    request = RequestFactory().get("/")
    html = render_to_string("problems/_ticket_problem.html", {"ticket": ticket}, request=request)
    assert "Link to a known problem" in html
    link_ticket(ticket, problem, acting_user=anna)
    ticket.refresh_from_db()
    html = render_to_string("problems/_ticket_problem.html", {"ticket": ticket}, request=request)
    assert "Printers print blank pages" in html
    assert "Print to the printer on floor 3." in html
    assert "Unlink" in html
