"""The portal's start page (search, categories, known outages) and article pages."""

from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from loket.accounts.models import Language
from loket.core.pages import render_page
from loket.knowledge import markdown, usage
from loket.knowledge.models import ArticleTranslation
from loket.knowledge.search import category_and_below, find_articles
from loket.portal import forms
from loket.portal.access import portal_article, portal_articles, portal_required
from loket.problems.services import active_notices
from loket.tickets.models import Category

HOME = "portal/home.html"
ARTICLE = "portal/article.html"
BROWSE_LIMIT = 50


def reading_language(request) -> str:
    """The language to show articles in: ``?lang=`` if valid, else the interface's."""
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in Language.values:
        return asked
    return (get_language() or "nl")[:2]


def _titled(article, language: str):
    translation = article.translation(language)
    return {
        "article": article,
        "title": translation.title if translation else str(article.pk),
        "summary": translation.summary if translation else "",
        "language": translation.language if translation else language,
    }


def _search(user, text: str, language: str, category: Category | None) -> dict:
    results = find_articles(user, text, languages=(), mode="all", category=category, limit=20)
    prefetch_related_objects([hit.article for hit in results.hits], "translations")
    hits = []
    for hit in results.hits:
        item = _titled(hit.article, language)
        item["snippet"] = hit.snippet  # escaped HTML with <mark>, from the search engine
        hits.append(item)
    return {"hits": hits, "correction": results.correction, "broadened": results.broadened}


def _browse(category: Category, language: str) -> list[dict]:
    articles = (
        portal_articles()
        .filter(category_id__in=category_and_below(category))
        .prefetch_related(Prefetch("translations", queryset=ArticleTranslation.objects.all()))
        .order_by("-published_at", "-pk")[:BROWSE_LIMIT]
    )
    return [_titled(article, language) for article in articles]


def _categories() -> list[Category]:
    """Categories that hold public articles, with their counts."""
    return list(
        Category.objects.filter(is_active=True, articles__in=portal_articles())
        .annotate(article_count=Count("articles"))
        .order_by("position", "name_nl")
    )


@require_GET
@portal_required
def home(request):
    form = forms.SearchForm(request.GET)
    form.is_valid()
    language = reading_language(request)
    text = (form.value("q") or "").strip()
    category = form.value("category")
    context = {
        "portal_nav": "help",
        "form": form,
        "q": text,
        "category": category,
        "language": language,
        "results": _search(request.user, text, language, category) if text else None,
        "browse": _browse(category, language) if category and not text else None,
    }
    if request.htmx and request.htmx.target == "results":
        return render_page(request, HOME, context, fragment="results")
    context["categories"] = _categories()
    context["notices"] = [
        {"problem": problem, "text": problem.notice(language)} for problem in active_notices()
    ]
    return render_page(request, HOME, context)


@require_GET
def article(request, pk: int):
    # Links to public articles sent in replies point here; staff who follow one read
    # the article on the knowledge base's own page.
    user = request.user
    if user.is_authenticated and user.is_active and user.is_staff_member:
        return redirect("knowledge:detail", pk=pk)
    return _customer_article(request, pk)


@portal_required
def _customer_article(request, pk: int):
    item = portal_article(pk)
    language = reading_language(request)
    translation = item.translation(language)
    usage.record_view(item)
    context = {
        "portal_nav": "help",
        "item": item,
        "translation": translation,
        "language": language,
        "body": markdown.render(translation.body if translation else ""),
        "languages": [(t.language, Language(t.language).label) for t in item.translations.all()],
        "feedback": forms.FeedbackForm(
            initial={"lang": translation.language if translation else language}
        ),
    }
    return render_page(request, ARTICLE, context)


@require_POST
@portal_required
def article_feedback(request, pk: int):
    item = portal_article(pk)
    form = forms.FeedbackForm(request.POST)
    if not form.is_valid():
        return redirect("portal:article", pk=item.pk)
    data = form.cleaned_data
    usage.record_feedback(
        item,
        helpful=data["helpful"],
        language=data["lang"] or reading_language(request),
        comment=data["comment"],
        user=request.user,
    )
    context = {"item": item, "thanked": True, "helpful": data["helpful"]}
    if request.htmx:
        return render_page(request, ARTICLE, context, fragment="feedback")
    translation = item.translation(data["lang"])
    context.update(
        translation=translation,
        language=data["lang"],
        body=markdown.render(translation.body if translation else ""),
        languages=[(t.language, Language(t.language).label) for t in item.translations.all()],
    )
    return render_page(request, ARTICLE, context)
