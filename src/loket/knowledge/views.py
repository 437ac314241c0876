"""The staff pages of the knowledge base: search, read, write, review, compare versions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loket.accounts.models import Language
from loket.core.errors import ServiceError
from loket.core.pages import allowed_if, render_page
from loket.knowledge import access, forms, services, usage
from loket.knowledge.diff import compare
from loket.knowledge.markdown import render
from loket.knowledge.models import Article, ArticleAttachment, ArticleStatus
from loket.knowledge.search import category_and_below, find_articles
from loket.tickets.access import ticket_for, visible_tickets
from loket.tickets.attachments import download_response

staff_required = allowed_if(access.can_write_articles)
PAGE_SIZE = 25
SEARCH_LIMIT = 50
FILTER_NAMES = ("q", "status", "audience", "type", "category", "language")


# --- list and search -------------------------------------------------------------------


def _language(request) -> str:
    asked = request.GET.get("lang", "")
    if asked in Language.values:
        return asked
    current = (get_language() or "nl")[:2]
    return current if current in Language.values else "nl"


def _querystring(form: forms.FilterForm, **extra) -> str:
    values = {name: form.data.get(name, "") for name in FILTER_NAMES}
    values.update(extra)
    return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _browse(user, form: forms.FilterForm, language: str, page_number):
    articles = access.visible_articles(user)
    if status := form.value("status"):
        articles = articles.filter(status=status)
    if audience := form.value("audience"):
        articles = articles.filter(audience=audience)
    if type_ := form.value("type"):
        articles = articles.filter(type=type_)
    if category := form.value("category"):
        articles = articles.filter(category__in=category_and_below(category))
    if code := form.value("language"):
        articles = articles.filter(translations__language=code)
    articles = articles.select_related("category").prefetch_related("translations")
    page = Paginator(articles.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(page_number)
    rows = []
    for article in page.object_list:
        text = article.translation(form.value("language") or language)
        rows.append({"article": article, "title": text.title if text else "", "snippet": ""})
    return page, rows


def _search(user, form: forms.FilterForm):
    code = form.value("language")
    found = find_articles(
        user,
        form.value("q"),
        languages=[code] if code else (),
        category=form.value("category"),
        statuses=[form.value("status")] if form.value("status") else (),
        audiences=[form.value("audience")] if form.value("audience") else (),
        limit=SEARCH_LIMIT,
    )
    articles = Article.objects.select_related("category").in_bulk(
        [hit.article.pk for hit in found.hits]
    )
    rows = []
    for hit in found.hits:
        article = articles.get(hit.article.pk)
        if article is None or (form.value("type") and article.type != form.value("type")):
            continue
        # The snippet is escaped by the search service, with only <mark> added.
        snippet = mark_safe(hit.snippet)
        rows.append(
            {"article": article, "title": hit.title, "snippet": snippet, "language": hit.language}
        )
    return found, rows


@require_GET
@staff_required
def index(request):
    form = forms.FilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # invalid filters are dropped
    language = _language(request)
    context = {
        "active_nav": "knowledge",
        "form": form,
        "filters": _querystring(form),
        "can_see_requests": access.can_see_requests(request.user),
    }
    if form.value("q"):
        found, rows = _search(request.user, form)
        context.update(
            rows=rows,
            searching=True,
            broadened=found.broadened,
            correction=found.correction,
            correction_query=_querystring(form, q=found.correction) if found.correction else "",
        )
    else:
        page, rows = _browse(request.user, form, language, request.GET.get("page"))
        context.update(rows=rows, page=page, searching=False)
    return render_page(request, "knowledge/index.html", context, fragment="results")


# --- one article -----------------------------------------------------------------------


def _detail_context(request, article: Article) -> dict:
    user = request.user
    language = _language(request)
    text = article.translation(language)
    languages = {t.language for t in article.translations.all()}
    return {
        "active_nav": "knowledge",
        "article": article,
        "text": text,
        "language": language,
        "missing": language not in languages,
        "tabs": [(code, label, code in languages) for code, label in Language.choices],
        "body": render(text.body) if text else "",
        "versions": list(article.versions.select_related("author")[:10]),
        "attachments": list(article.attachments.all()),
        "reviewers": list(article.reviewers.all()),
        "tags": list(article.tags.all()),
        "can_edit": access.can_edit(user, article) and article.status != ArticleStatus.ARCHIVED,
        "can_publish": access.can_publish(user, article),
        "schedule_form": forms.ScheduleForm(),
        "publish_form": forms.PublishForm(),
        "flag_form": forms.FlagForm(),
        "attachment_form": forms.AttachmentForm(),
    }


@require_GET
@staff_required
def detail(request, pk: int):
    article = access.article_for(request.user, pk)
    if not request.htmx:
        usage.record_view(article)
    return render_page(request, "knowledge/detail.html", _detail_context(request, article))


def _save_form(request, form: forms.ArticleForm, article: Article | None):
    """Create or update from a valid form; the service's refusal becomes a form error."""
    data = form.cleaned_data
    fields = {
        "translations": form.translations(),
        "type": data["type"],
        "audience": data["audience"],
        "category": data["category"],
        "tags": form.tag_names(),
        "reviewers": list(data["reviewers"]),
    }
    try:
        if article is None:
            return services.create_article(acting_user=request.user, **fields)
        return services.update_article(
            article, acting_user=request.user, note=data["note"], **fields
        )
    except ServiceError as exc:
        form.add_error(None, exc.message)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


def _edit_page(request, form, article, status=200):
    context = {"active_nav": "knowledge", "form": form, "article": article}
    return render_page(request, "knowledge/edit.html", context, status=status)


@staff_required
def create(request):
    if request.method != "POST":
        return _edit_page(request, forms.ArticleForm(initial={"audience": "internal"}), None)
    form = forms.ArticleForm(request.POST)
    if form.is_valid() and (article := _save_form(request, form, None)):
        messages.success(request, _("The draft was saved."))
        return redirect("knowledge:detail", pk=article.pk)
    return _edit_page(request, form, None, status=422)


@staff_required
def edit(request, pk: int):
    article = access.article_for(request.user, pk, write=True)
    if request.method != "POST":
        form = forms.ArticleForm(initial=forms.ArticleForm.initial_for(article))
        return _edit_page(request, form, article)
    form = forms.ArticleForm(request.POST)
    if form.is_valid() and _save_form(request, form, article):
        messages.success(request, _("The article was saved."))
        return redirect("knowledge:detail", pk=article.pk)
    return _edit_page(request, form, article, status=422)


# --- workflow --------------------------------------------------------------------------

DONE = {
    "submit": gettext_lazy("The article was submitted for review."),
    "publish": gettext_lazy("The article was published."),
    "schedule": gettext_lazy("The publication was scheduled."),
    "archive": gettext_lazy("The article was archived."),
    "flag": gettext_lazy("The article was flagged as needing an update."),
    "clear": gettext_lazy("The needs-update flag was cleared."),
}


def _perform(action: str, article: Article, data, user) -> None:
    match action:
        case "submit":
            services.submit_for_review(article, acting_user=user)
        case "publish":
            form = forms.PublishForm(data)
            form.is_valid()
            note = form.cleaned_data.get("note", "")
            services.publish_article(article, acting_user=user, note=note)
        case "schedule":
            form = forms.ScheduleForm(data)
            if not form.is_valid():
                raise ServiceError(_("Choose the date and time of publication."))
            services.publish_article(
                article,
                acting_user=user,
                at=form.cleaned_data["publish_at"],
                note=form.cleaned_data.get("note", ""),
            )
        case "archive":
            services.archive_article(article, acting_user=user)
        case "flag":
            form = forms.FlagForm(data)
            form.is_valid()
            reason = form.cleaned_data.get("reason", "")
            services.flag_needs_update(article, acting_user=user, reason=reason)
        case "clear":
            services.clear_needs_update(article, acting_user=user)
        case _:
            raise Http404("No such action")


@require_POST
@staff_required
def action(request, pk: int, action: str):
    if action not in DONE:
        raise Http404("No such action")
    article = access.article_for(request.user, pk)
    try:
        _perform(action, article, request.POST, request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, DONE[action])
    return redirect("knowledge:detail", pk=article.pk)


# --- versions --------------------------------------------------------------------------


@require_GET
@staff_required
def versions(request, pk: int):
    article = access.article_for(request.user, pk)
    context = {
        "active_nav": "knowledge",
        "article": article,
        "versions": list(article.versions.select_related("author")),
        "can_publish": access.can_publish(request.user, article),
    }
    return render_page(request, "knowledge/versions.html", context)


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
@staff_required
def diff(request, pk: int):
    article = access.article_for(request.user, pk)
    numbers = sorted(n for n in (_number(request.GET.get("a")), _number(request.GET.get("b"))) if n)
    found = {v.number: v for v in article.versions.filter(number__in=numbers)}
    if len(numbers) != 2 or len(found) != len(set(numbers)):
        messages.error(request, _("Choose two versions to compare."))
        return redirect("knowledge:versions", pk=article.pk)
    old, new = found[numbers[0]], found[numbers[1]]
    context = {
        "active_nav": "knowledge",
        "article": article,
        "old": old,
        "new": new,
        "diff": compare(old.content, new.content),
        "can_publish": access.can_publish(request.user, article),
    }
    return render_page(request, "knowledge/diff.html", context)


@require_POST
@staff_required
def restore(request, pk: int, number: int):
    article = access.article_for(request.user, pk)
    try:
        services.restore_version(article, number, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("knowledge:versions", pk=article.pk)
    messages.success(
        request, _("Version %(number)s was restored and published.") % {"number": number}
    )
    return redirect("knowledge:detail", pk=article.pk)


# --- attachments -----------------------------------------------------------------------


@require_POST
@staff_required
def upload(request, pk: int):
    article = access.article_for(request.user, pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("knowledge:detail", pk=article.pk)
    try:
        item = services.add_attachment(
            article, acting_user=request.user, upload=form.cleaned_data["file"]
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s was attached.") % {"name": item.filename})
    return redirect("knowledge:detail", pk=article.pk)


@require_GET
def attachment(request, pk: int, item: int):
    """A file of an article, for whoever may read the article (customers: public,
    published ones). Images are shown inline, everything else downloaded."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = access.article_for(request.user, pk)
    found = ArticleAttachment.objects.filter(pk=item, article=article).first()
    if found is None:
        raise Http404("No such attachment")
    return download_response(
        found.file,
        filename=found.filename,
        content_type=found.content_type,
        inline=found.is_image,
    )


# --- from tickets ----------------------------------------------------------------------


@require_POST
@staff_required
def from_ticket(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    try:
        article = usage.draft_from_ticket(ticket, acting_user=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("tickets:detail", number=ticket.number)
    messages.success(request, _("A draft was written from %(number)s.") % {"number": number})
    return redirect("knowledge:edit", pk=article.pk)


@require_POST
@staff_required
def request_article(request, number: str):
    ticket = ticket_for(request.user, number, write=True)
    form = forms.RequestArticleForm(request.POST)
    form.is_valid()
    flagged = usage.request_article(
        ticket, acting_user=request.user, reason=form.cleaned_data.get("reason", "")
    )
    if request.htmx:
        return render_page(request, "knowledge/_requested.html", {"flagged": flagged})
    messages.success(request, _("The ticket was flagged as needing an article."))
    return redirect("tickets:detail", number=ticket.number)


@require_GET
@allowed_if(access.can_see_requests)
def requests(request):
    tickets = (
        visible_tickets(request.user)
        .filter(article_request__isnull=False, article_request__article__isnull=True)
        .select_related("article_request__requested_by", "category", "contact")
        .order_by("-article_request__created_at")
    )
    page = Paginator(tickets, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"active_nav": "knowledge", "page": page}
    return render_page(request, "knowledge/requests.html", context)
