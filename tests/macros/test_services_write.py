"""Writing canned answers: who may, what is refused."""

import pytest
from django.core.exceptions import PermissionDenied

from loket.core.errors import InvalidInput
from loket.macros.models import MacroText
from loket.macros.services import create_macro, set_text, update_macro

pytestmark = pytest.mark.django_db


def test_a_supervisor_creates_a_macro_with_texts(sofie, categories):
    macro = create_macro(
        acting_user=sofie,
        key="Toner-Ordered",
        title_en="Toner ordered",
        categories=[categories["printing"]],
        texts={("nl", ""): "Toner besteld voor {organisation}."},
    )
    assert macro.key == "toner-ordered"
    assert macro.owner == sofie
    assert list(macro.categories.all()) == [categories["printing"]]
    assert macro.texts.get().body == "Toner besteld voor {organisation}."


@pytest.mark.parametrize("who", ["anna", "sam", "chris"])
def test_others_may_not_write_macros(who, request, macro):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        create_macro(acting_user=user, key="x", title_en="X")
    with pytest.raises(PermissionDenied):
        update_macro(macro, acting_user=user, title_en="Y")
    with pytest.raises(PermissionDenied):
        set_text(macro, acting_user=user, language="nl", body="Hallo")


def test_unknown_placeholders_are_refused_with_the_valid_ones(macro, sofie):
    with pytest.raises(InvalidInput) as info:
        set_text(macro, acting_user=sofie, language="nl", body="Dag {naam}, {ticket_number}")
    assert info.value.code == "unknown_placeholder"
    assert "{naam}" in info.value.message
    assert "{contact_name}" in info.value.message and "{due_time}" in info.value.message
    assert "{naam}" not in macro.texts.get(language="nl").body


def test_an_empty_text_removes_the_variant(macro, sofie):
    set_text(macro, acting_user=sofie, language="nl", profile="novice", body="Eenvoudig")
    assert macro.texts.filter(profile="novice").exists()
    assert set_text(macro, acting_user=sofie, language="nl", profile="novice", body=" ") is None
    assert not macro.texts.filter(profile="novice").exists()


def test_a_variant_is_replaced_not_duplicated(macro, sofie):
    set_text(macro, acting_user=sofie, language="fr", body="Nouveau")
    assert MacroText.objects.filter(macro=macro, language="fr").get().body == "Nouveau"


@pytest.mark.parametrize(
    "fields,code",
    [
        ({"key": ""}, "key_required"),
        ({"key": "with space"}, "bad_key"),
        ({"key": "complaint-acknowledgement"}, "key_taken"),
        ({"title_nl": "", "title_en": "", "title_fr": ""}, "title_required"),
        ({"kind": "mail"}, "bad_kind"),
        ({"set_status": "resolved"}, "bad_status"),
        ({"set_type": "nonsense"}, "bad_type"),
        ({"set_impact": 7}, "invalid_level"),
        ({"colour": "red"}, "bad_field"),
    ],
)
def test_bad_macro_fields_are_refused(macro, sofie, fields, code):
    with pytest.raises(InvalidInput) as info:
        update_macro(macro, acting_user=sofie, **fields)
    assert info.value.code == code


def test_bad_languages_and_profiles_are_refused(macro, sofie):
    with pytest.raises(InvalidInput):
        set_text(macro, acting_user=sofie, language="de", body="Hallo")
    with pytest.raises(InvalidInput):
        set_text(macro, acting_user=sofie, language="nl", profile="guru", body="Hallo")
