"""Frequent problems: similar recent tickets without a problem, grouped."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.knowledge import services as knowledge
from loket.problems.models import ProblemLink
from loket.problems.services import frequent_problems, link_ticket

# The page asks about the real last days, so the tickets are recent for real.
NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)


@pytest.fixture
def desk(make_ticket, anna, categories, org_a, org_b, contact_a, contact_b):
    """Three Dutch and one French VPN ticket, three printer tickets, some noise."""
    vpn = [
        (
            "VPN verbinding valt weg",
            "Sinds vanochtend valt de VPN verbinding elk uur weg.",
            contact_a,
        ),
        ("VPN verbinding verbroken", "De VPN verbinding wordt telkens verbroken.", contact_a),
        (
            "VPN verbinding traag en valt weg",
            "Thuiswerken lukt niet, VPN verbinding weg.",
            contact_a,
        ),
    ]
    printer = [
        ("Printer prints blank pages", "The printer on floor 2 prints blank pages.", contact_b),
        ("Blank pages from printer", "Every job gives blank pages.", contact_b),
        ("Printer: blank pages again", "Toner is fine but pages are blank.", contact_a),
    ]
    noise = [
        ("Nieuwe muis nodig", "Mijn muis is kapot.", contact_a),
        ("Password reset", "Forgot my password.", contact_b),
    ]
    made = {"vpn": [], "printer": [], "noise": []}
    for group, rows, category in (
        ("vpn", vpn, categories["account"]),
        ("printer", printer, categories["printing"]),
        ("noise", noise, None),
    ):
        for n, (subject, description, contact) in enumerate(rows):
            made[group].append(
                make_ticket(
                    anna,
                    subject=subject,
                    description=description,
                    contact=contact,
                    category=category,
                    now=NOW - (n + 1) * DAY,
                )
            )
    return made


def ids(cluster):
    return {t.pk for t in cluster.tickets}


def test_similar_tickets_form_groups_biggest_first(desk):
    clusters = frequent_problems(now=NOW)
    groups = [ids(c) for c in clusters]
    assert {t.pk for t in desk["vpn"]} in groups
    assert {t.pk for t in desk["printer"]} in groups
    assert all(len(g) >= 3 for g in groups)
    noise = {t.pk for t in desk["noise"]}
    assert not any(g & noise for g in groups)


def test_a_group_is_labelled_with_its_shared_words(desk, categories, org_a, org_b):
    clusters = {frozenset(ids(c)): c for c in frequent_problems(now=NOW)}
    printer = clusters[frozenset(t.pk for t in desk["printer"])]
    assert "blank" in printer.label and "pages" in printer.label
    assert printer.count == 3
    assert printer.category == categories["printing"]
    assert printer.organisations == [org_a, org_b]
    assert printer.has_article is False


def test_linked_and_old_tickets_are_left_out(desk, problem, anna):
    link_ticket(desk["printer"][0], problem, acting_user=anna)
    groups = [ids(c) for c in frequent_problems(now=NOW)]
    assert not any(t.pk in g for g in groups for t in desk["printer"])
    assert frequent_problems(days=1, now=NOW) == []


def test_smaller_groups_appear_with_a_lower_minimum(desk, anna, problem):
    link_ticket(desk["printer"][0], problem, acting_user=anna)
    groups = [ids(c) for c in frequent_problems(min_size=2, now=NOW)]
    assert {t.pk for t in desk["printer"][1:]} in groups


def test_groups_can_be_narrowed_to_a_category_or_organisation(desk, categories, org_b):
    only_printing = frequent_problems(category=categories["hardware"], now=NOW)
    assert [ids(c) for c in only_printing] == [{t.pk for t in desk["printer"]}]
    assert frequent_problems(organisation=org_b, now=NOW) == []
    assert len(frequent_problems(organisation=org_b, min_size=2, now=NOW)) == 1


def test_a_published_article_on_the_subject_is_noticed(desk, sofie, categories):
    article = knowledge.create_article(
        acting_user=sofie,
        translations={
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Check the toner and the driver.",
                "body": "When the printer gives blank pages, reinstall the driver.",
            }
        },
        category=categories["printing"],
    )
    knowledge.publish_article(article, acting_user=sofie)
    clusters = {frozenset(ids(c)): c for c in frequent_problems(now=NOW)}
    assert clusters[frozenset(t.pk for t in desk["printer"])].has_article is True
    assert clusters[frozenset(t.pk for t in desk["vpn"])].has_article is False


def test_a_draft_article_does_not_count(desk, sofie):
    knowledge.create_article(
        acting_user=sofie,
        translations={"en": {"title": "Printer prints blank pages", "body": "Draft."}},
    )
    clusters = {frozenset(ids(c)): c for c in frequent_problems(now=NOW)}
    assert clusters[frozenset(t.pk for t in desk["printer"])].has_article is False


def test_the_page_shows_clusters_and_creates_a_problem_from_one(client, sofie, ad, desk):
    client.force_login(ad)
    response = client.get(reverse("problems:frequent"), {"days": 90})
    assert response.status_code == 200
    assert "no article" in response.text
    assert "Create problem from cluster" in response.text
    printer_ids = ",".join(str(t.pk) for t in desk["printer"])
    prefill = client.get(
        reverse("problems:create"), {"title": "printer blank", "tickets": printer_ids}
    )
    assert 'value="printer blank"' in prefill.text
    response = client.post(
        reverse("problems:create"),
        {
            "title": "Printers print blank pages",
            "symptoms": "Blank pages.",
            "status": "investigating",
            "link_tickets": printer_ids,
        },
    )
    assert response.status_code == 302
    assert ProblemLink.objects.count() == 3


def test_bad_filters_fall_back_to_defaults(client, sofie, desk):
    client.force_login(sofie)
    response = client.get(
        reverse("problems:frequent"), {"days": "x", "category": "999", "min_size": "-1"}
    )
    assert response.status_code == 200


def test_a_published_article_marks_the_cluster_as_covered(desk, sofie):
    from loket.knowledge.services import create_article, publish_article

    article = create_article(
        acting_user=sofie,
        translations={
            "en": {
                "title": "Printer prints blank pages",
                "summary": "Blank pages",
                "body": "Replace the toner.",
            }
        },
    )
    clusters = {frozenset(ids(c)): c for c in frequent_problems(now=NOW)}
    assert clusters[frozenset(t.pk for t in desk["printer"])].has_article is False  # a draft
    publish_article(article, acting_user=sofie)
    clusters = {frozenset(ids(c)): c for c in frequent_problems(now=NOW)}
    assert clusters[frozenset(t.pk for t in desk["printer"])].has_article is True
    assert clusters[frozenset(t.pk for t in desk["vpn"])].has_article is False
