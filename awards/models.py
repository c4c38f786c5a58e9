"""The award catalogue, reporting periods, award records and agency submissions.

Counting rule (see README): a full-year period's records cover the whole year; the annual
report reads only the full-year period and the six-month report only the first-half period,
so no award is ever counted twice. The full-year grid can start from a copy of the first half.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.historyrows import HistoricalRecords
from blocs.models import Agency, Bloc, Movement, Province
from blocs.names import NormalizedTextModel

MAX_COUNT = 1_000_000  # no agency reports a million awards in a half-year; larger is a typo
MAX_ROWS = 500  # rows of one agency's report for one period, in the grid and in a spreadsheet


class AwardLevel(models.TextChoices):
    STATE = "state", _("State level")
    MINISTRY_PROVINCE = "ministry_province", _("Ministry / province level")
    UNIT = "unit", _("Unit level")
    UNSTATED = "unstated", _("Level not stated")


class AwardForm(NormalizedTextModel, models.Model):
    """A form of commendation or an emulation title, as data (seeded from the law)."""

    class Recipients(models.TextChoices):
        COLLECTIVE = "collective", _("Collectives only")
        INDIVIDUAL = "individual", _("Individuals only")
        BOTH = "both", _("Collectives and individuals")

    class Category(models.TextChoices):
        TITLE = "title", _("Emulation title")
        COMMENDATION = "commendation", _("Form of commendation")
        UNSTATED = "unstated", _("Not stated")

    class StatGroup(models.TextChoices):
        """Where the form is counted in the statistics forms of Circular 02/2023/TT-BNV."""

        NONE = "", _("Not counted separately")
        # Form 0602.N: one group per column of the printed form.
        STATE_ORDERS = "0602_hc", _("0602: orders and medals (Huân chương, Huy chương)")
        STATE_HCM_PRIZE = "0602_ghcm", _("0602: Ho Chi Minh Prize")
        STATE_PRIZE = "0602_gnn", _("0602: State Prize")
        STATE_HONOUR = "0602_vd", _("0602: state honorary title (Danh hiệu vinh dự nhà nước)")
        STATE_FLAG = "0602_ctd", _("0602: Government emulation flag")
        STATE_PM_MERIT = "0602_bk", _("0602: Prime Minister's certificate of merit")
        STATE_CSTD = "0602_cstd", _("0602: national emulation fighter")
        STATE_OTHER = "0602_khac", _("0602: other state-level award")
        # Form 0603.N.
        BANG_KHEN = "0603_bk", _("0603: certificate of merit (Bằng khen)")
        CSTD = "0603_cstd", _("0603: emulation fighter (Chiến sĩ thi đua)")
        CO_THI_DUA = "0603_ctd", _("0603: emulation flag (Cờ thi đua)")
        KY_NIEM_CHUONG = "0603_knc", _("0603: commemorative medal (Kỷ niệm chương)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    recipients = models.CharField(_("recipients"), max_length=10, choices=Recipients.choices)
    category = models.CharField(_("category"), max_length=15, choices=Category.choices)
    stat_group = models.CharField(_("statistics group"), max_length=10, choices=StatGroup.choices, blank=True)
    is_other = models.BooleanField(
        _("catch-all entry"),
        default=False,
        help_text=_("“Other form at this level” or “form and level not stated”, for vague sources."),
    )
    active = models.BooleanField(_("active"), default=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")

    def __str__(self):
        return self.name

    @property
    def allows_collectives(self) -> bool:
        return self.recipients in (self.Recipients.COLLECTIVE, self.Recipients.BOTH)

    @property
    def allows_individuals(self) -> bool:
        return self.recipients in (self.Recipients.INDIVIDUAL, self.Recipients.BOTH)


class GrantingAuthority(NormalizedTextModel, models.Model):
    """Suggestions for the granting authority (Chủ tịch nước, Thủ tướng, Bộ trưởng Bộ Tư pháp,
    Chủ tịch UBND tỉnh, thủ trưởng đơn vị...). Records store the authority as text, so a
    source's exact wording is kept; this catalogue only feeds the suggestions."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices, blank=True)
    display_order = models.PositiveIntegerField(_("display order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("granting authority")
        verbose_name_plural = _("granting authorities")

    def __str__(self):
        return self.name


class ReportingPeriod(NormalizedTextModel, models.Model):
    """A half-year or full-year reporting period of a province, shared by all its blocs."""

    class Kind(models.TextChoices):
        H1 = "h1", _("First half-year")
        YEAR = "year", _("Full year")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    start_date = models.DateField(_("data from"))
    end_date = models.DateField(_("data to"))
    deadline = models.DateField(_("submission deadline"))
    state = models.CharField(_("state"), max_length=6, choices=State.choices, default=State.OPEN)
    opened_on = models.DateField(
        _("opened on"),
        null=True,
        blank=True,
        help_text=_("The day the period was opened in the application (unknown for older periods)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "-year", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "kind"],
                name="period_unique_per_province_year_kind",
                violation_error_message=_("This province already has this period."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="period_dates_in_order",
                violation_error_message=_("The end of the data window must not be before its start."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_backfilled(self) -> bool:
        """A back-filled period ("nhập bổ sung"): opened after its submission window had ended
        (after its deadline), to record figures of the past. It has no overdue countdown: nobody
        was late for a deadline that passed before the period existed."""
        return self.opened_on is not None and self.opened_on > self.deadline

    def days_to_deadline(self, today) -> int | None:
        """Days left before the deadline (negative: days late); None for a back-filled period."""
        return None if self.is_backfilled else (self.deadline - today).days


class PeriodEvent(NormalizedTextModel, models.Model):
    """Opening, closing and reopening of a period, with who, when and why."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["period", "at"]
        verbose_name = _("period event")
        verbose_name_plural = _("period events")

    def __str__(self):
        return f"{self.period} {self.action} {self.at:%d/%m/%Y}"


# A submission (and each of its records) belongs to one member agency, or to a whole bloc when a
# source gives only the bloc's totals ("Toàn khối": entered by Home Affairs, counted once, never
# attributed to a member). Exactly one of the two is set; the database holds it.
ONE_OWNER = (Q(agency__isnull=False) & Q(bloc__isnull=True)) | (Q(agency__isnull=True) & Q(bloc__isnull=False))


class Submission(NormalizedTextModel, models.Model):
    """An agency's award report for a period (or a bloc's totals, "Toàn khối"): draft →
    submitted → accepted, or returned → draft."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    bloc = models.ForeignKey(
        Bloc,
        verbose_name=_("whole bloc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bloc_submissions",
        help_text=_("Set for the bloc's totals not attributed to a member (“Toàn khối”)."),
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Incremented on every save, for optimistic concurrency.")
    )
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Who last saved the figures and when (the grid, the Excel upload, import_counts), apart from
    # who last changed the state (a reviewer accepting is not entering figures): "nhập thay bởi
    # Sở Nội vụ" is about these two.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("figures entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("figures entered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "agency__name"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [models.Index(fields=["period", "state"], name="submission_period_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period"],
                name="submission_one_per_agency_period",
                violation_error_message=_("This agency already has a submission for this period."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "period"],
                condition=Q(bloc__isnull=False),
                name="submission_one_per_bloc_period",
                violation_error_message=_("This bloc already has its totals for this period."),
            ),
            models.CheckConstraint(
                condition=ONE_OWNER,
                name="submission_agency_or_bloc",
                violation_error_message=_("A report belongs to one agency or to the whole bloc, not both."),
            ),
        ]

    def __str__(self):
        return f"{self.owner_label} — {self.period}"

    @property
    def is_bloc_total(self) -> bool:
        return self.bloc_id is not None

    @property
    def owner_label(self) -> str:
        return bloc_total_label(self.bloc) if self.is_bloc_total else str(self.agency)


def bloc_total_label(bloc) -> str:
    """The line of a bloc's totals not attributed to a member: “Toàn khối (Khối …)”."""
    return str(_("Whole bloc (%(bloc)s)") % {"bloc": bloc})


class SubmissionEvent(NormalizedTextModel, models.Model):
    """Every transition of a submission: who, when, from which state to which, and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("from"), max_length=10, choices=Submission.State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=10, choices=Submission.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["submission", "at", "id"]
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")

    def __str__(self):
        return f"{self.submission}: {self.from_state} → {self.to_state}"


class AwardRecord(NormalizedTextModel, models.Model):
    """How many collectives and individuals received (or were proposed for) one award form from
    one authority, for one agency in one period."""

    class Status(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PROPOSED = "proposed", _("Proposed")

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="records"
    )
    # agency (or bloc) and period repeat the submission's, so that reports aggregate on one
    # table with one index; the submission service keeps them equal.
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="award_records"
    )
    bloc = models.ForeignKey(
        Bloc, verbose_name=_("whole bloc"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="award_records"
    )
    form = models.ForeignKey(AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="records")
    authority = models.CharField(_("granting authority"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GRANTED)
    collectives = models.PositiveIntegerField(_("collectives"), default=0)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    movement_name = models.CharField(
        _("movement (as written)"),
        max_length=500,
        blank=True,
        help_text=_("The movement as the source names it, when it is not in the list."),
    )
    note = models.TextField(_("note"), blank=True)
    # Set when the record was written by a province's decision on a proposal (the id of the
    # proposal item in `proposals`, which awards may not import): such a row is shown as coming
    # from the decision and changed only through it, never in the grid, a spreadsheet or the admin.
    source_item_id = models.PositiveIntegerField(
        _("proposal item of the decision"), null=True, blank=True, unique=True, editable=False
    )

    # History is read by submission (its tab, the stale-save check) and by record id and date:
    # the other columns need no index there (each index is written with every history row).
    history = HistoricalRecords(no_db_index=["agency", "bloc", "form", "movement", "source_item_id"])

    class Meta:
        ordering = ["submission", "form__display_order", "authority", "status"]
        verbose_name = _("award record")
        verbose_name_plural = _("award records")
        indexes = [
            models.Index(fields=["period", "agency"], name="record_period_agency"),
            models.Index(fields=["period", "form", "status"], name="record_period_form_status"),
        ]
        constraints = [
            # Typed rows only: a decision writes one row per granted proposal item, so two
            # individuals of one agency granted the same form are two rows.
            models.UniqueConstraint(
                fields=["agency", "period", "form", "authority", "status"],
                condition=Q(source_item_id__isnull=True),
                name="record_unique_key",
                violation_error_message=_(
                    "This award form, authority and status is already entered for this agency and period."
                ),
            ),
            models.UniqueConstraint(
                fields=["bloc", "period", "form", "authority", "status"],
                condition=Q(bloc__isnull=False),
                name="record_unique_bloc_key",
                violation_error_message=_(
                    "This award form, authority and status is already entered for this bloc and period."
                ),
            ),
            models.CheckConstraint(
                condition=ONE_OWNER,
                name="record_agency_or_bloc",
                violation_error_message=_("A record belongs to one agency or to the whole bloc, not both."),
            ),
            models.CheckConstraint(
                condition=Q(collectives__gt=0) | Q(individuals__gt=0),
                name="record_some_count",
                violation_error_message=_("Enter at least one collective or one individual."),
            ),
            models.CheckConstraint(
                condition=Q(collectives__lte=MAX_COUNT) & Q(individuals__lte=MAX_COUNT),
                name="record_count_ceiling",
                violation_error_message=_("A count cannot exceed 1,000,000."),
            ),
        ]

    def __str__(self):
        return f"{self.form} ({self.collectives}/{self.individuals})"

    @property
    def from_decision(self) -> bool:
        return self.source_item_id is not None


class Reminder(NormalizedTextModel, models.Model):
    """A reminder e-mail sent about a period, so the daily cron job never sends it twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        AFTER = "after", _("After the deadline")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    days = models.SmallIntegerField(_("days from the deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"))

    class Meta:
        ordering = ["period", "agency", "sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "kind", "days"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.period} {self.agency} {self.kind} {self.days}"
