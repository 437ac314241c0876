"""Validation of scenario trees: what refuses publication, and what passes."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loket.scenarios.validation import check_structure, validate
from tests.scenarios.editor_fixtures import *  # noqa: F403 (fixtures)
from tests.scenarios.editor_fixtures import (
    check,
    instruction,
    question,
    resolve,
    small_tree,
    t,
)

pytestmark = pytest.mark.django_db


def codes(problems, step_id=None):
    return {p.code for p in problems if step_id is None or p.step_id == step_id}


def test_a_complete_tree_has_no_problems(tree):
    assert validate(tree) == []


def test_an_empty_tree_has_no_steps():
    assert codes(validate({})) == {"no_steps"}
    assert codes(validate({"start": "a", "steps": []})) == {"no_steps"}
    assert codes(validate("nonsense")) == {"bad_shape"}


def test_the_start_must_exist(tree):
    tree["start"] = "nope"
    assert "no_start" in codes(validate(tree))


def test_ids_are_short_lowercase_and_unique(tree):
    tree["steps"][1]["id"] = "Switch On!"
    assert "bad_id" in codes(validate(tree))
    tree = small_tree(1)
    tree["steps"].append(resolve("done"))
    assert "duplicate_id" in codes(check_structure(tree), "done")


def test_every_step_needs_a_dutch_title(tree):
    tree["steps"][1]["title"] = {"en": "Switch on"}
    problems = validate(tree)
    assert "title_required" in codes(problems, "switch-on")
    tree["steps"][1]["title"] = {"nl": "Aanzetten"}  # fr and en fall back to nl
    assert validate(tree) == []


def test_a_question_without_answers_is_a_dead_end(tree):
    tree["steps"][0]["options"] = []
    assert "no_options" in codes(check_structure(tree), "on")


def test_an_answer_without_next_step_is_a_dead_end(tree):
    tree["steps"][0]["options"][1]["next"] = ""
    assert "dead_end" in codes(check_structure(tree), "on")


def test_an_instruction_without_next_is_a_dead_end(tree):
    tree["steps"][1]["next"] = ""
    problems = check_structure(tree)
    assert "dead_end" in codes(problems, "switch-on")


def test_a_check_needs_all_three_outcomes(tree):
    del tree["steps"][2]["outcomes"]["not_possible"]
    problems = [p for p in check_structure(tree) if p.step_id == "test"]
    assert [p.code for p in problems] == ["dead_end"]
    assert "not possible" in problems[0].message


def test_only_actions_end_a_scenario_and_resolving_has_no_next(tree):
    tree["steps"][3]["next"] = "on"
    assert "next_after_end" in codes(check_structure(tree), "done")


def test_a_reference_to_a_missing_step_is_dangling(tree):
    tree["steps"][0]["options"][0]["next"] = "ghost"
    problems = check_structure(tree)
    assert "unknown_step" in codes(problems, "on")
    assert any("ghost" in p.message for p in problems)


def test_a_step_no_path_reaches_is_unreachable(tree):
    tree["steps"].append(resolve("orphan"))
    assert codes(check_structure(tree), "orphan") == {"unreachable"}


def test_a_loop_is_refused(tree):
    # switch-on → test → (fail) switch-on
    tree["steps"][2]["outcomes"]["fail"] = "switch-on"
    problems = check_structure(tree)
    assert {p.step_id for p in problems if p.code == "loop"} == {"switch-on", "test"}


def test_a_self_loop_is_refused(tree):
    tree["steps"][1]["next"] = "switch-on"
    assert "loop" in codes(check_structure(tree), "switch-on")


def test_actions_refer_to_existing_active_things(tree, teams, categories):
    tree["steps"][3]["action"]["code"] = "no-such-code"
    tree["steps"][4]["action"]["team"] = 99999
    problems = validate(tree)
    assert "unknown_code" in codes(problems, "done")
    assert "unknown_team" in codes(problems, "send")
    teams["second"].is_active = False
    teams["second"].save(update_fields=["is_active"])
    tree = small_tree(teams["second"].pk)
    assert "unknown_team" in codes(validate(tree), "send")


def test_set_fields_knows_its_values(tree, categories):
    action = {"type": "set_fields", "category": categories["printing"].pk, "priority": "P3"}
    tree["steps"][3] = {"id": "done", "kind": "action", "title": t("Zet"), "action": action}
    assert validate(tree) == []
    action["ticket_type"] = "banana"
    action["impact"] = 7
    messages = {p.message for p in validate(tree)}
    assert "Unknown ticket type." in messages
    assert "Impact and urgency are 1, 2 or 3." in messages
    tree["steps"][3]["action"] = {"type": "set_fields"}
    assert "bad_action" in codes(validate(tree), "done")


def test_articles_must_be_published(tree):
    tree["steps"][3]["action"] = {"type": "link_article", "article": 424242}
    assert "unknown_article" in codes(validate(tree), "done")


def test_canned_answers_must_exist(tree):
    tree["steps"][3]["action"] = {"type": "canned_answer", "macro": "no-such-macro"}
    assert "unknown_macro" in codes(validate(tree), "done")


def test_an_unknown_action_is_refused(tree):
    tree["steps"][3]["action"] = {"type": "format-disk"}
    assert "bad_action" in codes(validate(tree), "done")


def test_size_limits(tree):
    tree["steps"][1]["text"] = {"nl": "x" * 4001}
    assert "too_long" in codes(check_structure(tree), "switch-on")
    big = {"start": "s0", "steps": [instruction(f"s{i}", f"s{i + 1}") for i in range(201)]}
    big["steps"].append(resolve("s201"))
    assert "too_many_steps" in codes(check_structure(big))


def test_customer_texts_have_known_profiles(tree):
    tree["steps"][1]["say"] = {"nl": "Druk op de knop.", "novice": {"nl": "De ronde knop."}}
    assert validate(tree) == []
    tree["steps"][1]["say"]["toddler"] = {"nl": "?"}
    assert "bad_text" in codes(validate(tree), "switch-on")


def test_messages_are_translated(tree):
    from django.utils import translation

    tree["steps"][1]["next"] = ""
    with translation.override("nl"):
        dutch = [p.message for p in check_structure(tree)]
    assert dutch and all(isinstance(m, str) and m for m in dutch)


# A random valid tree: a chain of steps where each step leads only to later steps, and
# the last ones are actions. Such a tree has no loops, no dead ends and no orphans.
@st.composite
def valid_trees(draw):
    size = draw(st.integers(min_value=1, max_value=25))
    ids = [f"s{i}" for i in range(size)] + ["end"]
    steps = []
    for i in range(size):
        later = ids[i + 1 :]
        kind = draw(st.sampled_from(["question", "instruction", "check"]))
        nxt = ids[i + 1]  # always lead to the next one, so every step is reachable
        if kind == "question":
            extra = draw(st.lists(st.sampled_from(later), max_size=3))
            steps.append(question(ids[i], **{f"o{k}": n for k, n in enumerate([nxt, *extra])}))
        elif kind == "instruction":
            steps.append(instruction(ids[i], nxt))
        else:
            steps.append(check(ids[i], nxt, draw(st.sampled_from(later)), "end"))
    steps.append(resolve("end"))
    order = draw(st.permutations(steps))
    return {"start": "s0" if size else "end", "steps": list(order)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_trees())
def test_random_valid_trees_have_no_structural_problems(random_tree):
    assert check_structure(random_tree) == []


@settings(max_examples=40, deadline=None)
@given(valid_trees(), st.data())
def test_pointing_back_to_the_start_makes_a_loop(random_tree, data):
    tree = copy.deepcopy(random_tree)
    instructions = [s for s in tree["steps"] if s["kind"] == "instruction"]
    if not instructions:
        return
    step = data.draw(st.sampled_from(instructions))
    step["next"] = "s0"
    assert "loop" in codes(check_structure(tree))
