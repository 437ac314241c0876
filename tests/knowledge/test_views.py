"""The knowledge base pages: search, read, write, review, versions, attachments, tickets."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from loket.knowledge import services, usage
from loket.knowledge.models import Article, ArticleRequest, ArticleStatus
from loket.tickets.services import resolve_ticket

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def url(name, *args):
    return reverse(f"knowledge:{name}", args=args)


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# --- list and search -------------------------------------------------------------------


def test_staff_find_internal_drafts_with_highlighted_snippets(as_user, anna, bob, draft):
    response = as_user(bob).get(url("index"), {"q": "toner"})
    assert response.status_code == 200
    assert "Printer" in response.text
    assert "<mark>" in response.text


def test_search_as_you_type_returns_the_results_fragment(as_user, anna, draft):
    response = as_user(anna).get(url("index"), {"q": "ton"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="kb-results"' in response.text
    assert "Printer" in response.text


def test_search_offers_a_correction(as_user, anna, draft):
    response = as_user(anna).get(url("index"), {"q": "tonerr"})
    assert response.status_code == 200
    assert "Did you mean" in response.text
    assert 'href="?q=toner"' in response.text


def test_search_says_when_it_broadened(as_user, anna, draft):
    text = as_user(anna).get(url("index"), {"q": "toner printr"}).text
    assert "No article contains all your words" in text
    assert "Printer prints blank pages" in text


def test_filters_narrow_the_list(as_user, anna, draft, public_article):
    client = as_user(anna)
    text = client.get(url("index"), {"status": "published"}).text
    assert "Wachtwoord vergeten" in text and "Printer drukt" not in text
    text = client.get(url("index"), {"audience": "internal", "language": "en"}).text
    assert "Printer prints blank pages" in text and "Wachtwoord" not in text


def test_bad_filters_are_ignored(as_user, anna, draft):
    response = as_user(anna).get(url("index"), {"status": "nonsense", "category": "x", "page": "z"})
    assert response.status_code == 200


def test_customers_get_no_staff_pages(as_user, chris, public_article):
    client = as_user(chris)
    assert client.get(url("index")).status_code == 403
    assert client.get(url("detail", public_article.pk)).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, public_article):
    assert client.get(url("index")).status_code == 302


# --- one article -----------------------------------------------------------------------


def test_the_article_page_renders_the_asked_language_and_counts_a_view(
    as_user, anna, public_article
):
    client = as_user(anna)
    text = client.get(url("detail", public_article.pk), {"lang": "fr"}).text
    assert "Mot de passe oublié" in text
    text = client.get(url("detail", public_article.pk), {"lang": "en"}).text
    assert "Wachtwoord vergeten" in text  # no English: Dutch first
    assert "There is no text in this language yet" in text
    assert "<strong>Wachtwoord vergeten</strong>" in text  # Markdown rendered
    public_article.refresh_from_db()
    assert public_article.view_count == 2


def test_the_page_shows_only_the_buttons_one_may_use(as_user, anna, sofie, draft):
    text = as_user(anna).get(url("detail", draft.pk)).text
    assert "Submit for review" in text and "Publish now" not in text
    text = as_user(sofie).get(url("detail", draft.pk)).text
    assert "Publish now" in text and "Archive" in text


def test_unknown_article_is_404(as_user, anna):
    assert as_user(anna).get(url("detail", 999)).status_code == 404


def test_agent_writes_a_draft_through_the_form(as_user, anna, categories):
    response = as_user(anna).post(
        url("create"),
        {
            "type": "howto",
            "audience": "public",
            "category": categories["printing"].pk,
            "tags": "printer, Toner",
            "title_fr": "Imprimante",
            "summary_fr": "",
            "body_fr": "Remplacez le **toner**.",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", article.pk)
    assert article.translation("fr").title == "Imprimante"
    assert sorted(article.tags.values_list("name", flat=True)) == ["printer", "toner"]
    assert article.status == ArticleStatus.DRAFT


def test_the_form_needs_one_language(as_user, anna):
    response = as_user(anna).post(url("create"), {"type": "faq", "audience": "internal"})
    assert response.status_code == 422
    assert "at least one language" in response.text
    response = as_user(anna).post(
        url("create"), {"type": "faq", "audience": "internal", "title_nl": "Alleen titel"}
    )
    assert response.status_code == 422 and "needs a text" in response.text


def test_edit_form_shows_every_language(as_user, anna, draft):
    text = as_user(anna).get(url("edit", draft.pk)).text
    assert 'name="title_nl"' in text and 'name="body_fr"' in text
    assert "Printer drukt lege pagina" in text


def test_agent_cannot_edit_a_published_article(as_user, anna, public_article):
    assert as_user(anna).get(url("edit", public_article.pk)).status_code == 403


def test_reviewer_edit_makes_a_version(as_user, sofie, public_article):
    response = as_user(sofie).post(
        url("edit", public_article.pk),
        {
            "type": "solution",
            "audience": "public",
            "title_nl": "Wachtwoord kwijt?",
            "body_nl": "Nieuwe tekst",
            "note": "Kortere tekst",
        },
    )
    assert response.status_code == 302
    public_article.refresh_from_db()
    assert public_article.version == 2
    assert public_article.versions.first().note == "Kortere tekst"
    assert not public_article.translations.filter(language="fr").exists()


def test_workflow_buttons(as_user, anna, sofie, draft):
    assert as_user(anna).post(url("action", draft.pk, "submit")).status_code == 302
    assert as_user(anna).post(url("action", draft.pk, "publish")).status_code == 403
    client = as_user(sofie)
    client.post(url("action", draft.pk, "publish"), {"note": "Goed"})
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.PUBLISHED and draft.versions.get().note == "Goed"
    client.post(url("action", draft.pk, "flag"), {"reason": "Nieuw model"})
    draft.refresh_from_db()
    assert draft.needs_update
    assert "Nieuw model" in client.get(url("detail", draft.pk)).text
    client.post(url("action", draft.pk, "clear"))
    client.post(url("action", draft.pk, "archive"))
    draft.refresh_from_db()
    assert not draft.needs_update and draft.status == ArticleStatus.ARCHIVED


def test_schedule_through_the_page(as_user, sofie, draft):
    when = timezone.localtime() + timedelta(days=1)
    as_user(sofie).post(
        url("action", draft.pk, "schedule"), {"publish_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.IN_REVIEW and draft.publish_at is not None
    assert draft.scheduled_by == sofie


def test_an_empty_schedule_is_an_error_message_not_a_500(as_user, sofie, draft):
    response = as_user(sofie).post(url("action", draft.pk, "schedule"), {"publish_at": "soon"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_unknown_action_is_404(as_user, sofie, draft):
    assert as_user(sofie).post(url("action", draft.pk, "explode")).status_code == 404
    assert as_user(sofie).get(url("action", draft.pk, "publish")).status_code == 405


# --- versions --------------------------------------------------------------------------


def test_versions_diff_and_restore(as_user, sofie, public_article):
    services.update_article(
        public_article,
        acting_user=sofie,
        translations={"nl": {"title": "Wachtwoord <kwijt>", "body": "Nieuwe\nregels"}},
    )
    client = as_user(sofie)
    text = client.get(url("versions", public_article.pk)).text
    assert "v2" in text and "v1" in text
    text = client.get(url("diff", public_article.pk), {"a": 1, "b": 2}).text
    assert "<del>Wachtwoord vergeten</del>" in text
    assert "<ins>Wachtwoord &lt;kwijt&gt;</ins>" in text
    response = client.post(url("restore", public_article.pk, 1))
    assert response.status_code == 302
    public_article.refresh_from_db()
    assert public_article.version == 3
    assert public_article.translation("nl").title == "Wachtwoord vergeten"


def test_diff_with_bad_numbers_goes_back_to_the_versions(as_user, anna, public_article):
    response = as_user(anna).get(url("diff", public_article.pk), {"a": "x", "b": 99})
    assert response.status_code == 302


def test_agent_cannot_restore(as_user, anna, public_article):
    assert as_user(anna).post(url("restore", public_article.pk, 1)).status_code == 403


# --- attachments -----------------------------------------------------------------------


def test_image_attachment_is_shown_to_staff_and_to_customers_of_public_articles(
    as_user, anna, sofie, chris, draft, public_article
):
    client = as_user(sofie)
    for article in (draft, public_article):
        client.post(
            url("upload", article.pk),
            {"file": SimpleUploadedFile("screen.png", PNG, content_type="text/html")},
        )
    draft_image = draft.attachments.get()
    public_image = public_article.attachments.get()
    assert public_image.content_type == "image/png"
    response = client.get(url("attachment", draft.pk, draft_image.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "attachment" not in response.get("Content-Disposition", "")
    customer = as_user(chris)
    assert customer.get(url("attachment", public_article.pk, public_image.pk)).status_code == 200
    assert customer.get(url("attachment", draft.pk, draft_image.pk)).status_code == 404
    # An attachment asked through another article is not found.
    assert customer.get(url("attachment", public_article.pk, draft_image.pk)).status_code == 404


def test_other_files_are_downloaded(as_user, anna, draft):
    client = as_user(anna)
    client.post(
        url("upload", draft.pk),
        {
            "file": SimpleUploadedFile(
                "x.html", b"<script>alert(1)</script>", content_type="text/html"
            )
        },
    )
    item = draft.attachments.get()
    response = client.get(url("attachment", draft.pk, item.pk))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_anonymous_visitors_get_no_attachment(client, public_article):
    assert client.get(url("attachment", public_article.pk, 1)).status_code == 302


# --- from tickets ----------------------------------------------------------------------


@pytest.fixture
def resolved(anna, teams, contact_a, make_ticket, resolution_code):
    ticket = make_ticket(
        acting_user=anna, team=teams["first"], contact=contact_a, description="Blanco pagina's"
    )
    return resolve_ticket(
        ticket, resolution="Toner vervangen", code=resolution_code, acting_user=anna, version=None
    )


def test_draft_from_ticket_goes_to_the_editor(as_user, anna, resolved):
    response = as_user(anna).post(url("from_ticket", resolved.number))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == url("edit", article.pk)
    assert "Toner vervangen" in article.translation("nl").body


def test_draft_from_an_open_ticket_goes_back_with_a_message(as_user, anna, teams, make_ticket):
    ticket = make_ticket(acting_user=anna, team=teams["first"])
    response = as_user(anna).post(url("from_ticket", ticket.number))
    assert response.status_code == 302 and ticket.number in response["Location"]
    assert not Article.objects.exists()


def test_an_agent_cannot_use_a_ticket_they_do_not_see(as_user, bob, resolved):
    assert as_user(bob).post(url("from_ticket", resolved.number)).status_code == 404
    assert as_user(bob).post(url("request", resolved.number)).status_code == 404


def test_flag_needs_article_and_the_supervisors_list(as_user, anna, sofie, resolved):
    response = as_user(anna).post(
        url("request", resolved.number), {"reason": "Vaak"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Needs article" in response.text
    assert ArticleRequest.objects.get().reason == "Vaak"
    assert as_user(anna).get(url("requests")).status_code == 403
    text = as_user(sofie).get(url("requests")).text
    assert resolved.number in text and "Vaak" in text
    usage.draft_from_ticket(resolved, acting_user=anna)
    assert resolved.number not in as_user(sofie).get(url("requests")).text


def test_the_list_takes_the_same_queries_for_many_articles(
    as_user, anna, categories, django_assert_max_num_queries
):
    for n in range(12):
        services.create_article(
            acting_user=anna,
            category=categories["printing"],
            translations={"nl": {"title": f"Artikel {n}", "body": "Tekst"}},
        )
    client = as_user(anna)
    with django_assert_max_num_queries(12):
        response = client.get(url("index"))
    assert response.text.count('class="kb-item"') == 12
