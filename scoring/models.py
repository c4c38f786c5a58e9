"""The yearly covenant, the scoring table, scores and the adjustments behind a bloc's ranking.

A bloc's year: targets and signed pledges (covenant), a scoring table of groups → criteria with
maximum points plus bonus and penalty items, members' self-scores, then the bloc score (by the
leader, or the average of members' cross-scores), then finalisation by the leader or Home
Affairs. Emulation movements live in `blocs.Movement` (award records point to them); their
pages are in this app.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.historyrows import HistoricalRecords
from blocs.models import Agency, Bloc
from blocs.names import NormalizedTextModel
from blocs.years import YEAR_MAX, YEAR_MIN

MAX_POINTS_CEILING = Decimal("1000")  # no scoring table we know of gives one criterion 1000 points
POINTS = {"max_digits": 6, "decimal_places": 2}


class Covenant(NormalizedTextModel, models.Model):
    """The emulation covenant (giao ước thi đua) of a bloc for a year: its targets and pledges."""

    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="covenants")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    signed_on = models.DateField(_("signing ceremony"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bloc", "-year"]
        verbose_name = _("emulation covenant")
        verbose_name_plural = _("emulation covenants")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="covenant_one_per_bloc_year",
                violation_error_message=_("This bloc already has a covenant for this year."),
            ),
        ]

    def __str__(self):
        return self.title or f"{self.bloc} ({self.year})"


class CovenantTarget(NormalizedTextModel, models.Model):
    """A target (chỉ tiêu) of the covenant: text, optionally a number and its unit."""

    covenant = models.ForeignKey(Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("target"))
    target_value = models.DecimalField(_("numeric target"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["covenant", "position", "id"]
        verbose_name = _("covenant target")
        verbose_name_plural = _("covenant targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="covenant_target_not_negative",
                violation_error_message=_("A numeric target cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.text[:80]


class Pledge(NormalizedTextModel, models.Model):
    """A member agency's signed pledge to the covenant."""

    covenant = models.ForeignKey(Covenant, verbose_name=_("covenant"), on_delete=models.CASCADE, related_name="pledges")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="pledges")
    signed_on = models.DateField(_("signed on"))
    signatory_name = models.CharField(_("signatory"), max_length=255)
    signatory_title = models.CharField(_("signatory's title"), max_length=255, blank=True)
    file = models.FileField(_("signed copy"), upload_to="scoring/pledges/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["covenant", "agency__name"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "agency"],
                name="pledge_one_per_agency",
                violation_error_message=_("This agency has already signed the covenant."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.covenant}"


class ScoringTable(NormalizedTextModel, models.Model):
    """The bloc's scoring table (bảng tiêu chí, thang điểm) for one year.

    Locked once scoring starts (any score saved); read-only once finalised."""

    class Method(models.TextChoices):
        LEADER = "leader", _("Scored by the leader")
        CROSS_AVERAGE = "cross_average", _("Average of the members' cross-scores")

    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="scoring_tables")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    method = models.CharField(
        _("how the bloc scores its members"), max_length=15, choices=Method.choices, default=Method.LEADER
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["bloc", "-year"]
        verbose_name = _("scoring table")
        verbose_name_plural = _("scoring tables")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="scoring_table_one_per_bloc_year",
                violation_error_message=_("This bloc already has a scoring table for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX),
                name="scoring_table_year_range",
                violation_error_message=_("The year is out of range."),
            ),
        ]

    def __str__(self):
        return self.title or f"{self.bloc} ({self.year})"

    def get_absolute_url(self):
        return reverse("scoring:table", kwargs={"pk": self.bloc_id, "year": self.year})

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None


class ScoreGroup(NormalizedTextModel, models.Model):
    """A group of criteria (e.g. "I. Thực hiện nhiệm vụ chuyên môn")."""

    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="groups"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "position", "id"]
        verbose_name = _("criteria group")
        verbose_name_plural = _("criteria groups")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "name"],
                name="score_group_unique_name",
                violation_error_message=_("The table already has a group with this name."),
            ),
        ]

    def __str__(self):
        return self.name


class Criterion(NormalizedTextModel, models.Model):
    """A criterion with its maximum points; optionally proposed from data already in the system."""

    class AutoSource(models.TextChoices):
        NONE = "", _("Scored by hand")
        REPORT_ON_TIME = "report_on_time", _("Award reports submitted on time")
        AWARDS_COUNT = "awards_count", _("Awards granted in the year")
        CONFERENCE_ATTENDED = "conference_attended", _("Bloc conferences attended")

    group = models.ForeignKey(ScoreGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    auto_source = models.CharField(
        _("proposed from data"), max_length=20, choices=AutoSource.choices, blank=True, default=""
    )
    guidance = models.TextField(_("how to score"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group__position", "group_id", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0) & Q(max_points__lte=MAX_POINTS_CEILING),
                name="criterion_max_points_range",
                violation_error_message=_("The maximum points must be more than 0 and at most 1000."),
            ),
        ]

    def __str__(self):
        return self.name


class AdjustmentItem(NormalizedTextModel, models.Model):
    """A bonus (điểm thưởng) or penalty (điểm trừ) item with its rule, in points per occurrence."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus")
        PENALTY = "penalty", _("Penalty")

    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="adjustment_items"
    )
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("item"), max_length=500)
    rule = models.TextField(_("rule"), blank=True)
    points = models.DecimalField(_("points per occurrence"), **POINTS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "kind", "position", "id"]
        verbose_name = _("bonus or penalty item")
        verbose_name_plural = _("bonus and penalty items")
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gt=0) & Q(points__lte=MAX_POINTS_CEILING),
                name="adjustment_points_range",
                violation_error_message=_("The points must be more than 0 and at most 1000."),
            ),
        ]

    def __str__(self):
        return self.name


class ScoreSheet(NormalizedTextModel, models.Model):
    """A member's self-assessment for the year: draft → submitted → finalised (with the table)."""

    class State(models.TextChoices):
        # A context of their own: other apps' “Submitted” (a report sent in) reads differently.
        DRAFT = "draft", pgettext_lazy("score sheet", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("score sheet", "Submitted")
        FINALISED = "finalised", pgettext_lazy("score sheet", "Finalised")

    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="sheets"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="score_sheets")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "agency__name"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "agency"],
                name="score_sheet_one_per_agency",
                violation_error_message=_("This agency already has a score sheet for this table."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.table}"


class Score(NormalizedTextModel, models.Model):
    """Points given to `agency` on one criterion: by itself (self), by the leader, or by another
    member (cross, with `scorer`). The upper bound (the criterion's maximum) crosses tables, so
    the services check it; the database holds the rest."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-score")
        LEADER = "leader", _("Leader's score")
        CROSS = "cross", _("Cross-score")

    # table repeats criterion.group.table so that "has scoring started" and the ranking read
    # one indexed column; the services keep them equal.
    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("scored agency"), on_delete=models.PROTECT, related_name="scores")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    scorer = models.ForeignKey(
        Agency,
        verbose_name=_("scoring agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scores_given",
    )
    points = models.DecimalField(_("points"), **POINTS)
    evidence = models.TextField(_("evidence"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="scoring/evidence/%Y/", blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "agency__name", "criterion"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        indexes = [models.Index(fields=["table", "kind", "agency"], name="score_table_kind_agency")]
        constraints = [
            models.CheckConstraint(
                condition=Q(points__gte=0),
                name="score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="cross") & Q(scorer__isnull=False) & ~Q(scorer=models.F("agency")))
                | (~Q(kind="cross") & Q(scorer__isnull=True)),
                name="score_cross_has_other_scorer",
                violation_error_message=_("A cross-score is given by another member; a member cannot score itself."),
            ),
            models.UniqueConstraint(
                fields=["criterion", "agency", "kind"],
                condition=~Q(kind="cross"),
                name="score_one_self_or_leader",
                violation_error_message=_("This criterion is already scored."),
            ),
            models.UniqueConstraint(
                fields=["criterion", "agency", "scorer"],
                condition=Q(kind="cross"),
                name="score_one_cross_per_scorer",
                violation_error_message=_("This member has already cross-scored this criterion."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} · {self.criterion}: {self.points}"


class AppliedAdjustment(NormalizedTextModel, models.Model):
    """A bonus or penalty item applied to a member by the bloc, `quantity` times."""

    table = models.ForeignKey(
        ScoringTable, verbose_name=_("scoring table"), on_delete=models.CASCADE, related_name="adjustments"
    )
    item = models.ForeignKey(AdjustmentItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="applied")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="adjustments")
    quantity = models.PositiveSmallIntegerField(_("times"), default=1)
    note = models.CharField(_("grounds"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "agency__name", "item"]
        verbose_name = _("applied bonus or penalty")
        verbose_name_plural = _("applied bonuses and penalties")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "agency"],
                name="adjustment_once_per_agency",
                violation_error_message=_("This item is already applied to this agency."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=100),
                name="adjustment_quantity_range",
                violation_error_message=_("An item is applied between 1 and 100 times."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} · {self.item} × {self.quantity}"
