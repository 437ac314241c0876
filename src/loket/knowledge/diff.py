"""A readable comparison of two versions of an article: per language and per field,
the text's lines kept, removed and added. The template shows them with <del>/<ins>;
everything in here is plain text, escaped when rendered."""

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from loket.knowledge.models import FALLBACK_ORDER, ArticleType, Audience
from loket.tickets.models import Category

TEXT_FIELDS = (("title", _("Title")), ("summary", _("Summary")), ("body", _("Text")))
META_FIELDS = (
    ("type", _("Type")),
    ("audience", _("Audience")),
    ("category", _("Category")),
    ("tags", _("Tags")),
)


@dataclass(slots=True)
class Line:
    op: str  # "same", "del" or "ins"
    text: str


@dataclass(slots=True)
class FieldDiff:
    name: str
    label: str
    changed: bool
    lines: list[Line]


@dataclass(slots=True)
class LanguageDiff:
    language: str
    status: str  # "same", "changed", "added" or "removed"
    fields: list[FieldDiff] = field(default_factory=list)


@dataclass(slots=True)
class MetaChange:
    name: str
    label: str
    old: object
    new: object


@dataclass(slots=True)
class VersionDiff:
    languages: list[LanguageDiff]
    meta: list[MetaChange]

    @property
    def changed(self) -> bool:
        return bool(self.meta) or any(lang.status != "same" for lang in self.languages)


def diff_lines(old: str, new: str) -> list[Line]:
    """``old`` against ``new`` line by line, in reading order."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[Line] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            lines.extend(Line("same", text) for text in a[i1:i2])
            continue
        lines.extend(Line("del", text) for text in a[i1:i2])
        lines.extend(Line("ins", text) for text in b[j1:j2])
    return lines


def _language_diff(language: str, old: dict | None, new: dict | None) -> LanguageDiff:
    status = "added" if old is None else "removed" if new is None else "same"
    result = LanguageDiff(language, status)
    for name, label in TEXT_FIELDS:
        before, after = (old or {}).get(name, ""), (new or {}).get(name, "")
        changed = before != after
        if name == "body":
            lines = diff_lines(before, after)
        elif changed:
            lines = [Line(op, text) for op, text in (("del", before), ("ins", after)) if text]
        else:
            lines = [Line("same", before)] if before else []
        result.fields.append(FieldDiff(name, str(label), changed, lines))
        if changed and result.status == "same":
            result.status = "changed"
    return result


def compare(old: dict, new: dict) -> VersionDiff:
    """Two versions' ``content`` (see ``ArticleVersion.content``) side by side."""
    old_texts, new_texts = old.get("translations", {}), new.get("translations", {})
    order = [code for code in FALLBACK_ORDER if code in old_texts or code in new_texts]
    languages = [_language_diff(code, old_texts.get(code), new_texts.get(code)) for code in order]
    meta = [
        MetaChange(name, str(label), _display(name, old.get(name)), _display(name, new.get(name)))
        for name, label in META_FIELDS
        if old.get(name) != new.get(name)
    ]
    return VersionDiff(languages, meta)


def _display(name: str, value) -> str:
    """A field's value as a reader knows it: labels, the category's name, tags listed."""
    if value in (None, "", []):
        return "—"
    if name == "type":
        return str(ArticleType(value).label) if value in ArticleType.values else str(value)
    if name == "audience":
        return str(Audience(value).label) if value in Audience.values else str(value)
    if name == "category":
        category = Category.objects.filter(pk=value).first()
        return str(category) if category else "—"
    if name == "tags":
        return ", ".join(value)
    return str(value)
