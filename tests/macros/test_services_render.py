"""Rendering a canned answer: language and profile choice, placeholders, fallbacks."""

from datetime import UTC, datetime

import pytest

from loket.directory.services import create_contact
from loket.macros.placeholders import fill, unknown_placeholders
from loket.macros.services import macro_by_key, render_macro

pytestmark = pytest.mark.django_db


def test_it_renders_in_the_contacts_language(macro, make_ticket, anna, contact_a, contact_b):
    nl = render_macro(macro, ticket=make_ticket(contact=contact_a), acting_user=anna)
    fr = render_macro(macro, ticket=make_ticket(contact=contact_b), acting_user=anna)
    assert nl.language == "nl"
    assert nl.text == "Beste Chris Claes, uw printer werkt weer. Anna"
    assert fr.language == "fr"
    assert fr.text.startswith("Bonjour Camille Dubois,")
    assert nl.kind == "reply"


def test_an_explicit_language_wins(macro, make_ticket, anna, contact_a):
    rendered = render_macro(
        macro, ticket=make_ticket(contact=contact_a), acting_user=anna, language="en"
    )
    assert rendered.language == "en"
    assert rendered.text.startswith("Dear Chris Claes")


def test_it_falls_back_to_dutch_then_french_then_english(make_macro, make_ticket, anna, org_a):
    english = create_contact(first_name="Eve", last_name="Evans", organisation=org_a, language="en")
    ticket = make_ticket(contact=english)
    only_fr_en = make_macro(
        key="fr-en", texts={("fr", ""): "Bonjour {contact_first_name}", ("en", ""): "Hi"}
    )
    assert render_macro(only_fr_en, ticket=ticket, acting_user=anna).language == "en"
    only_fr = make_macro(key="fr-only", texts={("fr", ""): "Bonjour {contact_first_name}"})
    rendered = render_macro(only_fr, ticket=ticket, acting_user=anna)
    assert (rendered.language, rendered.text) == ("fr", "Bonjour Eve")
    nl_fr = make_macro(key="nl-fr", texts={("fr", ""): "Bonjour", ("nl", ""): "Dag"})
    assert render_macro(nl_fr, ticket=ticket, acting_user=anna).language == "nl"


def test_it_picks_the_profile_variant_then_the_default(make_macro, make_ticket, anna, contact_a):
    macro = make_macro(
        texts={
            ("nl", ""): "Standaard",
            ("nl", "novice"): "Eenvoudig",
            ("nl", "it_professional"): "Technisch",
        }
    )
    assert render_macro(macro, ticket=make_ticket(contact=contact_a), acting_user=anna).text == (
        "Eenvoudig"
    )
    contact_a.profile = "experienced"
    contact_a.save(update_fields=["profile"])
    assert render_macro(macro, ticket=make_ticket(contact=contact_a), acting_user=anna).text == (
        "Standaard"
    )


def test_a_language_with_only_a_variant_still_serves(make_macro, make_ticket, anna, contact_b):
    macro = make_macro(texts={("fr", "it_professional"): "Technique", ("en", ""): "Default"})
    rendered = render_macro(macro, ticket=make_ticket(contact=contact_b), acting_user=anna)
    assert (rendered.language, rendered.text) == ("fr", "Technique")


def test_every_placeholder_is_filled(make_macro, make_ticket, anna, contact_a):
    body = (
        "{contact_name}|{contact_first_name}|{ticket_number}|{ticket_subject}|"
        "{agent_name}|{agent_first_name}|{organisation}|{due_time}"
    )
    macro = make_macro(texts={("nl", ""): body})
    ticket = make_ticket(contact=contact_a, subject="Scanner stuk")
    ticket.sla_due_at = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)  # 14:00 in Brussels
    parts = render_macro(macro, ticket=ticket, acting_user=anna).text.split("|")
    assert parts[:7] == [
        "Chris Claes",
        "Chris",
        ticket.number,
        "Scanner stuk",
        "Anna",
        "Anna",
        "Acme Logistics",
    ]
    assert parts[7] == "uiterlijk maandag 30 november om 14:00"


def test_the_due_time_is_in_the_contacts_language(make_macro, make_ticket, anna, contact_b):
    macro = make_macro(texts={("fr", ""): "{due_time}", ("en", ""): "{due_time}"})
    ticket = make_ticket(contact=contact_b)
    ticket.sla_due_at = datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert render_macro(macro, ticket=ticket, acting_user=anna).text == (
        "au plus tard le lundi 30 novembre à 14:00"
    )
    en = render_macro(macro, ticket=ticket, acting_user=anna, language="en").text
    assert en == "by Monday 30 November at 14:00"


def test_without_a_due_time_it_says_as_soon_as_possible(make_macro, make_ticket, anna):
    macro = make_macro(texts={("nl", ""): "U hoort {due_time} van ons, {contact_name}."})
    ticket = make_ticket()
    ticket.sla_due_at = None
    assert render_macro(macro, ticket=ticket, acting_user=anna).text == (
        "U hoort zo snel mogelijk van ons, klant."
    )


def test_odd_braces_are_left_alone_when_rendering():
    text = "{ticket_number.__class__} {0} {} {{x}} {agent_name!r} {ticket_number}"
    assert fill(text, {"ticket_number": "2026-1"}) == (
        "{ticket_number.__class__} {0} {} {{x}} {agent_name!r} 2026-1"
    )


def test_unknown_placeholders_are_found():
    assert unknown_placeholders("Hi {contact_name}, {naam} {naam} { ticket }") == [
        "naam",
        "ticket",
    ]


def test_macro_by_key_finds_only_active_macros(make_macro, sofie):
    from loket.macros.services import update_macro

    macro = make_macro(key="gone")
    assert macro_by_key("gone") == macro
    update_macro(macro, acting_user=sofie, is_active=False)
    assert macro_by_key("gone") is None
    assert macro_by_key("nothing") is None


def test_the_complaint_acknowledgement_ships_with_the_database(make_ticket, anna, contact_a):
    macro = macro_by_key("complaint-acknowledgement")
    assert macro is not None
    languages = {(t.language, t.profile) for t in macro.texts.all()}
    assert languages >= {(lang, p) for lang in ("nl", "fr", "en") for p in ("", "novice")}
    ticket = make_ticket(contact=contact_a)
    text = render_macro(macro, ticket=ticket, acting_user=anna).text
    assert ticket.number in text and "Chris Claes" in text and "Anna" in text
    assert "{" not in text
    assert " u " in text  # the polite "u"-form
    for key in ("waiting-for-your-answer", "resolved-please-confirm"):
        assert macro_by_key(key) is not None
