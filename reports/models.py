"""The one thing reports store: the metadata of an issued document (its number, date, place,
signer and recipients). Everything else in a report is computed from the other apps' data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from blocs.historyrows import HistoricalRecords
from blocs.models import Bloc, Province


class ReportMeta(models.Model):
    """Per bloc (or province), year and kind of report: what the issuer typed in the edit
    form. A blank field takes the default (`reports.meta.document_meta`)."""

    class Kind(models.TextChoices):
        H1 = "h1", _("Six-month report")
        YEAR = "year", _("Annual report")
        ROLLUP_H1 = "rollup_h1", _("Province summary, six months")
        ROLLUP_YEAR = "rollup_year", _("Province summary, year")
        STATUTORY = "statutory", _("Statistical forms (Circular 02/2023)")

    province = models.ForeignKey(Province, verbose_name=_("province"), on_delete=models.PROTECT)
    bloc = models.ForeignKey(Bloc, verbose_name=_("bloc"), on_delete=models.CASCADE, null=True, blank=True)
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    date = models.DateField(_("date of the document"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's capacity and title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    # In context: awards' catalogue has "recipients" as the people an award goes to.
    recipients = models.TextField(
        pgettext_lazy("report", "recipients"), blank=True, help_text=_("One recipient a line.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report metadata")
        verbose_name_plural = _("report metadata")
        constraints = [
            models.UniqueConstraint(
                fields=["bloc", "year", "kind"], condition=Q(bloc__isnull=False), name="report_meta_one_per_bloc"
            ),
            models.UniqueConstraint(
                fields=["province", "year", "kind"], condition=Q(bloc__isnull=True), name="report_meta_one_per_province"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"
