"""Builders shared by the canned-answer tests."""

import pytest

from loket.macros.services import create_macro


@pytest.fixture
def make_macro(db, sofie):
    def make(acting_user=None, key="printer-fixed", texts=None, **fields):
        fields.setdefault("title_en", "Printer fixed")
        fields.setdefault("title_nl", "Printer hersteld")
        if texts is None:
            texts = {
                ("nl", ""): "Beste {contact_name}, uw printer werkt weer. {agent_name}",
                ("fr", ""): "Bonjour {contact_name}, votre imprimante fonctionne. {agent_name}",
                ("en", ""): "Dear {contact_name}, your printer works again. {agent_name}",
            }
        return create_macro(acting_user=acting_user or sofie, key=key, texts=texts, **fields)

    return make


@pytest.fixture
def macro(make_macro):
    return make_macro()


from tests.api.conftest import api, everyone  # noqa: E402, F401  (the API clients per persona)
