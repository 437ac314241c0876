"""Knowledge articles through the API: who reads what (customers only public, published
articles), writing, the workflow through its actions, versions, search and feedback."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from loket.accounts.services import issue_token
from loket.api.api import api as api_v1
from loket.knowledge.models import Article, ArticleFeedback
from loket.knowledge.services import create_article, publish_article, submit_for_review
from loket.problems.services import create_problem
from tests.api.test_schema_fuzz import EXAMPLES, fuzz, keep_test_connection

PRINTER = {
    "nl": {
        "title": "Printer drukt lege pagina's af",
        "summary": "Vervang de toner.",
        "body": "Als de printer lege pagina's afdrukt, is de toner leeg. Vervang de toner.",
    },
    "fr": {
        "title": "L'imprimante imprime des pages blanches",
        "summary": "Remplacez le toner.",
        "body": "Si l'imprimante imprime des pages blanches, le toner est vide.",
    },
}


def _article(author, *, title, body, audience="public", publish_by=None, **fields):
    article = create_article(
        acting_user=author,
        translations={"en": {"title": title, "summary": "", "body": body}},
        audience=audience,
        **fields,
    )
    if publish_by is not None:
        publish_article(article, acting_user=publish_by)
    return article


@pytest.fixture
def kb(anna, sofie, categories):
    """public: public and published; internal: published for staff; draft: public draft."""
    printer = create_article(
        acting_user=anna,
        translations=PRINTER,
        audience="public",
        category=categories["printing"],
        tags=["printer"],
    )
    publish_article(printer, acting_user=sofie)
    return {
        "public": printer,
        "internal": _article(
            anna,
            title="Reset the print server spooler",
            body="Log in on the print server and restart the spooler service.",
            audience="internal",
            publish_by=sofie,
        ),
        "draft": _article(
            anna, title="Printer jams on thick paper", body="Use the manual paper tray."
        ),
    }


@pytest.fixture
def camille(camille):
    """Camille uses Loket in French."""
    type(camille).objects.filter(pk=camille.pk).update(language="fr")
    camille.language = "fr"
    return camille


def _ids(response):
    assert response.status_code == 200, response.json()
    return {item["id"] for item in response.json()["results"]}


# --- who reads what --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["anna", "sam", "sofie", "ad"])
def test_staff_see_every_article(api, everyone, kb, persona):
    assert _ids(api(everyone[persona]).get("/articles")) == {a.pk for a in kb.values()}


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_reach_only_public_published_articles(api, everyone, kb, persona):
    client = api(everyone[persona])
    assert _ids(client.get("/articles")) == {kb["public"].pk}
    assert _ids(client.get("/articles", {"status": "draft"})) == set()
    assert _ids(client.get("/articles", {"audience": "internal"})) == set()
    assert client.get(f"/articles/{kb['public'].pk}").status_code == 200
    for hidden in ("internal", "draft"):
        answer = client.get(f"/articles/{kb[hidden].pk}")
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_search_only_public_published_articles(api, everyone, kb, persona):
    found = api(everyone[persona]).get("/articles", {"q": "print"}).json()["results"]
    assert [item["id"] for item in found] == [kb["public"].pk]


@pytest.mark.parametrize("persona", ["chris", "camille"])
def test_customers_may_not_write_or_move_articles(api, everyone, kb, persona):
    client = api(everyone[persona])
    public = kb["public"].pk
    new = {"translations": {"en": {"title": "Mine", "body": "Text"}}}
    answers = [
        client.post("/articles", new),
        client.patch(f"/articles/{public}", {"type": "faq"}),
        client.post(f"/articles/{public}/submit"),
        client.post(f"/articles/{public}/publish"),
        client.post(f"/articles/{public}/archive"),
        client.get(f"/articles/{public}/versions"),
    ]
    assert [a.status_code for a in answers] == [403] * 6
    assert client.patch(f"/articles/{kb['draft'].pk}", {"type": "faq"}).status_code == 404


def test_a_customer_sees_no_internal_details(api, chris, kb):
    body = api(chris).get(f"/articles/{kb['public'].pk}").json()
    assert body["author"] is None
    assert body["reviewers"] == []
    assert body["needs_update_reason"] is None


def test_a_request_without_token_is_unauthorised(api, kb):
    assert api(None).get("/articles").status_code == 401
    assert api(None).get(f"/articles/{kb['public'].pk}").json()["code"] == "unauthorized"


# --- reading ---------------------------------------------------------------------------


def test_an_article_comes_with_every_translation_and_safe_html(api, anna, kb):
    body = api(anna).get(f"/articles/{kb['public'].pk}").json()
    assert set(body["translations"]) >= {"nl", "fr"}
    assert body["translations"]["en"] is None
    assert "<p>" in body["translations"]["nl"]["body_html"]
    assert body["status"] == "published"
    assert body["audience"] == "public"
    assert body["tags"] == ["printer"]
    assert body["version"] == 1
    assert body["url"].startswith(f"/portal/kb/{kb['public'].pk}/")
    assert body["author"]["username"] == "anna"


def test_titles_follow_the_readers_language(api, anna, camille, kb):
    # Anna reads Dutch (the default), Camille French.
    assert api(anna).get(f"/articles/{kb['public'].pk}").json()["language"] == "nl"
    french = api(camille).get("/articles").json()["results"][0]
    assert french["title"] == "L'imprimante imprime des pages blanches"
    assert french["language"] == "fr"
    assert french["languages"] == ["fr", "nl"]


def test_script_in_markdown_never_reaches_the_html(api, anna, sofie):
    article = _article(
        anna,
        title="Evil",
        body='Hello <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="a()">',
    )
    html = api(sofie).get(f"/articles/{article.pk}").json()["translations"]["en"]["body_html"]
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html


def test_it_filters_by_status_type_language_and_category(api, anna, kb, categories):
    client = api(anna)
    assert _ids(client.get("/articles", {"status": "draft"})) == {kb["draft"].pk}
    assert _ids(client.get("/articles", {"audience": "internal"})) == {kb["internal"].pk}
    assert _ids(client.get("/articles", {"language": "fr"})) == {kb["public"].pk}
    assert _ids(client.get("/articles", {"category": categories["hardware"].pk})) == {
        kb["public"].pk
    }
    assert len(_ids(client.get("/articles", {"type": "solution"}))) == 3
    assert _ids(client.get("/articles", {"type": "faq"})) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "lost"},
        {"language": "de"},
        {"type": "novel"},
        {"category": 0},
        {"category": 2**64},
        {"q": "x" * 501},
        {"page_size": 101},
    ],
)
def test_bad_filters_are_refused(api, anna, params):
    answer = api(anna).get("/articles", params)
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_error"


def test_an_unknown_category_filter_is_refused_with_its_code(api, anna):
    answer = api(anna).get("/articles", {"category": 999999})
    assert (answer.status_code, answer.json()["code"]) == (422, "unknown_category")


# --- search ----------------------------------------------------------------------------


def test_search_ranks_and_highlights(api, anna, kb):
    body = api(anna).get("/articles", {"q": "spooler"}).json()
    assert body["count"] == 1
    hit = body["results"][0]
    assert hit["id"] == kb["internal"].pk
    assert hit["score"] > 0
    assert "<mark>spooler</mark>" in hit["snippet"]


def test_search_in_french_answers_with_the_french_text(api, anna, kb):
    hit = api(anna).get("/articles", {"q": "imprimante", "language": "fr"}).json()["results"][0]
    assert hit["id"] == kb["public"].pk
    assert hit["language"] == "fr"
    assert "<mark>" in hit["snippet"]


def test_search_results_are_ordered_by_score(api, anna, kb):
    results = api(anna).get("/articles", {"q": "printer"}).json()["results"]
    scores = [item["score"] for item in results]
    assert len(scores) >= 2
    assert scores == sorted(scores, reverse=True)


def test_search_escapes_what_the_article_says(api, anna, sofie):
    _article(anna, title="Tags", body="Type <b>bold</b> in the editor", publish_by=sofie)
    hit = api(anna).get("/articles", {"q": "editor"}).json()["results"][0]
    assert "<b>" not in hit["snippet"]
    assert "&lt;b" in hit["snippet"]


def test_a_search_without_results_is_an_empty_page(api, anna, kb):
    body = api(anna).get("/articles", {"q": "zzzzqqq"}).json()
    assert (body["count"], body["results"]) == (0, [])


def test_a_blank_search_lists_everything(api, anna, kb):
    body = api(anna).get("/articles", {"q": "   "}).json()
    assert body["count"] == 3
    assert body["results"][0]["score"] is None


# --- writing and the workflow ----------------------------------------------------------


def test_an_agent_writes_a_draft_in_two_languages(api, anna, categories):
    answer = api(anna).post(
        "/articles",
        {
            "translations": {
                "nl": {"title": "VPN opnieuw verbinden", "body": "Klik op *verbinden*."},
                "en": {"title": "Reconnect the VPN", "summary": "Quick fix", "body": "Click."},
            },
            "type": "howto",
            "audience": "public",
            "category": categories["account"].pk,
            "tags": ["vpn", "VPN", "remote"],
        },
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "draft"
    assert body["type"] == "howto"
    assert body["title"] == "VPN opnieuw verbinden"
    assert sorted(body["tags"]) == ["remote", "vpn"]
    assert body["version"] == 0
    assert "<em>verbinden</em>" in body["translations"]["nl"]["body_html"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"translations": {}}, "translation_required"),
        ({"translations": {"nl": {"title": "Only a title"}}}, "translation_incomplete"),
        ({"translations": {"nl": {"title": "T", "body": "B"}}, "category": 999999}, None),
        ({"translations": {"de": {"title": "T", "body": "B"}}}, "validation_error"),
        ({"translations": {"nl": {"title": "T" * 201, "body": "B"}}}, "validation_error"),
        ({"translations": {"nl": {"title": "T\x00", "body": "B"}}}, "validation_error"),
        ({"translations": {"nl": {"title": "T", "body": "B"}}, "status": "x"}, None),
        ({"translations": {"nl": {"title": "T", "body": "B"}}, "audience": "world"}, None),
        ({"translations": {"nl": {"title": "T", "body": "B"}}, "reviewers": [999999]}, None),
    ],
)
def test_bad_articles_are_refused(api, anna, body, code):
    answer = api(anna).post("/articles", body)
    assert answer.status_code == 422, answer.json()
    if code:
        assert answer.json()["code"] == code
    assert not Article.objects.exists()


def test_patch_changes_only_what_is_sent_and_removes_a_language_sent_as_null(api, anna, kb):
    draft = kb["draft"]
    create_answer = api(anna).patch(
        f"/articles/{draft.pk}",
        {"translations": {"fr": {"title": "Bourrage", "body": "Utilisez le bac manuel."}}},
    )
    assert {k for k, v in create_answer.json()["translations"].items() if v} == {"en", "fr"}
    answer = api(anna).patch(f"/articles/{draft.pk}", {"translations": {"en": None}, "type": "faq"})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["translations"]["en"] is None
    assert body["translations"]["fr"]["title"] == "Bourrage"
    assert body["type"] == "faq"
    assert body["audience"] == "public"


def test_status_changes_only_through_the_actions(api, sofie, kb):
    answer = api(sofie).patch(f"/articles/{kb['draft'].pk}", {"status": "published"})
    assert (answer.status_code, answer.json()["code"]) == (422, "status_needs_action")
    kb["draft"].refresh_from_db()
    assert kb["draft"].status == "draft"


def test_the_workflow_draft_review_published_archived(api, anna, sofie, kb):
    path = f"/articles/{kb['draft'].pk}"
    assert api(anna).post(f"{path}/submit").json()["status"] == "in_review"
    # An agent does not publish; a supervisor does.
    refused = api(anna).post(f"{path}/publish")
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    published = api(sofie).post(f"{path}/publish", {"note": "Checked"}).json()
    assert (published["status"], published["version"]) == ("published", 1)
    assert published["published_at"] is not None
    again = api(sofie).post(f"{path}/publish")
    assert (again.status_code, again.json()["code"]) == (409, "transition_not_allowed")
    assert api(sofie).post(f"{path}/archive").json()["status"] == "archived"


def test_submitting_twice_is_a_conflict(api, anna, kb):
    api(anna).post(f"/articles/{kb['draft'].pk}/submit")
    answer = api(anna).post(f"/articles/{kb['draft'].pk}/submit")
    assert answer.status_code in (403, 409)


def test_a_named_reviewer_may_publish(api, anna, sam, sofie):
    answer = api(anna).post(
        "/articles",
        {"translations": {"en": {"title": "T", "body": "B"}}, "reviewers": [sam.pk]},
    )
    article = answer.json()
    assert [r["username"] for r in article["reviewers"]] == ["sam"]
    submit_for_review(Article.objects.get(pk=article["id"]), acting_user=anna)
    assert api(sam).post(f"/articles/{article['id']}/publish").status_code == 200


def test_publishing_at_a_future_moment_schedules_it(api, sofie, kb):
    at = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    answer = api(sofie).post(f"/articles/{kb['draft'].pk}/publish", {"at": at.isoformat()})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["status"] == "in_review"
    assert body["publish_at"].startswith(at.strftime("%Y-%m-%dT%H:%M"))


@pytest.mark.parametrize("at", ["tomorrow", "2026-03-02T09:00:00", "2026-02-30T09:00:00Z"])
def test_a_publication_moment_needs_a_valid_time_with_zone(api, sofie, kb, at):
    answer = api(sofie).post(f"/articles/{kb['draft'].pk}/publish", {"at": at})
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")


def test_versions_list_every_publication_and_one_can_be_restored(api, sofie, kb):
    path = f"/articles/{kb['internal'].pk}"
    api(sofie).patch(
        path,
        {
            "translations": {"en": {"title": "Restart the spooler", "body": "New text"}},
            "note": "Shorter",
        },
    )
    versions = api(sofie).get(f"{path}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["note"] == "Shorter"
    assert versions[0]["author"]["username"] == "sofie"
    assert versions[1]["content"]["translations"]["en"]["title"] == (
        "Reset the print server spooler"
    )
    restored = api(sofie).post(f"{path}/restore", {"number": 1}).json()
    assert restored["translations"]["en"]["title"] == "Reset the print server spooler"
    assert restored["version"] == 3
    missing = api(sofie).post(f"{path}/restore", {"number": 42})
    assert missing.status_code == 422


# --- feedback --------------------------------------------------------------------------


def test_a_customer_says_an_article_helped(api, chris, kb):
    answer = api(chris).post(
        f"/articles/{kb['public'].pk}/feedback", {"helpful": True, "comment": "Thanks"}
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json() == {"helpful_count": 1, "not_helpful_count": 0}
    feedback = ArticleFeedback.objects.get()
    assert (feedback.user, feedback.language, feedback.comment) == (chris, "nl", "Thanks")


def test_feedback_counts_show_on_the_article(api, camille, anna, kb):
    api(camille).post(f"/articles/{kb['public'].pk}/feedback", {"helpful": False})
    body = api(anna).get(f"/articles/{kb['public'].pk}").json()
    assert (body["helpful_count"], body["not_helpful_count"]) == (0, 1)
    assert ArticleFeedback.objects.get().language == "fr"


def test_a_customer_cannot_give_feedback_on_an_article_they_may_not_read(api, chris, kb):
    for hidden in ("internal", "draft"):
        answer = api(chris).post(f"/articles/{kb[hidden].pk}/feedback", {"helpful": True})
        assert answer.status_code == 404
    assert not ArticleFeedback.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"helpful": "perhaps"}, {"helpful": True, "comment": "x" * 2001}]
)
def test_bad_feedback_is_refused(api, chris, kb, body):
    answer = api(chris).post(f"/articles/{kb['public'].pk}/feedback", body)
    assert (answer.status_code, answer.json()["code"]) == (422, "validation_error")


# --- queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"q": "printers"}], ids=["list", "search"])
@pytest.mark.parametrize("persona", ["anna", "chris"])
def test_article_list_queries_do_not_grow_with_the_data(
    api, everyone, sofie, categories, persona, params, django_assert_max_num_queries
):
    client = api(everyone[persona])

    def add(count):
        for number in range(count):
            article = create_article(
                acting_user=sofie,
                translations={
                    "nl": {"title": f"Artikel {number}", "body": "Tekst over printers"},
                    "en": {"title": f"Article {number}", "body": "Text about printers"},
                },
                audience="public",
                category=categories["printing"],
                tags=["printer", f"t{number}"],
            )
            publish_article(article, acting_user=sofie)

    add(3)
    client.get("/articles")  # the token's first use records its use time
    with django_assert_max_num_queries(12) as few:
        assert client.get("/articles", params).json()["count"] == 3
    baseline = len(few.captured_queries)
    add(10)
    with django_assert_max_num_queries(baseline):
        assert client.get("/articles", params).json()["count"] == 13


def test_article_detail_queries_are_constant(api, anna, kb, django_assert_max_num_queries):
    client = api(anna)
    client.get(f"/articles/{kb['public'].pk}")
    with django_assert_max_num_queries(10):
        assert client.get(f"/articles/{kb['public'].pk}").status_code == 200


# --- fuzzing ---------------------------------------------------------------------------
# The articles, known problems and suggestions operations from the published OpenAPI, as
# tests/api/test_schema_fuzz.py does for contacts and tickets: no answer may be a 5xx.

FUZZED = ("/api/v1/articles", "/api/v1/problems", "/api/v1/suggestions")
KNOWLEDGE_OPERATIONS = [
    f"{method.upper()} {path}"
    for path, methods in api_v1.get_openapi_schema()["paths"].items()
    if path.startswith(FUZZED)
    for method in methods
]


@pytest.fixture
def seeded(request, ad, sofie, kb):
    request.getfixturevalue(keep_test_connection.__name__)
    problem = create_problem(acting_user=sofie, title="VPN down", symptoms="No VPN")
    return {
        "token": issue_token(ad),
        "ids": {"article_id": kb["draft"].pk, "problem_id": problem.pk},
    }


@pytest.mark.schema
@pytest.mark.parametrize("mode", list(EXAMPLES))
@pytest.mark.parametrize("label", KNOWLEDGE_OPERATIONS)
def test_knowledge_endpoints_never_answer_with_a_server_error(seeded, label, mode):
    alternate = itertools.cycle([True, False])

    def aim(case):
        if case.path_parameters and next(alternate):
            for name in case.path_parameters:
                case.path_parameters[name] = seeded["ids"].get(name, 1)

    fuzz(label, mode, token=seeded["token"], aim=aim)
