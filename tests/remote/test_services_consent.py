"""Consent rules: who consented, how, to what, and when it stops counting."""

from datetime import timedelta

import pytest
from django.utils import translation

from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.remote import links, services
from loket.remote.models import (
    AuditAction,
    ConsentAuditEntry,
    ConsentState,
    EndReason,
)
from loket.tickets.models import AppendOnlyError, EventKind, Ticket

from .conftest import NOW

pytestmark = pytest.mark.django_db


def verbal(ticket, tool, user, now=NOW):
    return services.record_verbal_consent(
        ticket, tool=tool, acting_user=user, text_read_confirmed=True, now=now
    )


def test_consent_text_is_in_the_contacts_language_and_names_everything(ticket, tool, anna):
    text, language = services.consent_text(ticket, tool, agent=anna)
    assert language == "nl"
    assert ticket.number in text
    assert "Quick Assist" in text
    assert "Anna" in text


def test_consent_text_follows_a_french_contact(make_ticket, anna, contact_b, tool):
    ticket = make_ticket(anna, contact=contact_b)
    _text, language = services.consent_text(ticket, tool, agent=anna)
    assert language == "fr"


def test_consent_text_does_not_change_the_agents_language(ticket, tool, anna):
    with translation.override("en"):
        services.consent_text(ticket, tool, agent=anna)
        assert translation.get_language() == "en"


def test_verbal_consent_without_the_confirmation_is_refused(ticket, tool, anna):
    with pytest.raises(InvalidInput) as refused:
        services.record_verbal_consent(
            ticket, tool=tool, acting_user=anna, text_read_confirmed=False, now=NOW
        )
    assert refused.value.code == "consent_not_read"
    assert not ticket.remote_consents.exists()


def test_a_ticket_without_contact_cannot_get_consent(make_ticket, anna, tool):
    ticket = make_ticket(anna)
    with pytest.raises(InvalidInput) as refused:
        verbal(ticket, tool, anna)
    assert refused.value.code == "contact_required"


def test_verbal_consent_keeps_who_when_how_and_the_text(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    assert consent.contact == ticket.contact
    assert consent.method == "verbal"
    assert consent.confirmed_by == anna
    assert consent.given_at == NOW
    assert consent.valid_until == NOW + timedelta(hours=8)
    assert consent.text == services.consent_text(ticket, tool, agent=anna)[0]
    assert consent.language == "nl"
    assert consent.state(NOW) == ConsentState.VALID
    assert services.valid_consent(ticket, tool, now=NOW) == consent


def test_no_consent_means_no_session(ticket, anna):
    with pytest.raises(InvalidInput) as refused:
        services.start_session(ticket, consent=None, reference="123", acting_user=anna, now=NOW)
    assert refused.value.code == "no_consent"
    assert not ticket.remote_sessions.exists()


def test_a_session_starts_and_ends_under_a_valid_consent(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference=" 483 920 ", acting_user=anna, now=NOW
    )
    assert session.reference == "483 920"
    assert session.tool == tool
    assert session.is_running
    with pytest.raises(InvalidInput) as twice:
        services.start_session(ticket, consent=consent, reference="1", acting_user=anna, now=NOW)
    assert twice.value.code == "session_running"
    services.end_session(session, acting_user=anna, now=NOW + timedelta(minutes=20))
    session.refresh_from_db()
    assert session.ended_at == NOW + timedelta(minutes=20)
    assert session.end_reason == EndReason.ENDED


def test_a_session_needs_a_reference(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    with pytest.raises(InvalidInput) as refused:
        services.start_session(ticket, consent=consent, reference="  ", acting_user=anna, now=NOW)
    assert refused.value.code == "reference_required"


def test_consent_past_valid_until_is_refused(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    later = NOW + timedelta(hours=8, seconds=1)
    assert services.valid_consent(ticket, tool, now=later) is None
    with pytest.raises(InvalidInput) as refused:
        services.start_session(ticket, consent=consent, reference="1", acting_user=anna, now=later)
    assert refused.value.code == "consent_expired"


def test_consent_for_another_tool_is_refused(ticket, tool, other_tool, anna):
    consent = verbal(ticket, tool, anna)
    assert services.valid_consent(ticket, other_tool, now=NOW) is None
    with pytest.raises(InvalidInput) as refused:
        services.start_session(
            ticket, consent=consent, tool=other_tool, reference="1", acting_user=anna, now=NOW
        )
    assert refused.value.code == "no_consent"


def test_consent_of_another_ticket_is_refused(ticket, make_ticket, contact_a, tool, anna):
    consent = verbal(ticket, tool, anna)
    other = make_ticket(anna, contact=contact_a)
    with pytest.raises(InvalidInput) as refused:
        services.start_session(other, consent=consent, reference="1", acting_user=anna, now=NOW)
    assert refused.value.code == "no_consent"


def test_withdrawing_ends_the_running_session_and_refuses_new_ones(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference="1", acting_user=anna, now=NOW
    )
    later = NOW + timedelta(minutes=5)
    services.withdraw_consent(consent, acting_user=anna, reason="Caller changed mind", now=later)
    session.refresh_from_db()
    consent.refresh_from_db()
    assert session.ended_at == later
    assert session.end_reason == EndReason.CONSENT_WITHDRAWN
    assert consent.withdrawn_by == anna
    assert consent.withdrawal_reason == "Caller changed mind"
    with pytest.raises(InvalidInput) as refused:
        services.start_session(ticket, consent=consent, reference="2", acting_user=anna, now=later)
    assert refused.value.code == "consent_withdrawn"
    with pytest.raises(InvalidInput) as again:
        services.withdraw_consent(consent, acting_user=anna, now=later)
    assert again.value.code == "consent_withdrawn"


def test_a_second_consent_while_one_is_valid_is_refused(ticket, tool, anna):
    verbal(ticket, tool, anna)
    with pytest.raises(InvalidInput) as refused:
        verbal(ticket, tool, anna, now=NOW + timedelta(minutes=1))
    assert refused.value.code == "consent_exists"


def test_ending_after_the_consent_expired_says_so(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference="1", acting_user=anna, now=NOW
    )
    services.end_session(session, acting_user=anna, now=NOW + timedelta(hours=9))
    session.refresh_from_db()
    assert session.end_reason == EndReason.EXPIRED


def test_the_worker_ends_sessions_whose_consent_expired(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference="1", acting_user=anna, now=NOW
    )
    from loket.planning import periodic

    assert periodic.run(now=NOW + timedelta(hours=1))["remote_sessions_expired"] == 0
    assert periodic.run(now=NOW + timedelta(hours=8))["remote_sessions_expired"] == 1
    session.refresh_from_db()
    assert session.end_reason == EndReason.EXPIRED


def test_every_step_is_on_the_timeline_and_in_the_audit(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference="77", acting_user=anna, now=NOW
    )
    services.end_session(session, acting_user=anna, now=NOW + timedelta(minutes=3))
    services.withdraw_consent(consent, acting_user=anna, now=NOW + timedelta(minutes=4))
    events = list(ticket.events.filter(kind=EventKind.REMOTE).order_by("id"))
    assert [e.data["action"] for e in events] == [
        "given_verbally",
        "session_started",
        "session_ended",
        "withdrawn",
    ]
    assert not any(e.is_public for e in events)
    assert all(e.author == anna for e in events)
    audit = list(consent.audit.order_by("id").values_list("action", flat=True))
    assert audit == [
        AuditAction.GIVEN_VERBALLY,
        AuditAction.SESSION_STARTED,
        AuditAction.SESSION_ENDED,
        AuditAction.WITHDRAWN,
    ]
    entry = consent.audit.first()
    assert entry.actor == anna
    assert entry.ip_address is None  # agents' actions keep no address


def test_audit_entries_cannot_be_changed_or_deleted(ticket, tool, anna):
    consent = verbal(ticket, tool, anna)
    entry = consent.audit.get()
    entry.details = {"forged": True}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ConsentAuditEntry.objects.filter(pk=entry.pk).update(details={})
    with pytest.raises(AppendOnlyError):
        ConsentAuditEntry.objects.filter(pk=entry.pk).delete()
    assert ConsentAuditEntry.objects.get(pk=entry.pk).details != {"forged": True}
    with pytest.raises(AppendOnlyError):
        consent.audit.update(details={})  # nor through the consent's related manager
    assert consent.audit.count() == 1


def test_an_inactive_tool_cannot_be_consented_to(ticket, tool, anna):
    tool.is_active = False
    tool.save(update_fields=["is_active"])
    with pytest.raises(InvalidInput) as refused:
        verbal(ticket, tool, anna)
    assert refused.value.code == "tool_inactive"


def resolve(ticket, user, code):
    from loket.tickets.services import resolve_ticket

    return resolve_ticket(
        ticket, resolution="Fixed.", code=code, acting_user=user, version=None, now=NOW
    )


def test_no_consent_is_asked_on_a_resolved_ticket(ticket, tool, anna, resolution_code):
    resolve(ticket, anna, resolution_code)
    with pytest.raises(TransitionNotAllowed) as verbally:
        verbal(ticket, tool, anna)
    with pytest.raises(TransitionNotAllowed) as by_link:
        links.send_consent_link(ticket, tool=tool, acting_user=anna, now=NOW)
    assert verbally.value.code == by_link.value.code == "ticket_not_open"
    assert not ticket.remote_consents.exists()


def test_the_ticket_is_read_from_the_database_not_from_the_callers_copy(
    ticket, tool, anna, resolution_code
):
    stale = Ticket.objects.get(pk=ticket.pk)
    resolve(ticket, anna, resolution_code)
    with pytest.raises(TransitionNotAllowed):
        links.issue_consent_link(stale, tool=tool, acting_user=anna, now=NOW)


def test_no_session_starts_on_a_closed_ticket(ticket, tool, anna, resolution_code):
    from loket.tickets.services import close_ticket

    consent = verbal(ticket, tool, anna)
    close_ticket(resolve(ticket, anna, resolution_code), acting_user=anna, version=None, now=NOW)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.start_session(ticket, consent=consent, reference="1", acting_user=anna, now=NOW)
    assert refused.value.code == "ticket_not_open"
    assert not ticket.remote_sessions.exists()


def test_consent_is_withdrawn_and_a_session_ended_after_the_ticket_is_resolved(
    ticket, tool, anna, resolution_code
):
    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference="1", acting_user=anna, now=NOW
    )
    resolve(ticket, anna, resolution_code)
    later = NOW + timedelta(minutes=5)
    services.end_session(session, acting_user=anna, now=later)
    services.withdraw_consent(consent, acting_user=anna, now=later)
    session.refresh_from_db()
    consent.refresh_from_db()
    assert session.end_reason == EndReason.ENDED
    assert consent.withdrawn_at == later


def test_withdrawing_after_the_ticket_closed_ends_the_running_session(
    ticket, tool, anna, resolution_code
):
    from loket.tickets.services import close_ticket

    consent = verbal(ticket, tool, anna)
    session = services.start_session(
        ticket, consent=consent, reference="1", acting_user=anna, now=NOW
    )
    close_ticket(resolve(ticket, anna, resolution_code), acting_user=anna, version=None, now=NOW)
    services.withdraw_consent(consent, acting_user=anna, now=NOW + timedelta(minutes=1))
    session.refresh_from_db()
    assert session.end_reason == EndReason.CONSENT_WITHDRAWN
