"""Provinces, agencies, blocs, yearly rosters, users and their roles.

History matters (the 2025 reorganisation merged provinces and renamed agencies), so provinces
and agencies carry a validity period and an optional successor, and membership is per year.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from blocs.historyrows import HistoricalRecords
from blocs.names import NormalizedTextModel
from blocs.text import vn_collation_key
from blocs.years import YEAR_MAX, YEAR_MIN

MAX_DEPUTIES_CEILING = 3  # no regulation we know of has more; the database holds this ceiling


def sort_name_field():
    return models.TextField(_("sort key of the name"), editable=False, blank=True, default="")


def fill_sort_name(instance, kwargs) -> None:
    """Keep `sort_name` (the Vietnamese-order key of `name`) in step on every save."""
    instance.sort_name = vn_collation_key(instance.name)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "name" in update_fields:
        kwargs["update_fields"] = {*update_fields, "sort_name"}


class Province(NormalizedTextModel, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    sort_name = sort_name_field()
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Made from the name when left empty (Đà Nẵng → da-nang).")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The province this one merged into, e.g. Bắc Kạn → Thái Nguyên on 01/07/2025."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="province_valid_period",
                violation_error_message=_("The end of validity must not be before its start."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")),
                name="province_not_own_successor",
                violation_error_message=_("A province cannot be its own successor."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_sort_name(self, kwargs)
        super().save(*args, **kwargs)


class Agency(NormalizedTextModel, models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Provincial department")
        PROVINCIAL_BODY = "provincial_body", _("Other provincial body (People's Council, committee office, institute)")
        COURT = "court", _("People's court")
        PROCURACY = "procuracy", _("People's procuracy")
        ENFORCEMENT = "enforcement", _("Civil judgment enforcement")
        TAX = "tax", _("Tax")
        CUSTOMS = "customs", _("Customs")
        STATISTICS = "statistics", _("Statistics")
        SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
        PRISON = "prison", _("Prison")
        CENTRAL = "central", _("Other central agency based in the province")
        ARMED_FORCES = "armed_forces", _("Armed forces (police, military, border guard)")
        PARTY = "party", _("Party body")
        MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune, ward")
        ENTERPRISE = "enterprise", _("Enterprise")
        OTHER = "other", _("Other")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField(_("full name"), max_length=255)
    sort_name = sort_name_field()
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The agency this one was renamed or merged into."),
    )
    email = models.EmailField(_("e-mail"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__sort_name", "sort_name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"],
                name="agency_unique_name_in_province",
                violation_error_message=_("This province already has an agency with this name."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_period",
                violation_error_message=_("The end of validity must not be before its start."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")),
                name="agency_not_own_successor",
                violation_error_message=_("An agency cannot be its own successor."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_sort_name(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blocs:agency", kwargs={"pk": self.pk})

    @property
    def label_with_province(self) -> str:
        """The name with its province, for every place that shows agencies of several provinces."""
        return f"{self.name} ({self.province.name})"

    def is_valid_in_year(self, year: int) -> bool:
        """True when the agency existed on some day of `year`."""
        if self.valid_from and self.valid_from.year > year:
            return False
        return not (self.valid_to and self.valid_to.year < year)

    def name_in_year(self, year: int) -> str:
        """The name the agency bore in `year`: a renamed agency keeps its old name in the years
        before the renaming took effect. Reads `former_names`; prefetch it for lists."""
        for former in sorted(self.former_names.all(), key=lambda f: f.renamed_on):
            if former.renamed_on.year > year:
                return former.name
        return self.name


class AgencyName(NormalizedTextModel, models.Model):
    """A name an agency bore before a renaming that took effect on `renamed_on`.

    Renaming keeps the agency (its accounts, rosters and figures go on); the old name is kept
    here so that the pages and reports of the years before `renamed_on`'s year show the name of
    their time (a renaming on 01/07/2025 shows the new name from 2025 on)."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("former name"), max_length=255)
    renamed_on = models.DateField(_("renamed on"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "renamed_on"]
        verbose_name = _("former agency name")
        verbose_name_plural = _("former agency names")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "renamed_on"],
                name="agency_name_one_per_date",
                violation_error_message=_("This agency was already renamed on this date."),
            ),
        ]

    def __str__(self):
        return self.name


class Bloc(NormalizedTextModel, models.Model):
    class Kind(models.TextChoices):
        KHOI = "khoi", _("Emulation bloc (khối)")
        CUM = "cum", _("Emulation cluster (cụm)")

    class LeaderSelection(models.TextChoices):
        ELECTED = "elected", _("Elected at the annual review")
        APPOINTED = "appointed", _("Appointed by decision")

    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="blocs")
    name = models.CharField(_("name"), max_length=255)
    sort_name = sort_name_field()
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.KHOI)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    max_deputies = models.PositiveSmallIntegerField(
        _("maximum number of deputies"),
        default=1,
        help_text=_("Most blocs have one deputy; some have two."),
    )
    leader_selection = models.CharField(
        _("how the leader is chosen"),
        max_length=10,
        choices=LeaderSelection.choices,
        default=LeaderSelection.ELECTED,
    )
    vote_threshold_percent = models.PositiveSmallIntegerField(
        _("vote threshold (percent of valid ballots)"),
        default=50,
        help_text=_("A candidate wins with more than this share of valid ballots (simple majority: 50)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["province__sort_name", "number", "sort_name"]
        verbose_name = _("bloc")
        verbose_name_plural = _("blocs")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "name"],
                name="bloc_unique_name_in_province",
                violation_error_message=_("This province already has a bloc with this name."),
            ),
            models.CheckConstraint(
                condition=Q(max_deputies__gte=1) & Q(max_deputies__lte=MAX_DEPUTIES_CEILING),
                name="bloc_max_deputies_range",
                violation_error_message=_("A bloc has between 1 and 3 deputies."),
            ),
            models.CheckConstraint(
                condition=Q(vote_threshold_percent__lte=100),
                name="bloc_vote_threshold_range",
                violation_error_message=_("The vote threshold is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_sort_name(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blocs:detail", kwargs={"pk": self.pk})


class BlocRegulation(NormalizedTextModel, models.Model):
    """The decision that governs a bloc in a year (Quy chế / Quy định tổ chức và hoạt động)."""

    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="regulations")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("decision number"), max_length=50)
    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(_("file"), upload_to="regulations/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bloc", "-year"]
        verbose_name = _("bloc regulation")
        verbose_name_plural = _("bloc regulations")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year"],
                name="regulation_one_per_bloc_year",
                violation_error_message=_("This bloc already has a regulation for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.year})"


class Membership(NormalizedTextModel, models.Model):
    """An agency's place in a bloc for one year, with its role.

    The database guarantees: one bloc per agency per year (an agency belongs to one province, so
    this is "at most one bloc of its province"), one leader per bloc-year, distinct deputy slots
    within the 3-deputy ceiling, and that a deputy has a slot and nobody else has. Leader ≠ deputy
    follows from one row per agency-year. That a slot does not exceed the bloc's own
    `max_deputies` crosses tables, so `clean()` and the roster service check it.
    """

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader (Trưởng khối)")
        DEPUTY = "deputy", _("Deputy (Phó khối)")
        MEMBER = "member", _("Member")

    class Source(models.TextChoices):
        ELECTION = "election", _("Elected at a conference")
        DECISION = "decision", _("Appointed by decision")
        ROTATION = "rotation", _("Rotation confirmed by Home Affairs")
        MANUAL = "manual", _("Entered by Home Affairs")

    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships")
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    deputy_slot = models.PositiveSmallIntegerField(_("deputy slot"), null=True, blank=True, editable=False)
    role_source = models.CharField(_("source of the role"), max_length=10, choices=Source.choices, blank=True)
    role_source_reference = models.CharField(
        _("source reference"),
        max_length=255,
        blank=True,
        help_text=_("Decision number, or the conference at which the agency was elected."),
    )
    role_source_date = models.DateField(_("source date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bloc", "year", "agency__sort_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        indexes = [models.Index(fields=["bloc", "year"], name="membership_bloc_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="membership_one_bloc_per_agency_year",
                violation_error_message=_("This agency is already in a bloc in this year."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year"],
                condition=Q(role="leader"),
                name="membership_one_leader_per_bloc_year",
                violation_error_message=_("This bloc already has a leader in this year."),
            ),
            models.UniqueConstraint(
                fields=["bloc", "year", "deputy_slot"],
                name="membership_unique_deputy_slot",
                violation_error_message=_("This bloc already has this many deputies in this year."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(role="deputy")
                    & Q(deputy_slot__isnull=False)
                    & Q(deputy_slot__gte=1)
                    & Q(deputy_slot__lte=MAX_DEPUTIES_CEILING)
                )
                | (~Q(role="deputy") & Q(deputy_slot__isnull=True)),
                name="membership_deputy_slot_matches_role",
                violation_error_message=_("Only a deputy has a deputy slot, between 1 and 3."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX),
                name="membership_year_range",
                violation_error_message=_("The year is out of range."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.bloc} ({self.year})"

    def clean(self):
        super().clean()
        if self.bloc_id and self.agency_id and self.agency.province_id != self.bloc.province_id:
            raise ValidationError({"agency": _("The agency belongs to another province than the bloc.")})


class Movement(NormalizedTextModel, models.Model):
    """An emulation movement (phong trào thi đua) run by a bloc or by the whole province."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        PERIODIC = "periodic", _("Periodic")
        THEMATIC = "thematic", _("Thematic")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="movements"
    )
    bloc = models.ForeignKey(
        Bloc, verbose_name=_("bloc"), null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    name = models.CharField(_("name"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERIODIC)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    launched_by = models.CharField(_("launching conference or decision"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    plan_file = models.FileField(_("plan"), upload_to="movements/%Y/", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["province", "-launch_date", "name"]
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(launch_date__isnull=True)
                | Q(end_date__gte=models.F("launch_date")),
                name="movement_dates_in_order",
                violation_error_message=_("The end date must not be before the launch date."),
            ),
        ]

    def __str__(self):
        return self.name


class User(NormalizedTextModel, AbstractUser):
    """A person who logs in. The role decides the scope; the leader-officer role is not stored:
    it follows from the rotation (an officer whose agency leads bloc B in year Y)."""

    class Role(models.TextChoices):
        HOME_AFFAIRS = "home_affairs", _("Home Affairs staff")
        OFFICER = "officer", _("Agency emulation officer")
        ADMIN = "admin", _("System administrator")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("For Home Affairs staff: the province they work for."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
        help_text=_("For agency officers: the agency they report for."),
    )
    job_title = models.CharField(_("job title"), max_length=255, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when someone else chose the password: the user must choose a new one at the next login."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="home_affairs") | Q(province__isnull=False),
                name="user_home_affairs_has_province",
                violation_error_message=_("Home Affairs staff must be linked to a province."),
            ),
            models.CheckConstraint(
                condition=~Q(role="officer") | Q(agency__isnull=False),
                name="user_officer_has_agency",
                violation_error_message=_("An agency officer must be linked to an agency."),
            ),
        ]

    @property
    def is_admin_role(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_home_affairs(self) -> bool:
        return self.role == self.Role.HOME_AFFAIRS and self.province_id is not None

    @property
    def is_officer(self) -> bool:
        return self.role == self.Role.OFFICER and self.agency_id is not None

    @property
    def home_province_id(self):
        """The province whose data this user works on (None for admins)."""
        if self.is_home_affairs:
            return self.province_id
        if self.is_officer:
            return self.agency.province_id
        return None


class DataChange(models.Model):
    """One write of the data the reports read (`blocs/dataversion.py`): the newest row's id and
    nonce are the version under which finished report rows are cached."""

    nonce = models.CharField(max_length=32)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data change")
        verbose_name_plural = _("data changes")

    def __str__(self):
        return f"{self.pk}:{self.nonce}"
