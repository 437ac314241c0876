"""The ticket access policy as a matrix: persona × ticket situation → see, change.

Situations are named after where the ticket sits. Frank is Anna's colleague on
Eerstelijn, Gert is Bob's on Eerstelijn Gent; Netwerk is a team none of the personas
belongs to. Unassigned first-line tickets are visible to every agent by design: that
is the queue first line picks calls from.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from loket.accounts.models import Role
from loket.accounts.services import add_to_team, create_user
from loket.tickets.access import (
    can_create_ticket,
    can_reply,
    can_work_on_tickets,
    ticket_for,
    visible_tickets,
)

PERSONAS = ["anna", "bob", "sam", "sofie", "ad", "chris", "camille"]
CUSTOMERS = {"chris", "camille"}

# situation → how the ticket is made: (team, assignee, contact, created_by), where
# "me" stands for the persona under test.
SITUATIONS = {
    "eerstelijn_unassigned": ("first", None, None, "ad"),
    "eerstelijn_assigned_to_frank": ("first", "frank", None, "ad"),
    "gent_unassigned": ("first_gent", None, None, "ad"),
    "gent_assigned_to_gert": ("first_gent", "gert", None, "ad"),
    "second_line_unassigned": ("second", None, None, "ad"),
    "netwerk_unassigned": ("network", None, None, "ad"),
    "no_team_unassigned": (None, None, None, "ad"),
    "no_team_assigned_to_me": (None, "me", None, "ad"),
    "netwerk_created_by_me": ("network", None, None, "me"),
    "chris_own": ("second", None, "contact_a", "ad"),
    "camille_own": ("second", None, "contact_b", "ad"),
}

VISIBLE = {
    "anna": {
        "eerstelijn_unassigned",
        "eerstelijn_assigned_to_frank",
        "gent_unassigned",
        "no_team_unassigned",
        "no_team_assigned_to_me",
        "netwerk_created_by_me",
    },
    "bob": {
        "eerstelijn_unassigned",
        "gent_unassigned",
        "gent_assigned_to_gert",
        "no_team_unassigned",
        "no_team_assigned_to_me",
        "netwerk_created_by_me",
    },
    "sam": {
        "second_line_unassigned",
        "no_team_assigned_to_me",
        "chris_own",
        "camille_own",
    },
    "sofie": {
        "eerstelijn_unassigned",
        "eerstelijn_assigned_to_frank",
        "no_team_assigned_to_me",
        "netwerk_created_by_me",
    },
    "ad": set(SITUATIONS),
    "chris": {"chris_own"},
    "camille": {"camille_own"},
}

MATRIX = [
    (persona, situation)
    for persona in PERSONAS
    for situation in SITUATIONS
    # Only staff can be assigned a ticket.
    if not (persona in CUSTOMERS and situation == "no_team_assigned_to_me")
]


@pytest.fixture
def people(anna, bob, sam, sofie, ad, chris, camille, teams, contact_a, contact_b):
    frank = create_user(username="frank", role=Role.AGENT, first_name="Frank")
    add_to_team(frank, teams["first"])
    gert = create_user(username="gert", role=Role.AGENT, first_name="Gert")
    add_to_team(gert, teams["first_gent"])
    return {
        "anna": anna,
        "bob": bob,
        "sam": sam,
        "sofie": sofie,
        "ad": ad,
        "chris": chris,
        "camille": camille,
        "frank": frank,
        "gert": gert,
        "contact_a": contact_a,
        "contact_b": contact_b,
    }


@pytest.fixture
def situated(people, teams, make_ticket):
    """Build the ticket of ``situation`` as seen from ``persona``."""

    def build(situation: str, persona: str):
        team, assignee, contact, creator = SITUATIONS[situation]
        me = people[persona]
        return make_ticket(
            me if creator == "me" else people[creator],
            team=teams[team] if team else None,
            assignee=me if assignee == "me" else people.get(assignee),
            contact=people.get(contact),
        )

    return build


@pytest.mark.parametrize(("persona", "situation"), MATRIX)
def test_persona_sees_only_the_tickets_the_policy_allows(people, situated, persona, situation):
    user = people[persona]
    ticket = situated(situation, persona)
    expected = situation in VISIBLE[persona]

    assert visible_tickets(user).filter(pk=ticket.pk).exists() is expected
    for key in (ticket.pk, str(ticket.pk), ticket.number):
        if expected:
            assert ticket_for(user, key) == ticket
        else:
            with pytest.raises(Http404):
                ticket_for(user, key)


@pytest.mark.parametrize(("persona", "situation"), MATRIX)
def test_persona_changes_only_the_tickets_the_policy_allows(people, situated, persona, situation):
    user = people[persona]
    ticket = situated(situation, persona)

    if situation not in VISIBLE[persona]:
        # A hidden ticket is "not found", never "forbidden": existence does not leak.
        with pytest.raises(Http404):
            ticket_for(user, ticket.number, write=True)
    elif persona in CUSTOMERS:
        with pytest.raises(PermissionDenied):
            ticket_for(user, ticket.number, write=True)
    else:
        assert ticket_for(user, ticket.number, write=True) == ticket


def test_admin_sees_every_ticket_exactly_once(people, situated):
    tickets = [situated(situation, "ad") for situation in SITUATIONS]

    assert sorted(visible_tickets(people["ad"]).values_list("pk", flat=True)) == sorted(
        t.pk for t in tickets
    )


def test_supervisor_who_does_not_lead_the_team_does_not_see_its_tickets(teams, make_ticket, ad):
    member = create_user(username="sven", role=Role.SUPERVISOR)
    add_to_team(member, teams["second"], is_lead=False)
    ticket = make_ticket(ad, team=teams["second"])

    with pytest.raises(Http404):
        ticket_for(member, ticket.pk)


def test_inactive_staff_sees_nothing(anna, make_ticket, teams):
    ticket = make_ticket(anna, team=teams["first"], assignee=anna)
    anna.is_active = False
    anna.save(update_fields=["is_active"])

    assert not visible_tickets(anna).exists()
    with pytest.raises(Http404):
        ticket_for(anna, ticket.pk)


def test_anonymous_visitor_sees_nothing(make_ticket):
    make_ticket()

    assert not visible_tickets(AnonymousUser()).exists()


def test_customer_without_contact_sees_nothing(chris, make_ticket, contact_a):
    make_ticket(contact=contact_a)
    chris.contact = None
    chris.save(update_fields=["contact"])

    assert not visible_tickets(chris).exists()
    assert can_create_ticket(chris) is False


@pytest.mark.parametrize("key", ["abc", "", None, "2026-999999", "-1", 10**12])
def test_unknown_or_malformed_keys_are_not_found(ad, make_ticket, key):
    make_ticket(ad)

    with pytest.raises(Http404):
        ticket_for(ad, key)


def test_looking_up_a_ticket_takes_two_queries_for_an_agent(
    anna, make_ticket, teams, django_assert_num_queries
):
    ticket = make_ticket(anna, team=teams["first"])

    with django_assert_num_queries(2):  # the agent's teams, then the ticket
        ticket_for(anna, ticket.number)


def test_looking_up_a_ticket_takes_one_query_for_an_admin(
    ad, make_ticket, django_assert_num_queries
):
    ticket = make_ticket(ad)

    with django_assert_num_queries(1):
        ticket_for(ad, ticket.pk)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_work_on_tickets_and_everyone_with_a_contact_creates(people, persona):
    user = people[persona]

    assert can_work_on_tickets(user) is (persona not in CUSTOMERS)
    assert can_create_ticket(user) is True


def test_customer_replies_only_on_their_own_ticket(people, situated):
    own = situated("chris_own", "chris")
    other = situated("camille_own", "chris")

    assert can_reply(people["chris"], own) is True
    assert can_reply(people["chris"], other) is False
    assert can_reply(people["anna"], own) is True
