"""Commendation proposal dossiers (hồ sơ đề nghị khen thưởng), from a review's votes to the
province's decision.

A dossier belongs to one review conference (the annual review, or a six-month review that
proposes something): its items are the nominees of the conference's votes (agencies, or a
collective or an individual inside one), its documents are generated from the conference (the
cover letter, the minutes, the vote-count record) or uploaded (achievement reports), and it goes
draft → submitted → received (or returned with a reason, then submitted again) → reviewed by the
council → decided → closed, every step kept as a `DossierEvent`. What each award form needs is a
configurable checklist (`DocumentRequirement`); how many days after the review a dossier is due
is a setting of the province (`DossierDeadline`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.models import AwardForm
from blocs.historyrows import HistoricalRecords
from blocs.models import Agency, Bloc, Province
from conferences.models import Conference, Vote

MAX_DUE_DAYS = 365
MAX_ITEMS = 500  # items of one dossier; a bloc proposes a few dozen at most


class DossierDeadline(models.Model):
    """How many days after its review a province wants the bloc's dossier (the province's own
    regulation sets it; without a row there is no deadline and nothing is marked late)."""

    province = models.OneToOneField(Province, verbose_name=_("province"), on_delete=models.CASCADE, related_name="+")
    days_after_review = models.PositiveSmallIntegerField(_("days after the review"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier deadline")
        verbose_name_plural = _("dossier deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_after_review__gte=1) & Q(days_after_review__lte=MAX_DUE_DAYS),
                name="dossier_deadline_days_range",
                violation_error_message=_("The deadline is from 1 to 365 days after the review."),
            ),
        ]

    def __str__(self):
        return f"{self.province}: {self.days_after_review}"


class DocumentRequirement(models.Model):
    """One line of the checklist of documents a dossier needs for an award form (and, when
    given, a granting authority). Generated documents are supplied by the application; the
    others must be uploaded, once per dossier or once per nominee."""

    class Kind(models.TextChoices):
        COVER_LETTER = "cover_letter", _("Cover letter (Tờ trình), generated")
        MINUTES = "minutes", _("Minutes of the review, generated")
        VOTE_COUNT = "vote_count", _("Vote-count record, generated when ballots were recorded")
        ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report, uploaded per nominee")
        OTHER = "other", _("Other document, uploaded")

    GENERATED = (Kind.COVER_LETTER, Kind.MINUTES, Kind.VOTE_COUNT)

    award_form = models.ForeignKey(AwardForm, verbose_name=_("award form"), on_delete=models.CASCADE, related_name="+")
    authority = models.CharField(
        _("granting authority"), max_length=255, blank=True, help_text=_("Leave blank for any authority.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("document"), max_length=255)
    per_nominee = models.BooleanField(_("one per nominee"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["award_form", "position", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return f"{self.award_form}: {self.title}"

    @property
    def is_generated(self) -> bool:
        return self.kind in self.GENERATED


class Dossier(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        RECEIVED = "received", _("Received")
        REVIEWED = "reviewed", _("Reviewed by the council")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    EDITABLE = (State.DRAFT, State.RETURNED)

    conference = models.OneToOneField(
        Conference, verbose_name=_("review conference"), on_delete=models.PROTECT, related_name="+"
    )
    # bloc and year repeat the conference's, for the board's queries; the service keeps them equal.
    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    number = models.CharField(
        _("number of the cover letter"), max_length=100, blank=True, help_text=_("e.g. “05/TTr-KTĐNC”.")
    )
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    council_date = models.DateField(_("council meeting date"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("decision signed by"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "bloc__name", "id"]
        verbose_name = _("proposal dossier")
        verbose_name_plural = _("proposal dossiers")
        indexes = [models.Index(fields=["year", "state"], name="dossier_year_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True)
                | Q(council_date__isnull=True)
                | Q(decision_date__gte=models.F("council_date")),
                name="dossier_decision_after_council",
                violation_error_message=_("The decision cannot be dated before the council's meeting."),
            ),
        ]

    def __str__(self):
        return f"{self.bloc} {self.year}: {self.conference.display_title}"

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE


class DossierEvent(models.Model):
    """Every transition of a dossier: who, when, from which state to which, and why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("from"), max_length=10, choices=Dossier.State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=10, choices=Dossier.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")

    def __str__(self):
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


class ProposalItem(models.Model):
    """One nominee of a dossier: an agency (or a collective inside it) or an individual, for one
    award form and authority, with the vote's result and the council's and decision's verdicts."""

    class Recipient(models.TextChoices):
        COLLECTIVE = "collective", _("Collective")
        INDIVIDUAL = "individual", _("Individual")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="items")
    vote = models.ForeignKey(
        Vote, verbose_name=_("vote"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    collective_name = models.CharField(
        _("collective"), max_length=255, blank=True, help_text=_("A unit inside the agency; blank: the agency itself.")
    )
    person_name = models.CharField(_("full name"), max_length=255, blank=True)
    person_position = models.CharField(_("position held"), max_length=255, blank=True)
    person_unit = models.CharField(_("unit"), max_length=255, blank=True)
    award_form = models.ForeignKey(AwardForm, verbose_name=_("award form"), on_delete=models.PROTECT, related_name="+")
    authority = models.CharField(_("granting authority"), max_length=255, blank=True)
    award_label = models.CharField(_("award as written"), max_length=255, blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    valid_ballots = models.PositiveIntegerField(_("valid ballots"), null=True, blank=True)
    council_agreed = models.BooleanField(_("agreed by the council"), null=True, blank=True)
    council_note = models.CharField(_("council's note"), max_length=500, blank=True)
    granted = models.BooleanField(_("granted"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["dossier", "position", "id"]
        verbose_name = _("proposal item")
        verbose_name_plural = _("proposal items")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "vote", "agency"],
                condition=Q(recipient="collective", collective_name="", vote__isnull=False),
                name="proposal_item_nominee_once_per_vote",
                violation_error_message=_("This agency is already proposed for this vote."),
            ),
            models.CheckConstraint(
                condition=Q(recipient="collective") | ~Q(person_name=""),
                name="proposal_item_individual_has_name",
                violation_error_message=_("Enter the individual's full name."),
            ),
            models.CheckConstraint(
                condition=Q(granted__isnull=True) | Q(granted=False) | Q(council_agreed__isnull=False),
                name="proposal_item_granted_after_review",
                violation_error_message=_("An item is granted only after the council's review."),
            ),
        ]

    def __str__(self):
        return f"{self.nominee} — {self.label}"

    @property
    def nominee(self) -> str:
        """Who is proposed, as the documents write it."""
        if self.recipient == self.Recipient.INDIVIDUAL:
            parts = [self.person_name, self.person_position, self.person_unit or self.agency.name]
            return ", ".join(p for p in parts if p)
        if self.collective_name:
            return f"{self.collective_name}, {self.agency.name}"
        return self.agency.name

    @property
    def label(self) -> str:
        if self.award_label:
            return self.award_label
        if not self.authority:
            return self.award_form.name
        return f"{self.award_form.name.split(' của ')[0].split(' cấp ')[0]} của {self.authority}"

    @property
    def percent(self):
        if self.votes is None or not self.valid_ballots:
            return None
        return round(self.votes * 100 / self.valid_ballots, 2)


class DossierDocument(models.Model):
    """An uploaded document of the dossier (an achievement report, a signed scan), stored under
    MEDIA_ROOT with a random name and served only by a view that checks access."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        DocumentRequirement,
        verbose_name=_("required document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item = models.ForeignKey(
        ProposalItem,
        verbose_name=_("nominee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("document"), max_length=255)
    file = models.FileField(_("file"), upload_to="proposals/%Y/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["dossier", "uploaded_at", "id"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")

    def __str__(self):
        return self.original_name
