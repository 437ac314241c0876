"""Is a scenario's tree fit to be published? ``validate(tree)`` lists every problem.

The structure checks (``check_structure``) are pure: shape, ids, texts, references, dead
ends, unreachable steps, loops and size limits. ``check_parameters`` reads the database
for what actions refer to (categories, teams, resolution codes, macros, articles).
A tree without problems can be run from its start to an end on every path: every path
ends at an action step, and no path comes back to a step it passed.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

LANGUAGES = ("nl", "fr", "en")
KINDS = ("question", "instruction", "check", "action")
OUTCOMES = ("pass", "fail", "not_possible")
ACTION_TYPES = ("set_fields", "canned_answer", "link_article", "escalate", "resolve", "callback")
# Actions after which the run is over whatever follows.
ENDING_ACTIONS = ("escalate", "resolve")
PROFILES = ("novice", "experienced", "it_professional", "sysadmin")
PRIORITIES = ("P1", "P2", "P3", "P4")
LEVELS = (1, 2, 3)
SET_FIELDS = ("category", "priority", "impact", "urgency", "ticket_type")
STEP_ID = re.compile(r"^[a-z0-9-]{1,40}$")
MACRO_KEY = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")

MAX_STEPS = 200
MAX_OPTIONS = 12
MAX_TEXT = 4000
MAX_TITLE = 200
MAX_CALLBACK_MINUTES = 60 * 24 * 14


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a tree; ``step_id`` is empty for the tree as a whole."""

    code: str
    step_id: str
    message: str


def validate(tree: dict) -> list[Problem]:
    """Every problem of ``tree``: structure first, then what actions refer to."""
    problems = check_structure(tree)
    if isinstance(tree, dict) and isinstance(tree.get("steps"), list):
        problems += check_parameters(tree)
    return problems


# --- structure ---------------------------------------------------------------------------


def steps_of(tree: dict) -> list[dict]:
    """The tree's steps that are objects (anything else is reported by the checks)."""
    if not isinstance(tree, dict) or not isinstance(tree.get("steps"), list):
        return []
    return [step for step in tree["steps"] if isinstance(step, dict)]


def successors(step: dict) -> list[str]:
    """The ids a step leads to, in display order (empty strings left out)."""
    kind = step.get("kind")
    found: list = []
    if kind == "question":
        options = step.get("options")
        if isinstance(options, list):
            found = [o.get("next") for o in options if isinstance(o, dict)]
    elif kind == "check":
        outcomes = step.get("outcomes")
        if isinstance(outcomes, dict):
            found = [outcomes.get(key) for key in OUTCOMES]
    else:
        found = [step.get("next")]
    return [n for n in found if isinstance(n, str) and n]


def check_structure(tree: dict) -> list[Problem]:
    """Problems found without the database."""
    if not isinstance(tree, dict):
        return [Problem("bad_shape", "", _("The scenario has no steps."))]
    raw_steps = tree.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        return [Problem("no_steps", "", _("The scenario has no steps."))]
    problems: list[Problem] = []
    if len(raw_steps) > MAX_STEPS:
        problems.append(
            Problem(
                "too_many_steps",
                "",
                _("A scenario has at most %(max)s steps.") % {"max": MAX_STEPS},
            )
        )
    ids: set[str] = set()
    for position, step in enumerate(raw_steps, start=1):
        if not isinstance(step, dict):
            problems.append(
                Problem("bad_shape", "", _("Step %(n)s is not a step.") % {"n": position})
            )
            continue
        step_id = step.get("id")
        if not isinstance(step_id, str) or not STEP_ID.match(step_id):
            problems.append(
                Problem(
                    "bad_id",
                    "",
                    _("Step %(n)s needs an id of 1 to 40 lower-case letters, digits or hyphens.")
                    % {"n": position},
                )
            )
            continue
        if step_id in ids:
            problems.append(
                Problem("duplicate_id", step_id, _("Two steps have the same id.")),
            )
            continue
        ids.add(step_id)
        problems += _check_step(step)
    start = tree.get("start")
    if not isinstance(start, str) or start not in ids:
        problems.append(Problem("no_start", "", _("Choose the step the scenario starts with.")))
    problems += _check_references(tree, ids)
    if isinstance(start, str) and start in ids:
        problems += _check_reachable(tree, start)
    problems += _check_loops(tree)
    return problems


def _texts(value, *, step_id: str, what: str, required: bool, limit: int) -> list[Problem]:
    """A text per language: {"nl": …, "fr": …, "en": …}; nl required when ``required``."""
    if value in (None, ""):
        value = {}
    if not isinstance(value, dict):
        return [
            Problem(
                "bad_text", step_id, _("%(what)s must be a text per language.") % {"what": what}
            )
        ]
    problems = []
    for lang, text in value.items():
        if lang not in LANGUAGES or not isinstance(text, str):
            problems.append(
                Problem(
                    "bad_text",
                    step_id,
                    _("%(what)s has texts in Dutch, French or English only.") % {"what": what},
                )
            )
            break
        if len(text) > limit:
            problems.append(
                Problem(
                    "too_long",
                    step_id,
                    _("%(what)s (%(lang)s) is longer than %(max)s characters.")
                    % {"what": what, "lang": lang, "max": limit},
                )
            )
    if required and not (value.get("nl") or "").strip():
        problems.append(
            Problem("title_required", step_id, _("%(what)s needs a Dutch text.") % {"what": what})
        )
    return problems


def _check_step(step: dict) -> list[Problem]:
    step_id = step["id"]
    kind = step.get("kind")
    if kind not in KINDS:
        return [Problem("bad_kind", step_id, _("Unknown kind of step."))]
    problems = _texts(
        step.get("title"), step_id=step_id, what=_("The title"), required=True, limit=MAX_TITLE
    )
    problems += _texts(
        step.get("text"), step_id=step_id, what=_("The guidance"), required=False, limit=MAX_TEXT
    )
    problems += _check_say(step)
    problems += {
        "question": _check_question,
        "instruction": _check_instruction,
        "check": _check_check,
        "action": _check_action,
    }[kind](step)
    return problems


def _check_say(step: dict) -> list[Problem]:
    say = step.get("say")
    if say in (None, ""):
        return []
    step_id = step["id"]
    what = _("The text for the customer")
    if not isinstance(say, dict):
        return [
            Problem(
                "bad_text", step_id, _("%(what)s must be a text per language.") % {"what": what}
            )
        ]
    plain = {k: v for k, v in say.items() if k in LANGUAGES}
    problems = _texts(plain, step_id=step_id, what=what, required=False, limit=MAX_TEXT)
    for key, variant in say.items():
        if key in LANGUAGES:
            continue
        if key not in PROFILES:
            problems.append(
                Problem("bad_text", step_id, _("Unknown communication profile in the text."))
            )
            continue
        problems += _texts(variant, step_id=step_id, what=what, required=False, limit=MAX_TEXT)
    return problems


def _check_question(step: dict) -> list[Problem]:
    step_id = step["id"]
    options = step.get("options")
    if not isinstance(options, list) or not options:
        return [Problem("no_options", step_id, _("A question needs at least one answer."))]
    problems = []
    if len(options) > MAX_OPTIONS:
        problems.append(
            Problem(
                "too_many_options",
                step_id,
                _("A question has at most %(max)s answers.") % {"max": MAX_OPTIONS},
            )
        )
    seen: set[str] = set()
    for option in options:
        if not isinstance(option, dict):
            problems.append(Problem("bad_shape", step_id, _("An answer is not an answer.")))
            continue
        option_id = option.get("id")
        if not isinstance(option_id, str) or not STEP_ID.match(option_id) or option_id in seen:
            problems.append(
                Problem("bad_option", step_id, _("Each answer needs its own short id."))
            )
        else:
            seen.add(option_id)
        problems += _texts(
            option.get("label"),
            step_id=step_id,
            what=_("An answer's label"),
            required=True,
            limit=MAX_TITLE,
        )
        if not option.get("next"):
            problems.append(
                Problem(
                    "dead_end",
                    step_id,
                    _("The answer “%(label)s” leads nowhere: choose its next step.")
                    % {"label": _label(option.get("label")) or option_id},
                )
            )
    return problems


def _check_instruction(step: dict) -> list[Problem]:
    if step.get("next"):
        return []
    return [
        Problem(
            "dead_end",
            step["id"],
            _("An instruction needs a next step; only an action may end the scenario."),
        )
    ]


def _check_check(step: dict) -> list[Problem]:
    outcomes = step.get("outcomes")
    if not isinstance(outcomes, dict):
        outcomes = {}
    names = {"pass": _("passed"), "fail": _("failed"), "not_possible": _("not possible")}
    return [
        Problem(
            "dead_end",
            step["id"],
            _("Choose the next step when the test has %(result)s.") % {"result": names[key]},
        )
        for key in OUTCOMES
        if not outcomes.get(key)
    ]


def _check_action(step: dict) -> list[Problem]:
    step_id = step["id"]
    action = step.get("action")
    if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
        return [Problem("bad_action", step_id, _("Choose what the action does."))]
    kind = action["type"]
    problems = []
    if kind in ENDING_ACTIONS and step.get("next"):
        problems.append(
            Problem(
                "next_after_end",
                step_id,
                _("Escalating or resolving ends the scenario: remove the next step."),
            )
        )
    problems += _ACTION_SHAPES[kind](step_id, action)
    return problems


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _shape_set_fields(step_id: str, action: dict) -> list[Problem]:
    present = [key for key in SET_FIELDS if action.get(key) not in (None, "")]
    if not present:
        return [Problem("bad_action", step_id, _("Choose at least one field to set."))]
    problems = []
    if "category" in present and not _is_id(action["category"]):
        problems.append(Problem("bad_action", step_id, _("Choose a category.")))
    if "priority" in present and action["priority"] not in PRIORITIES:
        problems.append(Problem("bad_action", step_id, _("Unknown priority.")))
    for key in ("impact", "urgency"):
        if key in present and action[key] not in LEVELS:
            problems.append(Problem("bad_action", step_id, _("Impact and urgency are 1, 2 or 3.")))
    if "ticket_type" in present:
        from loket.tickets.models import TicketType

        if action["ticket_type"] not in TicketType.values:
            problems.append(Problem("bad_action", step_id, _("Unknown ticket type.")))
    return problems


def _shape_macro(step_id: str, action: dict) -> list[Problem]:
    macro = action.get("macro")
    if _is_id(macro) or (isinstance(macro, str) and MACRO_KEY.match(macro)):
        return []
    return [Problem("bad_action", step_id, _("Choose a canned answer."))]


def _shape_article(step_id: str, action: dict) -> list[Problem]:
    if _is_id(action.get("article")):
        return []
    return [Problem("bad_action", step_id, _("Give the number of a knowledge article."))]


def _shape_escalate(step_id: str, action: dict) -> list[Problem]:
    problems = []
    if not _is_id(action.get("team")):
        problems.append(Problem("bad_action", step_id, _("Choose the team to escalate to.")))
    problems += _texts(
        action.get("reason"), step_id=step_id, what=_("The reason"), required=True, limit=MAX_TEXT
    )
    return problems


def _shape_resolve(step_id: str, action: dict) -> list[Problem]:
    problems = []
    if not isinstance(action.get("code"), str) or not action.get("code"):
        problems.append(Problem("bad_action", step_id, _("Choose a resolution code.")))
    problems += _texts(
        action.get("resolution"),
        step_id=step_id,
        what=_("The resolution"),
        required=True,
        limit=MAX_TEXT,
    )
    return problems


def _shape_callback(step_id: str, action: dict) -> list[Problem]:
    minutes = action.get("in_minutes")
    problems = []
    if not _is_id(minutes) or minutes > MAX_CALLBACK_MINUTES:
        problems.append(
            Problem(
                "bad_action",
                step_id,
                _("Call back in 1 to %(max)s minutes.") % {"max": MAX_CALLBACK_MINUTES},
            )
        )
    problems += _texts(
        action.get("note"), step_id=step_id, what=_("The note"), required=False, limit=MAX_TEXT
    )
    return problems


_ACTION_SHAPES = {
    "set_fields": _shape_set_fields,
    "canned_answer": _shape_macro,
    "link_article": _shape_article,
    "escalate": _shape_escalate,
    "resolve": _shape_resolve,
    "callback": _shape_callback,
}


def _label(texts) -> str:
    if isinstance(texts, dict):
        for lang in LANGUAGES:
            if isinstance(texts.get(lang), str) and texts[lang]:
                return texts[lang]
    return ""


def _check_references(tree: dict, ids: set[str]) -> list[Problem]:
    problems = []
    for step in _valid_steps(tree):
        for target in successors(step):
            if target not in ids:
                problems.append(
                    Problem(
                        "unknown_step",
                        step["id"],
                        _("This step leads to “%(target)s”, which does not exist.")
                        % {"target": target[:40]},
                    )
                )
    return problems


def _valid_steps(tree: dict) -> list[dict]:
    """The steps with a usable id, first of each id only."""
    seen: set[str] = set()
    found = []
    for step in steps_of(tree):
        step_id = step.get("id")
        if isinstance(step_id, str) and STEP_ID.match(step_id) and step_id not in seen:
            seen.add(step_id)
            found.append(step)
    return found


def graph_of(tree: dict) -> dict[str, list[str]]:
    """Step id → the existing steps it leads to."""
    steps = _valid_steps(tree)
    ids = {s["id"] for s in steps}
    return {s["id"]: [n for n in successors(s) if n in ids] for s in steps}


def _check_reachable(tree: dict, start: str) -> list[Problem]:
    graph = graph_of(tree)
    seen = {start}
    todo = [start]
    while todo:
        for target in graph[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return [
        Problem("unreachable", step_id, _("No path from the start leads to this step."))
        for step_id in graph
        if step_id not in seen
    ]


def _check_loops(tree: dict) -> list[Problem]:
    """Every step on a cycle (a self-loop included), each reported once."""
    graph = graph_of(tree)
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(graph, white)
    on_cycle: set[str] = set()
    for root in graph:
        if colour[root] != white:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        colour[root] = grey
        while stack:
            node, index = stack[-1]
            targets = graph[node]
            if index < len(targets):
                stack[-1] = (node, index + 1)
                target = targets[index]
                if colour[target] == grey:
                    on_cycle.update(path[path.index(target) :])
                elif colour[target] == white:
                    colour[target] = grey
                    stack.append((target, 0))
                    path.append(target)
            else:
                colour[node] = black
                stack.pop()
                path.pop()
    return [
        Problem("loop", step_id, _("This step is part of a loop: a path comes back to it."))
        for step_id in graph
        if step_id in on_cycle
    ]


# --- database ----------------------------------------------------------------------------

# Action key → the action type that refers to something in the database by it.
REFERENCES = {
    "category": "set_fields",
    "team": "escalate",
    "code": "resolve",
    "macro": "canned_answer",
    "article": "link_article",
}


def check_parameters(tree: dict) -> list[Problem]:
    """Actions that refer to something that does not exist or is no longer in use.
    A few queries for the whole tree."""
    actions = [
        (step["id"], step["action"])
        for step in _valid_steps(tree)
        if step.get("kind") == "action" and isinstance(step.get("action"), dict)
    ]
    if not actions:
        return []
    wanted: dict[str, set] = {key: set() for key in REFERENCES}
    for _step_id, action in actions:
        for key, kind in REFERENCES.items():
            value = action.get(key)
            if action.get("type") != kind:
                continue
            if (key in ("code", "macro") and isinstance(value, str) and value) or _is_id(value):
                wanted[key].add(value)
    found = _existing(wanted)
    messages = {
        "category": _("The category of this action is unknown or no longer in use."),
        "team": _("The team of this action is unknown or no longer active."),
        "code": _("The resolution code of this action is unknown or no longer in use."),
        "macro": _("The canned answer of this action is unknown or no longer in use."),
        "article": _("The knowledge article of this action is unknown or not published."),
    }
    problems = []
    for step_id, action in actions:
        for key, kind in REFERENCES.items():
            given = action.get(key)
            if action.get("type") == kind and given in wanted[key] and given not in found[key]:
                problems.append(Problem("unknown_" + key, step_id, messages[key]))
    return problems


def _existing(wanted: dict[str, set]) -> dict[str, set]:
    from django.db.models import Q

    from loket.accounts.models import Team
    from loket.knowledge.models import Article, ArticleStatus
    from loket.tickets.models import Category, ResolutionCode

    found: dict[str, set] = {key: set() for key in wanted}
    if wanted["category"]:
        found["category"] = set(
            Category.objects.filter(pk__in=wanted["category"], is_active=True).values_list(
                "pk", flat=True
            )
        )
    if wanted["team"]:
        found["team"] = set(
            Team.objects.filter(pk__in=wanted["team"], is_active=True).values_list("pk", flat=True)
        )
    if wanted["code"]:
        found["code"] = set(
            ResolutionCode.objects.filter(code__in=wanted["code"], is_active=True).values_list(
                "code", flat=True
            )
        )
    if wanted["article"]:
        found["article"] = set(
            Article.objects.filter(
                pk__in=wanted["article"], status=ArticleStatus.PUBLISHED
            ).values_list("pk", flat=True)
        )
    if wanted["macro"]:
        ids = [v for v in wanted["macro"] if isinstance(v, int)]
        keys = [v for v in wanted["macro"] if isinstance(v, str)]
        for pk, key in (
            active_macros().filter(Q(pk__in=ids) | Q(key__in=keys)).values_list("pk", "key")
        ):
            found["macro"].update({pk, key})
    return found


def active_macros():
    """The canned answers an action may insert (none while the macros app has no model)."""
    from django.apps import apps

    try:
        macro = apps.get_model("macros", "Macro")
    except LookupError:
        return _NoMacros()
    queryset = macro.objects.all()
    if any(f.name == "is_active" for f in macro._meta.get_fields()):
        queryset = queryset.filter(is_active=True)
    return queryset


class _NoMacros:
    """Stands in for a queryset of macros before the macros app has its model."""

    def filter(self, *args, **kwargs):
        return self

    def order_by(self, *args):
        return self

    def values_list(self, *args, **kwargs):
        return []

    def __iter__(self):
        return iter(())
