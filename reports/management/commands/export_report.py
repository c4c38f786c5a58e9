from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from blocs.models import Bloc
from reports import exports, selectors

from ._export import add_common, check_output, check_year


class Command(BaseCommand):
    help = "Write a bloc's six-month (--period h1) or annual (--period year) report as html, xlsx or docx."

    def add_arguments(self, parser):
        parser.add_argument("--bloc", type=int, required=True, help="bloc id (see list_blocs)")
        add_common(parser, ["html", "xlsx", "docx"])

    def handle(self, *args, **options):
        bloc = Bloc.objects.select_related("province").filter(pk=options["bloc"]).first()
        if bloc is None:
            raise CommandError(f"No bloc with id {options['bloc']} (see `python manage.py list_blocs`).")
        year = check_year(options["year"])
        fmt = options["fmt"]
        with translation.override("vi"):
            report = selectors.bloc_report(
                bloc=bloc, year=year, kind=options["period"], status=options["status"], scope=options["scope"]
            )
            doc = exports.bloc_report_exporter(report)
            output = check_output(options["output"], doc, fmt)
            if fmt == "html":
                output.write_text(exports.document_html(doc), encoding="utf-8")
            elif fmt == "xlsx":
                output.write_bytes(doc.xlsx())
            else:
                output.write_bytes(doc.docx())
        self.stdout.write(f"{output}")
