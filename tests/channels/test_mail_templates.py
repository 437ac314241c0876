"""The mail templates: shipped in three languages, edited by administrators only, with
their placeholders checked and a preview; the outbox in the admin."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from loket.accounts.models import Role
from loket.accounts.services import create_user
from loket.channels import outbound
from loket.channels.models import MailTemplate, OutboundMessage, SendStatus, TemplateKind
from loket.macros.placeholders import TOKEN

pytestmark = pytest.mark.django_db


def test_every_kind_is_shipped_in_dutch_french_and_english():
    shipped = set(MailTemplate.objects.values_list("kind", "language"))
    assert shipped == {(k, lang) for k in TemplateKind.values for lang in ("nl", "fr", "en")}


@pytest.mark.parametrize("template", range(18))
def test_shipped_texts_use_only_known_placeholders(template):
    row = MailTemplate.objects.order_by("kind", "language")[template]
    assert outbound.unknown_placeholders(row.subject) == []
    assert outbound.unknown_placeholders(row.body) == []


def test_contact_mails_end_with_the_ticket_link_and_agent_mails_have_one():
    for row in MailTemplate.objects.all():
        names = [m.group(1) for m in TOKEN.finditer(row.body)]
        if row.kind in outbound.CONTACT_KINDS:
            assert row.body.rstrip().endswith("{ticket_url}"), row
        else:
            assert "ticket_url" in names, row


def test_dutch_says_u_and_french_says_vous():
    for row in MailTemplate.objects.filter(language="nl"):
        text = f" {row.subject} {row.body} ".lower()
        assert " je " not in text and " jij " not in text and " jouw " not in text, row
    for row in MailTemplate.objects.filter(language="fr"):
        text = f" {row.subject} {row.body} ".lower()
        assert " tu " not in text and " ton " not in text and " ta " not in text, row
    resolved = MailTemplate.objects.get(kind="resolved", language="nl").body
    assert "{reopen_days} dagen" in resolved


def test_filling_is_a_plain_lookup_never_format():
    template = MailTemplate(subject="{ticket_number.__class__}", body="{0} {ticket_number} {")
    subject, body = outbound.render(template, {"ticket_number": "2026-000001"}, "2026-000001")
    assert subject == "{ticket_number.__class__} [#2026-000001]"
    assert body == "{0} 2026-000001 {\n"


def test_the_ticket_tag_is_not_added_twice():
    template = MailTemplate(subject="About [#{ticket_number}]", body="x")
    subject, _body = outbound.render(template, {"ticket_number": "2026-000001"}, "2026-000001")
    assert subject == "About [#2026-000001]"


def test_a_long_or_odd_subject_stays_one_line_with_its_tag():
    template = MailTemplate(subject="Re: {ticket_subject}", body="x")
    odd = "x" * 400 + "\r\nBcc: someone@example.org"
    subject, _body = outbound.render(template, {"ticket_subject": odd}, "2026-000001")
    assert len(subject) <= 300
    assert subject.endswith(" [#2026-000001]")
    assert "\n" not in subject and "\r" not in subject


# --- the admin ------------------------------------------------------------------------


def change_url(template):
    return reverse("admin:channels_mailtemplate_change", args=[template.pk])


def form_data(template, **changes):
    data = {
        "kind": template.kind,
        "language": template.language,
        "subject": template.subject,
        "body": template.body,
        "is_active": "on",
    }
    return data | changes


def test_an_administrator_edits_a_template(client, ad):
    template = MailTemplate.objects.get(kind="waiting", language="en")
    client.force_login(ad)
    page = client.get(change_url(template))
    assert page.status_code == 200
    assert "{ticket_url}" in page.text  # the list of placeholders
    assert "[#2026-000123]" in page.text  # the preview for the sample ticket
    response = client.post(
        change_url(template), form_data(template, body="Dear {contact_name}, {ticket_url}")
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body == "Dear {contact_name}, {ticket_url}"


def test_unknown_placeholders_are_refused_with_the_valid_ones_listed(client, ad):
    template = MailTemplate.objects.get(kind="waiting", language="en")
    client.force_login(ad)
    response = client.post(
        change_url(template), form_data(template, body="Hello {nope}, see {ticket_url}")
    )
    assert response.status_code == 200
    assert "{nope} is not a placeholder" in response.text
    assert "{ticket_number}" in response.text and "{reply_text}" in response.text
    template.refresh_from_db()
    assert "{nope}" not in template.body


@pytest.fixture
def supervisor_with_admin_rights(db):
    """A supervisor someone gave every Django permission: still not an administrator."""
    user = create_user(username="sue", role=Role.SUPERVISOR, password="pw")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def test_only_administrators_may_edit_templates(client, supervisor_with_admin_rights, anna):
    template = MailTemplate.objects.get(kind="waiting", language="en")
    for user in (supervisor_with_admin_rights, anna):
        client.force_login(user)
        page = client.get(change_url(template))
        assert page.status_code == 302 and "/admin/login/" in page.url
        response = client.post(change_url(template), form_data(template, subject="Hacked"))
        assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject != "Hacked"


def test_the_template_pages_ask_the_channels_policy(rf, supervisor_with_admin_rights, ad):
    model_admin = admin.site._registry[MailTemplate]
    for user, allowed in ((supervisor_with_admin_rights, False), (ad, True)):
        request = rf.get("/")
        request.user = user
        assert model_admin.has_view_permission(request) is allowed
        assert model_admin.has_change_permission(request) is allowed
        assert model_admin.has_add_permission(request) is allowed


def test_templates_are_switched_off_not_deleted(client, ad):
    template = MailTemplate.objects.get(kind="waiting", language="en")
    client.force_login(ad)
    delete = reverse("admin:channels_mailtemplate_delete", args=[template.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert MailTemplate.objects.filter(pk=template.pk).exists()


def outbox_row(status, **fields):
    return OutboundMessage.objects.create(
        kind=TemplateKind.RECEIVED,
        to_address="pat@acme.example",
        from_address="Loket <support@loket.example>",
        language="en",
        subject="Hello",
        body="Hello",
        message_id=f"<{status}.{fields.pop('n', 0)}@loket.example>",
        status=status,
        attempts=6,
        last_error="550 No such user",
        created_at=timezone.now(),
        **fields,
    )


def test_the_outbox_is_read_only_and_failed_mail_can_be_sent_again(client, ad):
    failed = outbox_row(SendStatus.FAILED)
    sent = outbox_row(SendStatus.SENT, sent_at=timezone.now())
    client.force_login(ad)
    listing = reverse("admin:channels_outboundmessage_changelist")
    page = client.get(listing, {"status__exact": "failed"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    change = reverse("admin:channels_outboundmessage_change", args=[failed.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"subject": "Changed"}).status_code == 403
    response = client.post(
        listing,
        {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )
    assert "1 failed mail will be sent again." in response.text
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (SendStatus.QUEUED, 0, "")
    assert failed.next_attempt_at is not None
    assert sent.status == SendStatus.SENT


def test_the_outbox_is_for_administrators_only(client, supervisor_with_admin_rights):
    client.force_login(supervisor_with_admin_rights)
    listing = reverse("admin:channels_outboundmessage_changelist")
    assert client.get(listing).status_code == 302
