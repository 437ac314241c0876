"""Writing scenarios: create, edit the draft step by step, publish versions, answer
proposals. Every write to a scenario or a version goes through here.

A scenario has at most one draft. Published versions never change: editing a published
scenario starts a new draft copied from it. Publishing refuses a tree with problems
(``validation.validate``); the previously published version is then retired, while runs
already on it keep it.
"""

import copy
import json
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loket.accounts.models import User
from loket.core.errors import InvalidInput, TransitionNotAllowed
from loket.scenarios import validation
from loket.scenarios.access import can_edit, can_edit_scenarios
from loket.scenarios.models import (
    Proposal,
    ProposalStatus,
    Scenario,
    ScenarioVersion,
    VersionStatus,
)
from loket.scenarios.validation import LANGUAGES, STEP_ID, Problem

__all__ = [
    "InvalidTree",
    "add_step",
    "create_scenario",
    "delete_step",
    "draft_for",
    "handle_proposal",
    "move_step",
    "publish",
    "save_draft",
    "set_active",
    "set_start",
    "update_scenario",
    "update_step",
]

MAX_TREE_BYTES = 1_000_000
MAX_STORED_STEPS = 400
STEP_KEYS = frozenset(
    {"id", "kind", "title", "text", "say", "options", "next", "outcomes", "action"}
)


class InvalidTree(InvalidInput):
    """Publishing refused: ``problems`` lists everything wrong with the tree."""

    code = "invalid_tree"

    def __init__(self, problems: list[Problem]):
        super().__init__(
            _("The scenario cannot be published: %(count)s problems to solve first.")
            % {"count": len(problems)},
            code="invalid_tree",
        )
        self.problems = problems


def _may_create(user: User) -> None:
    if not can_edit_scenarios(user):
        raise PermissionDenied(_("Only supervisors and administrators write scenarios."))


def _may_edit(user: User, scenario: Scenario) -> None:
    if not can_edit(user, scenario):
        raise PermissionDenied(_("You may not change this scenario."))


def _clean_titles(titles: dict) -> dict[str, str]:
    if not isinstance(titles, dict) or set(titles) - set(LANGUAGES):
        raise InvalidInput(_("Titles are in Dutch, French or English."), code="bad_title")
    cleaned = {lang: (titles.get(lang) or "").strip() for lang in LANGUAGES}
    if not cleaned["nl"]:
        raise InvalidInput(_("The scenario needs a Dutch title."), code="title_required")
    if any(len(text) > 150 for text in cleaned.values()):
        raise InvalidInput(_("A title is at most 150 characters."), code="too_long")
    return cleaned


def _check_owner(owner: User) -> None:
    if owner is None or not owner.is_active or not owner.is_staff_member:
        raise InvalidInput(_("The owner must be an active staff member."), code="bad_owner")


def _first_step() -> dict:
    title = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            title[lang] = _("First question")
    return {"id": "start", "kind": "question", "title": title, "options": []}


@transaction.atomic
def create_scenario(
    *,
    titles: dict,
    owner: User,
    categories: Iterable = (),
    keywords: str = "",
    acting_user: User,
    now: datetime | None = None,
) -> Scenario:
    """A new scenario with an empty draft (version 1) that has one starting step."""
    _may_create(acting_user)
    cleaned = _clean_titles(titles)
    _check_owner(owner)
    keywords = _clean_keywords(keywords)
    now = now or timezone.now()
    scenario = Scenario.objects.create(
        title_nl=cleaned["nl"],
        title_fr=cleaned["fr"],
        title_en=cleaned["en"],
        owner=owner,
        keywords=keywords,
        created_at=now,
        updated_at=now,
    )
    scenario.categories.set(list(categories))
    ScenarioVersion.objects.create(
        scenario=scenario,
        number=1,
        status=VersionStatus.DRAFT,
        tree={"start": "start", "steps": [_first_step()]},
        created_by=acting_user,
        created_at=now,
    )
    return scenario


def _clean_keywords(keywords: str) -> str:
    words = [w.strip() for w in (keywords or "").split(",") if w.strip()]
    joined = ", ".join(dict.fromkeys(words))
    if len(joined) > 500:
        raise InvalidInput(_("The keywords are longer than 500 characters."), code="too_long")
    return joined


@transaction.atomic
def update_scenario(
    scenario: Scenario, *, acting_user: User, now: datetime | None = None, **fields
) -> Scenario:
    """Change titles (``titles`` dict), ``owner``, ``categories`` or ``keywords``."""
    unknown = set(fields) - {"titles", "owner", "categories", "keywords"}
    if unknown:
        raise InvalidInput(_("These fields cannot be changed here."), code="bad_field")
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _may_edit(acting_user, scenario)
    changed = ["updated_at"]
    if "titles" in fields:
        for lang, text in _clean_titles(fields["titles"]).items():
            setattr(scenario, f"title_{lang}", text)
            changed.append(f"title_{lang}")
    if "owner" in fields:
        _check_owner(fields["owner"])
        scenario.owner = fields["owner"]
        changed.append("owner")
    if "keywords" in fields:
        scenario.keywords = _clean_keywords(fields["keywords"])
        changed.append("keywords")
    scenario.updated_at = now or timezone.now()
    scenario.save(update_fields=changed)
    if "categories" in fields:
        scenario.categories.set(list(fields["categories"]))
    return scenario


@transaction.atomic
def set_active(scenario: Scenario, active: bool, *, acting_user: User) -> Scenario:
    """Offer the scenario to agents again, or stop offering it (running runs go on)."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _may_edit(acting_user, scenario)
    scenario.is_active = bool(active)
    scenario.updated_at = timezone.now()
    scenario.save(update_fields=["is_active", "updated_at"])
    return scenario


@transaction.atomic
def draft_for(
    scenario: Scenario, *, acting_user: User, now: datetime | None = None
) -> ScenarioVersion:
    """The scenario's draft; when there is none, a new one copied from the published tree
    (or the latest version)."""
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    _may_edit(acting_user, scenario)
    draft = scenario.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = scenario.current_version or scenario.versions.order_by("-number").first()
    tree = copy.deepcopy(source.tree) if source else {"start": "start", "steps": [_first_step()]}
    number = (scenario.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    return ScenarioVersion.objects.create(
        scenario=scenario,
        number=number,
        status=VersionStatus.DRAFT,
        tree=tree,
        created_by=acting_user,
        created_at=now or timezone.now(),
    )


def _locked_draft(version: ScenarioVersion, acting_user: User) -> ScenarioVersion:
    version = (
        ScenarioVersion.objects.select_for_update().select_related("scenario").get(pk=version.pk)
    )
    _may_edit(acting_user, version.scenario)
    if version.status != VersionStatus.DRAFT:
        raise TransitionNotAllowed(
            _("A published version never changes: edit the draft."), code="not_draft"
        )
    return version


def _check_storable(tree: dict) -> dict:
    """The tree may be invalid (the editor shows its problems) but must be a tree."""
    if not isinstance(tree, dict) or not isinstance(tree.get("steps"), list):
        raise InvalidInput(_("A scenario is a list of steps."), code="bad_tree")
    if len(tree["steps"]) > MAX_STORED_STEPS:
        raise InvalidInput(_("This scenario has too many steps."), code="too_many_steps")
    try:
        size = len(json.dumps(tree))
    except (TypeError, ValueError):
        raise InvalidInput(_("A scenario is a list of steps."), code="bad_tree") from None
    if size > MAX_TREE_BYTES:
        raise InvalidInput(_("This scenario is too large."), code="too_large")
    return {"start": tree.get("start") or "", "steps": tree["steps"]}


def _store(version: ScenarioVersion, tree: dict, now: datetime | None) -> ScenarioVersion:
    version.tree = _check_storable(tree)
    version.save(update_fields=["tree"])
    Scenario.objects.filter(pk=version.scenario_id).update(updated_at=now or timezone.now())
    return version


@transaction.atomic
def save_draft(
    version: ScenarioVersion, *, tree: dict, acting_user: User, now: datetime | None = None
) -> ScenarioVersion:
    """Replace the draft's tree. It is kept even with problems, never on a published
    version."""
    version = _locked_draft(version, acting_user)
    return _store(version, tree, now)


def _index(tree: dict, step_id: str) -> int:
    for position, step in enumerate(tree["steps"]):
        if isinstance(step, dict) and step.get("id") == step_id:
            return position
    raise InvalidInput(_("This step is not in the scenario (any more)."), code="unknown_step")


def _new_id(tree: dict, kind: str) -> str:
    taken = {s.get("id") for s in tree["steps"] if isinstance(s, dict)}
    number = len(taken) + 1
    while f"{kind}-{number}" in taken:
        number += 1
    return f"{kind}-{number}"


def _blank_step(step_id: str, kind: str) -> dict:
    step: dict = {"id": step_id, "kind": kind, "title": {"nl": ""}}
    if kind == "question":
        step["options"] = []
        for option_id, key in (("yes", "Yes"), ("no", "No")):
            label = {}
            for lang in LANGUAGES:
                with translation.override(lang):
                    label[lang] = _(key)
            step["options"].append({"id": option_id, "label": label, "next": ""})
    elif kind == "instruction":
        step["next"] = ""
    elif kind == "check":
        step["outcomes"] = {"pass": "", "fail": "", "not_possible": ""}
    else:
        step["action"] = {"type": "resolve", "code": "", "resolution": {"nl": ""}}
    return step


@transaction.atomic
def add_step(version: ScenarioVersion, *, kind: str, after: str | None, acting_user: User) -> str:
    """Add an empty step of ``kind`` after the step ``after`` (at the end when None);
    an instruction without a next step there leads to the new one. Returns its id."""
    if kind not in validation.KINDS:
        raise InvalidInput(_("Unknown kind of step."), code="bad_kind")
    version = _locked_draft(version, acting_user)
    tree = copy.deepcopy(version.tree)
    tree.setdefault("steps", [])
    step_id = _new_id(tree, kind)
    position = len(tree["steps"])
    if after:
        position = _index(tree, after) + 1
        previous = tree["steps"][position - 1]
        if previous.get("kind") == "instruction" and not previous.get("next"):
            previous["next"] = step_id
    tree["steps"].insert(position, _blank_step(step_id, kind))
    if not tree.get("start"):
        tree["start"] = step_id
    _store(version, tree, None)
    return step_id


def _rename(tree: dict, old: str, new: str) -> None:
    if tree.get("start") == old:
        tree["start"] = new
    for step in tree["steps"]:
        if not isinstance(step, dict):
            continue
        if step.get("next") == old:
            step["next"] = new
        for option in step.get("options") or []:
            if isinstance(option, dict) and option.get("next") == old:
                option["next"] = new
        outcomes = step.get("outcomes")
        if isinstance(outcomes, dict):
            for key, target in outcomes.items():
                if target == old:
                    outcomes[key] = new


@transaction.atomic
def update_step(
    version: ScenarioVersion, step_id: str, *, data: dict, acting_user: User
) -> ScenarioVersion:
    """Replace what the step says and where it leads with ``data`` (a step as in the tree
    format). A new ``id`` in ``data`` renames the step everywhere it is referred to."""
    if not isinstance(data, dict) or set(data) - STEP_KEYS:
        raise InvalidInput(_("Unknown parts of a step."), code="bad_step")
    version = _locked_draft(version, acting_user)
    tree = copy.deepcopy(version.tree)
    position = _index(tree, step_id)
    new_id = data.get("id", step_id)
    if new_id != step_id:
        if not isinstance(new_id, str) or not STEP_ID.match(new_id):
            raise InvalidInput(
                _("An id is 1 to 40 lower-case letters, digits or hyphens."), code="bad_id"
            )
        if any(isinstance(s, dict) and s.get("id") == new_id for s in tree["steps"]):
            raise InvalidInput(_("Another step has this id."), code="duplicate_id")
        _rename(tree, step_id, new_id)
    step = {**data, "id": new_id}
    step.setdefault("kind", tree["steps"][position].get("kind"))
    tree["steps"][position] = step
    return _store(version, tree, None)


@transaction.atomic
def set_start(version: ScenarioVersion, step_id: str, *, acting_user: User) -> ScenarioVersion:
    """Make ``step_id`` the step the scenario starts with."""
    version = _locked_draft(version, acting_user)
    tree = copy.deepcopy(version.tree)
    _index(tree, step_id)
    tree["start"] = step_id
    return _store(version, tree, None)


@transaction.atomic
def move_step(
    version: ScenarioVersion, step_id: str, *, up: bool, acting_user: User
) -> ScenarioVersion:
    """Move a step one place up or down in the list (the order it is shown in)."""
    version = _locked_draft(version, acting_user)
    tree = copy.deepcopy(version.tree)
    position = _index(tree, step_id)
    other = position - 1 if up else position + 1
    if 0 <= other < len(tree["steps"]):
        steps = tree["steps"]
        steps[position], steps[other] = steps[other], steps[position]
        _store(version, tree, None)
    return version


@transaction.atomic
def delete_step(version: ScenarioVersion, step_id: str, *, acting_user: User) -> ScenarioVersion:
    """Remove a step no other step leads to (and that is not the start)."""
    version = _locked_draft(version, acting_user)
    tree = copy.deepcopy(version.tree)
    position = _index(tree, step_id)
    if tree.get("start") == step_id and len(tree["steps"]) > 1:
        raise InvalidInput(
            _("This is the starting step: make another step the start first."),
            code="step_in_use",
        )
    users = [
        s["id"]
        for s in validation.steps_of(tree)
        if s.get("id") != step_id and step_id in validation.successors(s)
    ]
    if users:
        raise InvalidInput(
            _("Other steps lead to this step (%(steps)s): point them elsewhere first.")
            % {"steps": ", ".join(str(u) for u in users)},
            code="step_in_use",
        )
    del tree["steps"][position]
    if tree.get("start") == step_id:
        tree["start"] = ""
    return _store(version, tree, None)


@transaction.atomic
def publish(
    version: ScenarioVersion, *, note: str, acting_user: User, now: datetime | None = None
) -> ScenarioVersion:
    """Publish the draft: it becomes the version agents run; the previous one retires.
    Raises ``InvalidTree`` (code ``invalid_tree``) with every problem of the tree."""
    version = _locked_draft(version, acting_user)
    note = (note or "").strip()
    if len(note) > 300:
        raise InvalidInput(_("The note is at most 300 characters."), code="too_long")
    problems = validation.validate(version.tree)
    if problems:
        raise InvalidTree(problems)
    now = now or timezone.now()
    scenario = Scenario.objects.select_for_update().get(pk=version.scenario_id)
    ScenarioVersion.objects.filter(scenario=scenario, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )
    version.status = VersionStatus.PUBLISHED
    version.note = note
    version.published_by = acting_user
    version.published_at = now
    version.save(update_fields=["status", "note", "published_by", "published_at"])
    scenario.current_version = version
    scenario.updated_at = now
    scenario.save(update_fields=["current_version", "updated_at"])
    return version


@transaction.atomic
def handle_proposal(
    proposal: Proposal,
    *,
    accept: bool,
    answer: str,
    acting_user: User,
    now: datetime | None = None,
) -> Proposal:
    """Accept or decline an agent's proposal, with an answer (required to decline)."""
    proposal = Proposal.objects.select_for_update().select_related("scenario").get(pk=proposal.pk)
    _may_edit(acting_user, proposal.scenario)
    if proposal.status != ProposalStatus.OPEN:
        raise TransitionNotAllowed(
            _("This proposal has already been answered."), code="already_handled"
        )
    answer = (answer or "").strip()
    if not accept and not answer:
        raise InvalidInput(
            _("Tell the author why the proposal is declined."), code="answer_required"
        )
    if len(answer) > 4000:
        raise InvalidInput(_("The answer is at most 4000 characters."), code="too_long")
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.answer = answer
    proposal.handled_by = acting_user
    proposal.handled_at = now or timezone.now()
    proposal.save(update_fields=["status", "answer", "handled_by", "handled_at"])
    return proposal
