"""Conferences of a bloc (six-month and annual reviews, movement launches) kept as data: the
minutes (attendance, guests, agenda, documents adopted, discussion, conclusions, tasks, agreed
movements, legal basis), the votes with their ballots and candidates, the election of next
year's leadership, and the attached scans.

Child rows are replaced as a whole by `services.save_minutes`, so every list keeps an explicit
`position` (the order in the minutes).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from awards.models import AwardForm
from blocs.historyrows import HistoricalRecords
from blocs.models import Agency, Bloc, Movement
from blocs.names import NormalizedTextModel
from blocs.years import YEAR_MAX, YEAR_MIN


class Conference(NormalizedTextModel, models.Model):
    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", _("Six-month review (sơ kết)")
        ANNUAL = "annual", _("Annual review (tổng kết)")
        LAUNCH = "launch", _("Launch of an emulation movement")
        OTHER = "other", _("Other conference")

    class PeriodKind(models.TextChoices):
        H1 = "h1", _("First half-year")
        YEAR = "year", _("Full year")

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")

    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    period_kind = models.CharField(_("period reviewed"), max_length=4, choices=PeriodKind.choices, blank=True)
    title = models.CharField(
        _("conference title"),
        max_length=500,
        blank=True,
        help_text=_("Leave blank for the usual title, e.g. “Hội nghị sơ kết công tác thi đua, khen thưởng…”."),
    )
    minutes_number = models.CharField(_("number of the minutes"), max_length=50, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_note = models.CharField(
        _("note on the date"),
        max_length=255,
        blank=True,
        help_text=_("When the date is unknown, what the source says (e.g. “article published 03/08/2022”)."),
    )
    time_of_day = models.CharField(_("time of day"), max_length=10, choices=TimeOfDay.choices, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    host_agency = models.ForeignKey(
        Agency,
        verbose_name=_("host agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
    )
    chair_name = models.CharField(_("chair"), max_length=255, blank=True)
    chair_title = models.CharField(_("chair's title"), max_length=500, blank=True)
    chair_agency = models.ForeignKey(
        Agency, verbose_name=_("chair's agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    secretary_name = models.CharField(_("secretary"), max_length=255, blank=True)
    secretary_title = models.CharField(_("secretary's title"), max_length=500, blank=True)
    secretary_agency = models.ForeignKey(
        Agency, verbose_name=_("secretary's agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discussion = models.TextField(_("discussion summary"), blank=True)
    conclusions = models.TextField(_("conclusions of the chair"), blank=True)
    concluded_by_name = models.CharField(_("concluded by"), max_length=255, blank=True)
    concluded_by_title = models.CharField(_("title of the person concluding"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bloc", "year", "date", "id"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        indexes = [models.Index(fields=["bloc", "year"], name="conference_bloc_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "kind"],
                condition=Q(kind__in=["six_month", "annual"]),
                name="conference_one_review_per_bloc_year_kind",
                violation_error_message=_("This bloc already has a review conference of this kind for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX),
                name="conference_year_range",
                violation_error_message=_("The year is out of range."),
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("conferences:detail", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        """The title as the minutes write it; the usual wording when none was entered."""
        if self.title:
            return self.title
        return default_title(self.kind, self.year, self.period_kind)

    @property
    def elects_next_year(self) -> bool:
        return self.kind == self.Kind.ANNUAL


def default_title(kind: str, year: int, period_kind: str = "") -> str:
    """The usual wording of a conference's title, in the active language (Vietnamese: the
    official wording of the minutes)."""
    if kind == Conference.Kind.SIX_MONTH or period_kind == Conference.PeriodKind.H1:
        text = pgettext("document", "Conference reviewing emulation and commendation work, first half of %(year)s")
    elif kind == Conference.Kind.ANNUAL:
        text = pgettext("document", "Conference reviewing emulation and commendation work in %(year)s")
    elif kind == Conference.Kind.LAUNCH:
        text = pgettext("document", "Conference launching the emulation movement of %(year)s")
    else:
        text = pgettext("document", "Conference of %(year)s")
    return text % {"year": year}


ATTENDANCE_CHOICES = [(None, _("Not recorded")), (True, _("Present")), (False, _("Absent"))]


class Attendance(NormalizedTextModel, models.Model):
    """A member agency at the conference: present, absent or not recorded (None, the default:
    the source does not say), and who represented it. The minutes name only who the record says
    was present or absent; scoring counts a conference for an agency only when its attendance
    is recorded (see `scoring.selectors._conferences_attended`)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), null=True, blank=True, default=None, choices=ATTENDANCE_CHOICES)
    representative_name = models.CharField(_("representative"), max_length=255, blank=True)
    representative_title = models.CharField(_("representative's title"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "agency"],
                name="attendance_one_row_per_agency",
                violation_error_message=_("This agency is listed twice."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} ({ {True: '+', False: '-'}.get(self.attended, '?') })"


class Guest(NormalizedTextModel, models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=255)
    title = models.CharField(_("position held"), max_length=500, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self):
        return self.name


class AgendaItem(NormalizedTextModel, models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda_items")
    text = models.CharField(_("agenda item"), max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.text


class AdoptedDocument(NormalizedTextModel, models.Model):
    """A document the conference adopted (thông qua), e.g. the draft six-month report."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="adopted_documents")
    title = models.CharField(_("document"), max_length=1000)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("document adopted")
        verbose_name_plural = _("documents adopted")

    def __str__(self):
        return self.title


class Task(NormalizedTextModel, models.Model):
    """A task for the next period, optionally with the agency responsible."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("task"), max_length=1000)
    responsible_agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("task for the next period")
        verbose_name_plural = _("tasks for the next period")

    def __str__(self):
        return self.text


class AgreedMovement(NormalizedTextModel, models.Model):
    """An emulation movement the conference agreed to run, as worded in the minutes."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agreed_movements")
    text = models.CharField(_("movement"), max_length=1000)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("linked movement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreed_at",
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("movement agreed")
        verbose_name_plural = _("movements agreed")

    def __str__(self):
        return self.text


class LegalBasis(NormalizedTextModel, models.Model):
    """A document the conference was held under (bloc regulation, Home Affairs guidance...)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField(_("number and symbol"), max_length=100)
    date = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    title = models.CharField(_("subject"), max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("guidance or legal basis")
        verbose_name_plural = _("guidance and legal basis")

    def __str__(self):
        return self.number


class Attachment(NormalizedTextModel, models.Model):
    class Kind(models.TextChoices):
        SIGNED_MINUTES = "minutes", _("Signed minutes")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other document")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SIGNED_MINUTES)
    # Stored under MEDIA_ROOT with a random name; only `views.attachment_download` serves it.
    file = models.FileField(_("file"), upload_to="conferences/%Y/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class Vote(NormalizedTextModel, models.Model):
    """A vote (bình xét, suy tôn) for one award at a conference.

    The ballot figures are optional: the news reports only give the result, which is then
    recorded per candidate. With figures, each candidate's result is computed with the bloc's
    threshold at the time of the vote (kept in `threshold_percent`, the minutes being a record).
    """

    class Kind(models.TextChoices):
        FLAG = "flag", _("Emulation flag (suy tôn)")
        CERTIFICATE = "certificate", _("Certificate of merit proposal")
        OTHER = "other", _("Other vote")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    award_form = models.ForeignKey(AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(
        _("granting authority"), max_length=255, blank=True, help_text=_("e.g. “UBND tỉnh”, “Chủ tịch UBND tỉnh”.")
    )
    award_label = models.CharField(
        _("award as written"),
        max_length=255,
        blank=True,
        help_text=_("e.g. “Cờ thi đua của UBND tỉnh”; left blank, it is built from the form and the authority."),
    )
    proposed_to = models.CharField(
        _("proposed to"),
        max_length=255,
        blank=True,
        help_text=_("For a proposal: the body the bloc proposes to, e.g. “UBND tỉnh”."),
    )
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    ballots_valid = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    ballots_invalid = models.PositiveIntegerField(_("invalid ballots"), null=True, blank=True)
    threshold_percent = models.PositiveSmallIntegerField(_("threshold (percent of valid ballots)"), default=50)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ballots_returned__isnull=True)
                | Q(ballots_issued__isnull=True)
                | Q(ballots_returned__lte=F("ballots_issued")),
                name="vote_returned_not_above_issued",
                violation_error_message=_("More ballots returned than issued."),
            ),
            models.CheckConstraint(
                condition=Q(ballots_returned__isnull=True)
                | Q(ballots_valid__isnull=True)
                | Q(ballots_invalid__isnull=True)
                | Q(ballots_returned=F("ballots_valid") + F("ballots_invalid")),
                name="vote_valid_plus_invalid_is_returned",
                violation_error_message=_("Valid and invalid ballots must add up to the ballots returned."),
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__lte=100),
                name="vote_threshold_range",
                violation_error_message=_("The vote threshold is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.award_label or award_label_for(self.award_form, self.authority)

    @property
    def has_ballots(self) -> bool:
        return self.ballots_valid is not None


def award_label_for(form: AwardForm, authority: str) -> str:
    """“Cờ thi đua” + “UBND tỉnh” → “Cờ thi đua của UBND tỉnh”: the catalogue names a form by
    level (“Cờ thi đua cấp bộ, ban, ngành, tỉnh”), the minutes by its granting authority."""
    if not authority:
        return form.name
    base = form.name.split(" của ")[0].split(" cấp ")[0]
    return f"{base} của {authority}"


class Candidate(NormalizedTextModel, models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    won = models.BooleanField(
        _("elected / proposed"),
        default=False,
        help_text=_("Computed from the votes when there are ballot figures; otherwise as the minutes record it."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["vote", "position", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "agency"],
                name="candidate_once_per_vote",
                violation_error_message=_("This agency is already a candidate in this vote."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} ({self.votes})"

    @property
    def percent(self):
        valid = self.vote.ballots_valid
        if self.votes is None or not valid:
            return None
        return round(self.votes * 100 / valid, 2)


class Election(NormalizedTextModel, models.Model):
    """Next year's leader and deputies, elected at an annual review (or appointed by a decision
    recorded with it). Recording it sets the roles of next year's roster through
    `blocs.services.set_leadership`."""

    class Method(models.TextChoices):
        ELECTION = "election", _("Elected at the conference")
        DECISION = "decision", _("Appointed by decision")

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="election")
    for_year = models.PositiveSmallIntegerField(_("for year"))
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.ELECTION)
    leader = models.ForeignKey(Agency, verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+")
    deputy_1 = models.ForeignKey(
        Agency, verbose_name=_("deputy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy_2 = models.ForeignKey(
        Agency, verbose_name=_("second deputy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy_3 = models.ForeignKey(
        Agency, verbose_name=_("third deputy"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(deputy_1=F("leader")) & ~Q(deputy_2=F("leader")) & ~Q(deputy_3=F("leader")),
                name="election_deputy_is_not_leader",
                violation_error_message=_("The leader cannot also be the deputy."),
            ),
        ]

    def __str__(self):
        return f"{self.conference.bloc} {self.for_year}: {self.leader}"

    @property
    def deputies(self) -> list[Agency]:
        return [d for d in (self.deputy_1, self.deputy_2, self.deputy_3) if d is not None]

    @property
    def source_reference(self) -> str:
        if self.method == self.Method.DECISION and self.decision_number:
            return self.decision_number
        return self.conference.display_title

    @property
    def source_date(self):
        if self.method == self.Method.DECISION and self.decision_date:
            return self.decision_date
        return self.conference.date
