from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from blocs.models import Province
from reports import exports, selectors

from ._export import add_common, check_output, check_year


class Command(BaseCommand):
    help = "Write the province roll-up of all blocs for a period as xlsx or docx."

    def add_arguments(self, parser):
        parser.add_argument("--province", type=int, required=True, help="province id")
        add_common(parser, ["xlsx", "docx"])

    def handle(self, *args, **options):
        province = Province.objects.filter(pk=options["province"]).first()
        if province is None:
            ids = ", ".join(f"{p.pk} {p.name}" for p in Province.objects.order_by("sort_name"))
            raise CommandError(f"No province with id {options['province']}. Provinces: {ids}")
        year = check_year(options["year"])
        with translation.override("vi"):
            rollup = selectors.province_rollup(
                province=province, year=year, kind=options["period"], status=options["status"], scope=options["scope"]
            )
            doc = exports.rollup_exporter(rollup)
            output = check_output(options["output"], doc, options["fmt"])
            output.write_bytes(doc.xlsx() if options["fmt"] == "xlsx" else doc.docx())
        self.stdout.write(f"{output}")
