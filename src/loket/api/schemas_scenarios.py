"""Shapes of the scenario (call script) endpoints: scenarios to run, runs and their steps,
improvement proposals."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from loket.api.schemas import MAX_ID, Id, Input, LanguageCode, Text, UserRef, Version

RunStatusCode = Literal["running", "completed", "left"]
RunOutcomeCode = Literal["", "resolved", "escalated", "ended", "left"]
StepKind = Literal["question", "instruction", "check", "action"]
StepRef = Text


class ScenarioOut(Schema):
    id: int
    title: str = Field(description="In the request's language (Accept-Language), else nl/fr/en.")
    titles: dict[str, str]
    keywords: str
    categories: list[int]
    is_active: bool
    version: int = Field(description="The published version a new run starts.")
    owner: UserRef


class ScenarioPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ScenarioOut]


class ScenarioDetailOut(ScenarioOut):
    published_at: datetime | None
    tree: dict = Field(
        description="The published decision tree: `start` and `steps` (see docs/scenario-runs.md)."
    )


class ChoiceOut(Schema):
    answer: str = Field(description="What to send as `answer` for this choice.")
    label: str


class CurrentStepOut(Schema):
    id: str
    kind: StepKind
    title: str
    guidance: str = Field(description="For the agent, in the request's language.")
    say: str = Field(description="To read to the customer, in their language and profile.")
    choices: list[ChoiceOut]


class StepTakenOut(Schema):
    step: str
    kind: str
    answer: str
    summary: str
    note: str
    at: datetime


class RunOut(Schema):
    id: int
    ticket: str = Field(description="The ticket's number.")
    scenario: int
    scenario_title: str
    version: int
    agent: UserRef
    language: LanguageCode
    profile: str
    status: RunStatusCode
    outcome: RunOutcomeCode
    current_step: CurrentStepOut | None = Field(description="While running.")
    end_step: str
    deviation_reason: str
    started_at: datetime
    ended_at: datetime | None
    steps: list[StepTakenOut]


class ComposerOut(Schema):
    kind: Literal["reply", "note"]
    body: str


class StepResultOut(RunOut):
    composer: ComposerOut | None = Field(
        description="A canned answer to review and send (POST /tickets/{key}/events)."
    )
    message: str


class StartRunIn(Input):
    scenario: Id


class StepIn(Input):
    step: StepRef = Field(
        ...,
        max_length=40,
        description="The run's current step; 422 `stale_step` when it was answered meanwhile.",
    )
    answer: Text = Field(
        "",
        max_length=40,
        description="question: an option id; check: pass, fail or not_possible; "
        "instruction: done (or empty); action: empty.",
    )
    note: Text = Field("", max_length=5000)
    version: Version | None = Field(
        None, description="The ticket version you saw (for action steps); 409 when it changed."
    )


class LeaveIn(Input):
    reason: Text = Field(..., max_length=2000)


class ProposalIn(Input):
    step: Text = Field("", max_length=40, description="The step it is about (optional).")
    text: Text = Field(..., max_length=5000)
    run: int | None = Field(None, ge=1, le=MAX_ID, description="The run it came from (optional).")


class ProposalOut(Schema):
    id: int
    scenario: int
    version: int
    step: str
    run: int | None
    text: str
    status: str
    author: UserRef
    created_at: datetime
