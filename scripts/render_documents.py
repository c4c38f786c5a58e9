"""Render the seed cases' documents from the demo data to PNG (first page) under docs/documents/:
`make documents`. Needs LibreOffice (soffice) and poppler-utils (pdftoppm)."""

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def render(content: bytes, name: str, suffix: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{name}{suffix}"
        src.write_bytes(content)
        profile = f"/tmp/lo-{uuid.uuid4().hex}"  # noqa: S108 - a unique LibreOffice profile per run
        subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [
                shutil.which("soffice") or "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
        )
        shutil.rmtree(profile, ignore_errors=True)
        target = out_dir / f"{name}{suffix.replace('.', '-')}"
        subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [
                shutil.which("pdftoppm") or "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(Path(tmp) / f"{name}.pdf"),
                str(target),
            ],
            check=True,
        )
        return target.with_suffix(".png")


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import translation

    from blocs.models import Bloc
    from conferences import selectors as cs
    from conferences.exports import MinutesExporter
    from conferences.models import Conference
    from reports import exports, selectors

    out_dir = ROOT / "docs" / "documents"
    out_dir.mkdir(parents=True, exist_ok=True)
    setup_test_environment()
    # A throw-away database holding only the demo data.
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.management import call_command

        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
        cases = [
            ("bac-giang-2022-h1", "Khối thi đua các cơ quan Nội chính tỉnh Bắc Giang", 2022, "h1"),
            ("bac-kan-2022-nam", "Khối thi đua Nội chính tỉnh Bắc Kạn", 2022, "year"),
            ("dong-thap-2022-h1", "Khối Thi đua số 6 (các cơ quan Nội chính tỉnh Đồng Tháp)", 2022, "h1"),
        ]
        with translation.override("vi"):
            for slug, name, year, kind in cases:
                bloc = Bloc.objects.select_related("province").get(name=name)
                doc = exports.bloc_report_exporter(
                    selectors.bloc_report(bloc=bloc, year=year, kind=kind, scope="accepted")
                )
                print(render(doc.docx(), f"{slug}-bao-cao", ".docx", out_dir))
                print(render(doc.xlsx(), f"{slug}-bao-cao", ".xlsx", out_dir))
                kinds = {"h1": Conference.Kind.SIX_MONTH, "year": Conference.Kind.ANNUAL}
                conf = Conference.objects.filter(bloc=bloc, year=year, kind=kinds[kind]).first()
                if conf is not None:
                    conf = cs.conference_detail_queryset().get(pk=conf.pk)
                    minutes = MinutesExporter(cs.minutes(conf, cs.election_of(conf)))
                    print(render(minutes.docx(), f"{slug}-bien-ban", ".docx", out_dir))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
