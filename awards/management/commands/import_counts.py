from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from awards import excel, selectors, services
from awards.models import ReportingPeriod
from blocs.models import Agency, User


class Command(BaseCommand):
    help = (
        "Import an agency's award figures for a period from a filled-in template (.xlsx). "
        "All rows or none: on any error nothing is written and the errors are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx template downloaded from the application, filled in")
        parser.add_argument("--agency", type=int, required=True, help="agency id")
        parser.add_argument("--period", type=int, required=True, help="reporting period id")
        parser.add_argument("--user", help="username recorded as the author of the change (optional)")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._import(options)

    def _import(self, options):
        path = Path(options["file"])
        agency = Agency.objects.filter(pk=options["agency"]).first()
        period = ReportingPeriod.objects.select_related("province").filter(pk=options["period"]).first()
        if agency is None:
            raise CommandError(_("No agency with id %(id)s.") % {"id": options["agency"]})
        if period is None:
            raise CommandError(_("No reporting period with id %(id)s.") % {"id": options["period"]})
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        if path.stat().st_size > excel.MAX_UPLOAD_BYTES:
            raise CommandError(_("The file is larger than 5 MB."))
        submission = agency.submissions.filter(period=period).first()
        records = selectors.records_of(submission)
        try:
            parsed = excel.parse_upload(
                name=path.name,
                content_type=None,
                data=path.read_bytes(),
                agency=agency,
                period=period,
                forms_list=selectors.award_forms(include_ids={r.form_id for r in records}),
                movements=selectors.movements_of(period.province_id),
            )
            services.save_submission(
                agency=agency, period=period, rows=parsed.rows, version=parsed.version, actor=actor
            )
        except excel.UploadInvalid as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except services.StaleSubmission as exc:
            raise CommandError("\n".join([exc.messages[0], *exc.changes])) from exc
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)d rows imported for %(agency)s — %(period)s.")
                % {"n": len(parsed.rows), "agency": agency, "period": period}
            )
        )
