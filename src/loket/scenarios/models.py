"""Scenarios (call scripts): versioned decision trees that guide the agent through a call.

A scenario has versions. The editable one is the *draft*; publishing freezes it and makes
it the current version; a later edit starts a new draft copied from it. A run on a
ticket keeps the version it started with (``ScenarioRun.version``), whatever is
published later.

A version's ``tree`` is JSON::

    {
      "start": "printer-on",                    # id of the first step
      "steps": [
        {
          "id": "printer-on",                   # unique within the tree, [a-z0-9-]{1,40}
          "kind": "question",                   # question | instruction | check | action
          "title": {"nl": "…", "fr": "…", "en": "…"},   # short, for the agent
          "text": {"nl": "…", "fr": "…", "en": "…"},    # guidance for the agent (optional)
          "say": {                              # optional: read to the customer, per
            "nl": "…", "fr": "…", "en": "…",    # language, with optional variants for a
            "novice": {"nl": "…", …},           # communication profile (directory
            "it_professional": {"en": "…"}      # CommunicationProfile values)
          },
          # question: the options, each leading to a step
          "options": [{"id": "yes", "label": {"nl": "Ja", …}, "next": "paper"}, …],
          # instruction: the step that follows
          "next": "paper",
          # check (routine test): a step per result
          "outcomes": {"pass": "…", "fail": "…", "not_possible": "…"},
          # action: what it does; "next" is optional (no next = the scenario ends here;
          # "resolve" and "escalate" always end it)
          "action": {"type": "set_fields", "category": 12, "priority": "P3", "ticket_type": "incident"}
                    | {"type": "canned_answer", "macro": 3}
                    | {"type": "link_article", "article": 17}
                    | {"type": "escalate", "team": 2, "reason": {"nl": "…", …}}
                    | {"type": "resolve", "code": "solved-first-line", "resolution": {"nl": …}}
                    | {"type": "callback", "in_minutes": 60, "note": {"nl": …}}
        },
        …
      ]
    }

Texts fall back nl → fr → en when the wanted language is missing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scenario(models.Model):
    """A kind of call the desk handles the same way every time."""

    title_nl = models.CharField(_("title (Dutch)"), max_length=150)
    title_fr = models.CharField(_("title (French)"), max_length=150, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_scenarios",
        verbose_name=_("owner"),
    )
    categories = models.ManyToManyField(
        "tickets.Category", blank=True, related_name="scenarios", verbose_name=_("categories")
    )
    # Words (any language) that suggest the scenario for a ticket's text, comma-separated.
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    current_version = models.ForeignKey(
        "ScenarioVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published version"),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["title_nl"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self):
        return self.title_nl

    def title(self, language: str) -> str:
        for lang in (language, "nl", "fr", "en"):
            value = getattr(self, f"title_{lang}", "")
            if value:
                return value
        return ""


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ScenarioVersion(models.Model):
    """One version of a scenario's tree. Published versions never change."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="versions", verbose_name=_("scenario")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    tree = models.JSONField(_("steps"), default=dict)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["scenario", "-number"]
        verbose_name = _("scenario version")
        verbose_name_plural = _("scenario versions")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "number"], name="scenario_version_number"),
            # One draft per scenario at a time.
            models.UniqueConstraint(
                fields=["scenario"],
                condition=models.Q(status="draft"),
                name="scenario_one_draft",
            ),
        ]

    def __str__(self):
        return f"{self.scenario} v{self.number}"


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    LEFT = "left", _("Left (deviation)")


class RunOutcome(models.TextChoices):
    """How a finished run ended, for the statistics."""

    RESOLVED = "resolved", _("Resolved at first contact")
    ESCALATED = "escalated", _("Escalated")
    ENDED = "ended", _("Ended otherwise")
    LEFT = "left", _("Left the scenario")


class ScenarioRun(models.Model):
    """One agent going through one version of a scenario on one ticket."""

    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        related_name="scenario_runs",
        verbose_name=_("ticket"),
    )
    version = models.ForeignKey(
        ScenarioVersion, on_delete=models.PROTECT, related_name="runs", verbose_name=_("version")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="scenario_runs",
        verbose_name=_("agent"),
    )
    # The language and profile the texts for the customer were shown in (the contact's).
    language = models.CharField(_("language"), max_length=2)
    profile = models.CharField(_("communication profile"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    current_step = models.CharField(_("current step"), max_length=40, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=RunOutcome.choices, blank=True)
    end_step = models.CharField(_("ended at step"), max_length=40, blank=True)
    deviation_reason = models.TextField(_("reason for leaving"), blank=True)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        constraints = [
            # One running scenario per ticket at a time.
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(status="running"),
                name="scenario_one_running_per_ticket",
            )
        ]
        indexes = [models.Index(fields=["version", "status"], name="scenario_run_stats")]

    def __str__(self):
        return f"{self.version} on {self.ticket_id}"


class RunStep(models.Model):
    """One step taken in a run: the answer chosen, the check's result, the action done."""

    run = models.ForeignKey(
        ScenarioRun, on_delete=models.CASCADE, related_name="steps", verbose_name=_("run")
    )
    step_id = models.CharField(_("step"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12)
    # question: the option id; check: pass / fail / not_possible; instruction: "done";
    # action: the action type.
    answer = models.CharField(_("answer"), max_length=40, blank=True)
    # What the agent saw, frozen for the record (step title, option label, action result),
    # in the agent's language.
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["run", "at", "id"]
        verbose_name = _("scenario step taken")
        verbose_name_plural = _("scenario steps taken")

    def __str__(self):
        return f"{self.run_id}:{self.step_id}={self.answer}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Proposal(models.Model):
    """An agent's suggestion to improve a scenario at a given step."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("scenario")
    )
    version = models.ForeignKey(
        ScenarioVersion,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("version"),
    )
    step_id = models.CharField(_("step"), max_length=40, blank=True)
    run = models.ForeignKey(
        ScenarioRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("run"),
    )
    text = models.TextField(_("proposal"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="scenario_proposals",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("improvement proposal")
        verbose_name_plural = _("improvement proposals")

    def __str__(self):
        return f"{self.scenario_id}:{self.step_id}"
