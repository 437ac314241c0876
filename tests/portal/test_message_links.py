"""A reply with a help article: the customer can click through to the article."""

import pytest
from django.conf import settings
from django.urls import reverse

from loket.knowledge import usage
from loket.portal.templatetags.loket_portal import message

pytestmark = pytest.mark.django_db


def test_sent_article_is_a_link_on_the_customers_ticket(
    client, chris, anna, chris_ticket, public_article
):
    usage.send_article_to_customer(chris_ticket, public_article, acting_user=anna)
    client.force_login(chris)
    page = client.get(reverse("portal:ticket", args=[chris_ticket.number])).content.decode()
    path = f"{settings.SITE_URL}/portal/kb/{public_article.pk}/?lang=nl"
    assert f'<a href="{path}">{path}</a>' in page


def test_message_escapes_html_and_keeps_paragraphs():
    html = message('<script>alert(1)</script>\n\nSee /portal/kb/7/?lang=fr, "quoted"')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="/portal/kb/7/?lang=fr">/portal/kb/7/?lang=fr</a>' in html
    assert html.count("<p>") == 2


def test_message_links_only_article_paths_of_this_site():
    assert "<a" not in message("https://evil.example/portal/kb/7/")
    assert "<a" not in message("/portal/kb/7/../../admin/")
    assert "<a" not in message("/portal/kb/x/")


def test_article_path_at_the_end_of_a_sentence_is_linked():
    assert '<a href="/portal/kb/7/">/portal/kb/7/</a>.' in message("Read /portal/kb/7/.")
