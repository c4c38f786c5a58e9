"""Import a province's bloc division for a year from an .xlsx, or write the template.

    python manage.py import_blocs --template OUT.xlsx [--province CODE --year YEAR]
    python manage.py import_blocs --province CODE --year YEAR FILE [--dry-run]

The same checks and the same service as the page "Nhập phân khối từ Excel": all or nothing,
every error by sheet, row and column; a second import of the same file changes nothing.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from blocs import imports, services
from blocs.models import Province


class Command(BaseCommand):
    help = "Import the bloc division of a province for a year from an .xlsx file, or write the template."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the .xlsx file to import")
        parser.add_argument("--province", help="the province's code, e.g. bac-giang")
        parser.add_argument("--year", type=int, help="the year of the rosters")
        parser.add_argument("--template", metavar="OUT", help="write the template to OUT (.xlsx) and stop")
        parser.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(options)

    def _handle(self, options):
        province = None
        if options["province"]:
            province = Province.objects.filter(code=options["province"]).first()
            if province is None:
                codes = ", ".join(Province.objects.order_by("sort_name").values_list("code", flat=True))
                raise CommandError(
                    _("No province with the code %(code)s. Codes: %(codes)s")
                    % {"code": options["province"], "codes": codes}
                )
        year = options["year"]
        if year is not None and not 1945 <= year <= 2200:
            raise CommandError(_("The year must be between 1945 and 2200."))
        if options["template"]:
            out = Path(options["template"])
            out.write_bytes(imports.build_template(province=province, year=year if province else None))
            self.stdout.write(_("Template written to %(path)s.") % {"path": out})
            return
        if not options["file"] or province is None or year is None:
            raise CommandError(_("Give --province, --year and the .xlsx file (or --template OUT.xlsx)."))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        try:
            with path.open("rb") as handle:
                name, data = imports.read_upload(File(handle, name=path.name))
            rows = imports.parse_division(data, name=name)
            plan = imports.plan_division(province=province, year=year, rows=rows)
            if plan.errors:
                raise imports.DivisionInvalid(plan.errors)
            self._summary(plan)
            if options["dry_run"] or not plan.has_changes:
                return
            services.import_division(province=province, year=year, rows=rows, expected_digest=plan.digest())
        except imports.DivisionInvalid as exc:
            raise CommandError("\n".join([_("The file is refused; nothing was written:"), *exc.errors])) from exc
        except ValidationError as exc:
            raise CommandError("\n".join([_("The file is refused; nothing was written:"), *exc.messages])) from exc
        self.stdout.write(self.style.SUCCESS(_("Imported.")))

    def _summary(self, plan):
        self.stdout.write(
            _("%(province)s, %(year)s: %(agencies)d new agencies, %(blocs)d new blocs, %(members)d memberships.")
            % {
                "province": plan.province.name,
                "year": plan.year,
                "agencies": len(plan.new_agencies),
                "blocs": len(plan.new_blocs),
                "members": plan.membership_count,
            }
        )
        for bp in plan.blocs:
            if bp.bloc is None or bp.changes or bp.roster_changes:
                line = _("%(bloc)s: %(new)d added, %(changed)d roles changed, %(removed)d removed") % {
                    "bloc": bp.name,
                    "new": sum(1 for m in bp.members if m.status == "new"),
                    "changed": sum(1 for m in bp.members if m.status == "changed"),
                    "removed": len(bp.removed),
                }
                self.stdout.write("  " + "; ".join([line, *bp.changes]))
        if not plan.has_changes:
            self.stdout.write(_("Nothing changes."))
