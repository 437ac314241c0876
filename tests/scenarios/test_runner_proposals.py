"""Agents propose improvements to a scenario, at a step; the owner is notified."""

import pytest

from loket.core.errors import InvalidInput
from loket.notifications.models import Notification, NotificationKind
from loket.scenarios.models import Proposal
from loket.scenarios.services import propose_improvement, start_run

pytestmark = pytest.mark.django_db


def test_a_proposal_from_a_run_notifies_the_owner(scenario, ticket, anna, sofie):
    run = start_run(ticket, scenario, acting_user=anna)

    proposal = propose_improvement(
        scenario,
        text="Ask for the printer model first",
        step_id="printer-on",
        run=run,
        acting_user=anna,
    )

    assert proposal.version == run.version
    assert (proposal.step_id, proposal.author, proposal.status) == ("printer-on", anna, "open")
    note = Notification.objects.get(recipient=sofie)
    assert note.kind == NotificationKind.PROPOSAL
    assert note.ticket == ticket
    assert note.data["name"] == "Printer drukt niet af"
    assert note.data["by"] == str(anna)


def test_a_proposal_without_a_run_is_on_the_current_version(scenario, anna, sofie):
    proposal = propose_improvement(scenario, text="Add a toner step", acting_user=anna)

    assert proposal.version == scenario.current_version
    assert proposal.run is None
    assert Notification.objects.filter(recipient=sofie, ticket=None).count() == 1


def test_the_owner_proposing_is_not_notified(scenario, sofie):
    propose_improvement(scenario, text="Note to self", acting_user=sofie)

    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("text", "step_id", "code"),
    [
        ("  ", "", "text_required"),
        ("Fine", "no-such-step", "unknown_step"),
        ("x" * 5001, "", "too_long"),
    ],
)
def test_a_proposal_needs_a_text_and_a_known_step(scenario, anna, text, step_id, code):
    with pytest.raises(InvalidInput) as refused:
        propose_improvement(scenario, text=text, step_id=step_id, acting_user=anna)

    assert refused.value.code == code
    assert not Proposal.objects.exists()
