"""Shapes of knowledge articles, known problems and suggestions in the API.

The same input rules as :mod:`loket.api.schemas`: unknown fields are refused, text may
not hold NUL characters, ids are bounded.
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from loket.api.schemas import (
    CategoryRef,
    Id,
    Input,
    LanguageCode,
    Moment,
    PageOut,
    Text,
    UserRef,
)

ArticleTypeCode = Literal["solution", "howto", "faq", "known_error"]
AudienceCode = Literal["internal", "public"]
ArticleStatusCode = Literal["draft", "in_review", "published", "archived"]
ProblemStatusCode = Literal["investigating", "known_error", "resolved"]
OpenProblemStatus = Literal["investigating", "known_error"]
TagName = Annotated[Text, Field(min_length=1, max_length=50)]

SNIPPET = (
    "A passage of the text around the words that matched: HTML-escaped, the matching "
    "words wrapped in `<mark>`…`</mark>`; safe to insert as HTML."
)


# --- articles ------------------------------------------------------------------------


class TranslationIn(Input):
    title: Text = Field(..., min_length=1, max_length=200)
    summary: Text = Field("", max_length=300, description="One or two sentences.")
    body: Text = Field("", max_length=200_000, description="Markdown.")


class TranslationsIn(Input):
    """The text per language; at least one language when an article is created."""

    nl: TranslationIn | None = None
    fr: TranslationIn | None = None
    en: TranslationIn | None = None


class ArticleIn(Input):
    translations: TranslationsIn
    type: ArticleTypeCode = "solution"
    audience: AudienceCode = Field("internal", description="public: customers may read it.")
    category: Id | None = None
    tags: list[TagName] = Field(default_factory=list, max_length=20)
    reviewers: list[Id] = Field(
        default_factory=list,
        max_length=20,
        description="Staff who may publish it, besides supervisors and administrators.",
    )


class ArticlePatch(Input):
    """Only the fields sent are changed. The status changes only through the actions."""

    translations: TranslationsIn = Field(
        None,
        description="The languages sent replace their text; `null` for a language removes "
        "it; languages not sent stay as they are.",
    )
    type: ArticleTypeCode = None  # type: ignore[assignment]
    audience: AudienceCode = None  # type: ignore[assignment]
    category: Id | None = None
    tags: list[TagName] = Field(None, max_length=20)
    reviewers: list[Id] = Field(None, max_length=20)
    note: Text = Field("", max_length=200, description="Why it changed (shown in versions).")
    status: ArticleStatusCode = Field(
        None,
        description="Not changeable here: sending it answers 422 `status_needs_action`. "
        "Use `submit`, `publish` and `archive`.",
    )


class PublishIn(Input):
    at: Moment | None = Field(None, description="A moment in the future schedules it.")
    note: Text = Field("", max_length=200)


class RestoreIn(Input):
    number: int = Field(..., ge=1, le=2**31 - 1, description="The version to bring back.")


class FeedbackIn(Input):
    helpful: bool
    comment: Text = Field("", max_length=2000)
    language: LanguageCode | None = Field(
        None, description="The language you read it in; by default your own."
    )


class TranslationOut(Schema):
    title: str
    summary: str
    body: str = Field(..., description="Markdown.")
    body_html: str = Field(..., description="The body rendered as sanitised HTML.")


class TranslationsOut(Schema):
    nl: TranslationOut | None = None
    fr: TranslationOut | None = None
    en: TranslationOut | None = None


class ArticleListItem(Schema):
    id: int
    title: str = Field(..., description="In `language`.")
    summary: str
    language: str = Field(
        ..., description="The language of title and summary: yours, else nl, fr, en."
    )
    languages: list[str] = Field(..., description="The languages it is written in.")
    type: str
    audience: str
    status: str
    category: CategoryRef | None
    tags: list[str]
    version: int = Field(..., description="The number of its latest published version.")
    needs_update: bool
    published_at: datetime | None
    updated_at: datetime
    url: str = Field(..., description="The page to read it in a browser.")
    score: float | None = Field(None, description="Search relevance (with `q` only).")
    snippet: str | None = Field(None, description=SNIPPET + " With `q` only.")


class ArticlePage(PageOut):
    correction: str = Field(
        "", description="With `q`: a corrected spelling that was searched instead, if any."
    )
    broadened: bool = Field(
        False, description="With `q`: not every word matched, so any of them were searched."
    )
    results: list[ArticleListItem]


class ArticleOut(Schema):
    id: int
    title: str = Field(..., description="In `language`.")
    language: str
    translations: TranslationsOut
    type: str
    audience: str
    status: str
    category: CategoryRef | None
    tags: list[str]
    author: UserRef | None = Field(..., description="Null for customers.")
    reviewers: list[UserRef] = Field(..., description="Empty for customers.")
    version: int
    publish_at: datetime | None = Field(..., description="Scheduled publication.")
    published_at: datetime | None
    needs_update: bool
    needs_update_reason: str | None = Field(..., description="Null for customers.")
    view_count: int
    helpful_count: int
    not_helpful_count: int
    last_used_at: datetime | None = Field(..., description="Last sent or linked in a ticket.")
    created_at: datetime
    updated_at: datetime
    url: str


class ArticleVersionOut(Schema):
    number: int
    author: UserRef | None
    created_at: datetime
    note: str
    content: dict = Field(
        ...,
        description="translations (per language title, summary, body), type, audience, "
        "category (id), tags.",
    )


class FeedbackOut(Schema):
    helpful_count: int
    not_helpful_count: int


# --- known problems ------------------------------------------------------------------


class NoticesIn(Input):
    nl: Text = Field("", max_length=2000)
    fr: Text = Field("", max_length=2000)
    en: Text = Field("", max_length=2000)


class ProblemIn(Input):
    title: Text = Field(..., min_length=1, max_length=200)
    symptoms: Text = Field(..., min_length=1, max_length=100_000)
    cause: Text = Field("", max_length=100_000)
    workaround: Text = Field("", max_length=100_000)
    status: OpenProblemStatus = Field(
        "investigating", description="Resolve through `POST /problems/{id}/resolve`."
    )
    categories: list[Id] = Field(default_factory=list, max_length=50)
    affected_services: Text = Field("", max_length=300)
    public_notice: bool = Field(False, description="Show a known-outage notice while active.")
    notices: NoticesIn | None = Field(None, description="The notice's text per language.")
    article: Id | None = Field(None, description="A known-error article.")


class ProblemPatch(Input):
    """Only the fields sent are changed."""

    title: Text = Field(None, min_length=1, max_length=200)
    symptoms: Text = Field(None, min_length=1, max_length=100_000)
    cause: Text = Field(None, max_length=100_000)
    workaround: Text = Field(None, max_length=100_000)
    status: ProblemStatusCode = Field(
        None,
        description="investigating or known_error; `resolved` answers 422 "
        "`status_needs_action`: use `POST /problems/{id}/resolve`.",
    )
    categories: list[Id] = Field(None, max_length=50)
    affected_services: Text = Field(None, max_length=300)
    public_notice: bool = None  # type: ignore[assignment]
    notices: NoticesIn = None  # type: ignore[assignment]
    article: Id | None = None
    owner: Id | None = None


class ResolveProblemIn(Input):
    resolution: Text = Field(..., min_length=1, max_length=100_000)
    resolve_tickets: bool = Field(True, description="Resolve the linked open tickets too.")
    notify: bool = Field(
        True, description="Tell each linked ticket's customer, in their own language."
    )


class LinkProblemIn(Input):
    problem: Id


class ArticleRef(Schema):
    id: int
    title: str


class NoticesOut(Schema):
    nl: str
    fr: str
    en: str


class LinkedTicketOut(Schema):
    id: int
    number: str
    subject: str
    status: str
    linked_at: datetime


class ProblemOut(Schema):
    id: int
    title: str
    symptoms: str
    cause: str
    workaround: str
    status: str
    is_active: bool
    categories: list[CategoryRef]
    affected_services: str
    article: ArticleRef | None
    public_notice: bool
    notices: NoticesOut
    resolution: str
    owner: UserRef | None
    created_by: UserRef | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    linked_tickets: int = Field(..., description="Tickets linked to it.")
    open_linked_tickets: int = Field(..., description="Of those, not resolved or closed.")


class ProblemDetailOut(ProblemOut):
    tickets: list[LinkedTicketOut] = Field(
        ..., description="The linked tickets you may see, most recently linked first."
    )


class ProblemPage(PageOut):
    results: list[ProblemOut]


class ResolveProblemOut(Schema):
    problem: ProblemOut
    resolved: int = Field(..., description="Linked tickets resolved.")
    notified: int = Field(..., description="Customers told.")
    left_open: int = Field(
        0, description="Linked tickets kept open because a required checklist is not complete."
    )


class ProblemLinkOut(Schema):
    ticket: int
    number: str
    problem: ProblemOut
    linked_by: UserRef | None
    linked_at: datetime


# --- suggestions ---------------------------------------------------------------------


class SuggestionsQuery(Schema):
    text: Text = Field(
        "", max_length=10_000, description="What is typed so far; empty gives empty lists."
    )
    language: LanguageCode | None = Field(
        None, description="The customer's language: articles in it rank first."
    )
    category: Id | None = None
    ticket: str | None = Field(
        None,
        max_length=24,
        description="The ticket being worked on (id or number): left out of similar tickets.",
    )
    limit: int = Field(5, ge=1, le=20, description="Per kind.")


class SuggestionBase(Schema):
    id: int
    title: str
    score: float = Field(..., description="Relevance; each list is ordered by it, best first.")
    snippet: str = Field(..., description=SNIPPET)
    url: str


class ArticleSuggestion(SuggestionBase):
    language: str = Field(..., description="The language whose text matched.")
    audience: str
    languages: list[str] = Field(..., description="The languages it is written in.")
    send_language: str = Field(
        ..., description="The translation a reply to the customer would send (`language`)."
    )


class TicketSuggestion(SuggestionBase):
    number: str
    status: str
    status_label: str = Field(..., description="The status in your language.")
    resolution: str = Field(..., description="How it was resolved; empty while open.")
    resolution_code: str = Field(..., description="The resolution code's name, if any.")
    resolved_at: datetime | None


class ProblemSuggestion(SuggestionBase):
    status: str
    status_label: str = Field(..., description="The status in your language.")
    workaround: str
    by_category: bool = Field(
        ..., description="Suggested for the ticket's category, not for the words (score 0)."
    )


class SuggestionsOut(Schema):
    articles: list[ArticleSuggestion]
    tickets: list[TicketSuggestion]
    problems: list[ProblemSuggestion]
