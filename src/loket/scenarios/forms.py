"""Forms of the scenario pages: they parse and validate input; the authoring services
decide. A step's form is read by ``step_from_post`` into the tree format."""

import re
from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.accounts.models import STAFF_ROLES, User
from loket.directory.models import CommunicationProfile
from loket.scenarios.validation import (
    ACTION_TYPES,
    KINDS,
    LANGUAGES,
    MAX_OPTIONS,
    OUTCOMES,
    STEP_ID,
)
from loket.tickets.forms import PlainLabelsForm, active_categories
from loket.tickets.models import Category


class CategoriesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.path


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.get_role_display()})"


class ScenarioForm(PlainLabelsForm):
    """A scenario's titles, owner, categories and keywords."""

    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=150)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=150, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=150, required=False)
    owner = OwnerField(label=_("Owner"), queryset=User.objects.none())
    categories = CategoriesField(
        label=_("Categories"),
        required=False,
        queryset=Category.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Agents are offered the scenario for tickets in these categories."),
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Comma-separated words (any language) that suggest the scenario."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=STAFF_ROLES
        ).order_by("first_name", "username")
        self.fields["categories"].queryset = active_categories()

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "titles": {lang: data[f"title_{lang}"] for lang in LANGUAGES},
            "owner": data["owner"],
            "categories": list(data["categories"]),
            "keywords": data["keywords"],
        }


class PublishForm(PlainLabelsForm):
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("Shown in the version history."),
    )


class ProposalAnswerForm(PlainLabelsForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer to the author"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AddStepForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    after = forms.CharField(required=False, max_length=40)


class PreviewForm(forms.Form):
    """The language and profile of a preview, and the answers given so far."""

    lang = forms.ChoiceField(choices=[(code, code) for code in LANGUAGES], required=False)
    profile = forms.ChoiceField(choices=[("", "—"), *CommunicationProfile.choices], required=False)
    version = forms.IntegerField(required=False, min_value=1)
    path = forms.CharField(required=False, max_length=4000)

    def answers(self) -> list[tuple[str, str]]:
        """(step id, answer) pairs of the path, in order; junk left out."""
        pairs = []
        for part in (self.cleaned_data.get("path") or "").split(","):
            step_id, _sep, answer = part.partition(":")
            if STEP_ID.match(step_id) and re.fullmatch(r"[a-z0-9_-]{1,40}", answer or ""):
                pairs.append((step_id, answer))
        return pairs[:200]


class StatsFilterForm(PlainLabelsForm):
    """A period (the runs started in it) and a version; invalid values are dropped."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    version = forms.IntegerField(label=_("Version"), required=False, min_value=1)

    def period(self) -> tuple[datetime | None, datetime | None]:
        data = self.cleaned_data if self.is_valid() else {}
        zone = timezone.get_current_timezone()
        since = data.get("since")
        until = data.get("until")
        return (
            datetime.combine(since, time.min, tzinfo=zone) if since else None,
            datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone) if until else None,
        )


# --- one step ------------------------------------------------------------------------------


def _texts(post, prefix: str) -> dict[str, str]:
    return {
        lang: post.get(f"{prefix}_{lang}", "").strip()
        for lang in LANGUAGES
        if post.get(f"{prefix}_{lang}", "").strip()
    }


def _number(value: str):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40]


def _options(post, step: dict) -> list[dict]:
    options = []
    taken: set[str] = set()
    count = min(_number(post.get("option_count", "")) or 0, MAX_OPTIONS + 1)
    for n in range(count):
        prefix = f"option-{n}"
        if post.get(f"{prefix}-remove"):
            continue
        label = _texts(post, f"{prefix}-label")
        option_id = post.get(f"{prefix}-id", "").strip()
        if not option_id and not label:
            continue  # the empty row for a new answer, left empty
        if not STEP_ID.match(option_id) or option_id in taken:
            option_id = _slug(label.get("en") or label.get("nl") or "") or "answer"
            base, k = option_id[:36], 2
            while option_id in taken:
                option_id = f"{base}-{k}"
                k += 1
        taken.add(option_id)
        options.append({"id": option_id, "label": label, "next": post.get(f"{prefix}-next", "")})
    return options


def _action(post) -> dict:
    kind = post.get("action_type", "")
    action: dict = {"type": kind if kind in ACTION_TYPES else ""}
    if kind == "set_fields":
        action["category"] = _number(post.get("category", ""))
        action["priority"] = post.get("priority", "")
        action["impact"] = _number(post.get("impact", ""))
        action["urgency"] = _number(post.get("urgency", ""))
        action["ticket_type"] = post.get("ticket_type", "")
        action = {k: v for k, v in action.items() if v not in (None, "")}
    elif kind == "canned_answer":
        macro = post.get("macro", "").strip()
        action["macro"] = _number(macro) or macro
    elif kind == "link_article":
        action["article"] = _number(post.get("article", ""))
    elif kind == "escalate":
        action["team"] = _number(post.get("team", ""))
        action["reason"] = _texts(post, "reason")
    elif kind == "resolve":
        action["code"] = post.get("code", "").strip()
        action["resolution"] = _texts(post, "resolution")
    elif kind == "callback":
        action["in_minutes"] = _number(post.get("in_minutes", ""))
        action["note"] = _texts(post, "note")
    return action


def step_from_post(post, step: dict) -> dict:
    """The step as the form describes it, in the tree format. Parts the form does not
    show (other profile variants of the customer text) are kept from ``step``."""
    kind = post.get("kind", step.get("kind"))
    if kind not in KINDS:
        kind = step.get("kind")
    data: dict = {"id": post.get("id", step.get("id", "")).strip(), "kind": kind}
    data["title"] = _texts(post, "title")
    text = _texts(post, "text")
    if text:
        data["text"] = text
    say = {k: v for k, v in (step.get("say") or {}).items() if k not in LANGUAGES}
    say.update(_texts(post, "say"))
    novice = _texts(post, "novice")
    if novice:
        say["novice"] = novice
    else:
        say.pop("novice", None)
    if say:
        data["say"] = say
    changed_kind = kind != step.get("kind")
    if kind == "question":
        data["options"] = [] if changed_kind else _options(post, step)
    elif kind == "check":
        data["outcomes"] = {key: post.get(f"outcome_{key}", "") for key in OUTCOMES}
    elif kind == "instruction":
        data["next"] = post.get("next", "")
    else:
        data["action"] = {"type": "resolve"} if changed_kind else _action(post)
        if post.get("next"):
            data["next"] = post.get("next")
    return data
