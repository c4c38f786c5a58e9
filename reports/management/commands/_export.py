"""Shared argument checks of the export commands."""

from pathlib import Path

from django.core.management.base import CommandError

from awards.counting import KINDS, SCOPE_ACCEPTED, SCOPE_CHOICES
from blocs.years import YEAR_MAX, YEAR_MIN


def check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise CommandError(f"--year must be between {YEAR_MIN} and {YEAR_MAX}, not {year}.")
    return year


def check_output(path: str | None, exporter=None, fmt: str = "") -> Path:
    """The file to write: `path`, or the document's own file name (transliterated Vietnamese,
    e.g. bao-cao-so-ket-6-thang-2022-khoi-thi-dua-….docx) in the folder `path` or the current
    folder."""
    output = Path(path or ".")
    if output.is_dir():
        if exporter is None:
            raise CommandError(f"--output {path} is a directory; give a file name.")
        output = output / exporter.filename(fmt)
    if not output.parent.exists():
        raise CommandError(f"The folder of --output ({output.parent}) does not exist.")
    return output


def add_common(parser, formats):
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--period", choices=[str(k) for k in KINDS], required=True, help="h1: six-month; year: annual")
    parser.add_argument("--format", choices=formats, required=True, dest="fmt")
    parser.add_argument(
        "--output", help="file or folder to write to (default: the current folder, with the document's file name)"
    )
    parser.add_argument("--status", choices=["both", "granted", "proposed"], default="both")
    parser.add_argument(
        "--scope",
        choices=list(SCOPE_CHOICES),
        default=SCOPE_ACCEPTED,
        help="which submissions are counted (default: accepted; all: drafts included)",
    )
