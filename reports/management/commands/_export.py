"""Shared argument checks of the export commands."""

from pathlib import Path

from django.core.management.base import CommandError

from awards.counting import KINDS, SCOPE_ALL, SCOPE_CHOICES
from blocs.years import YEAR_MAX, YEAR_MIN


def check_year(year: int) -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise CommandError(f"--year must be between {YEAR_MIN} and {YEAR_MAX}, not {year}.")
    return year


def check_output(path: str) -> Path:
    output = Path(path)
    if output.is_dir():
        raise CommandError(f"--output {path} is a directory; give a file name.")
    if not output.parent.exists():
        raise CommandError(f"The folder of --output ({output.parent}) does not exist.")
    return output


def add_common(parser, formats):
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--period", choices=[str(k) for k in KINDS], required=True, help="h1: six-month; year: annual")
    parser.add_argument("--format", choices=formats, required=True, dest="fmt")
    parser.add_argument("--output", required=True, help="file to write")
    parser.add_argument("--status", choices=["both", "granted", "proposed"], default="both")
    parser.add_argument(
        "--scope",
        choices=list(SCOPE_CHOICES),
        default=SCOPE_ALL,
        help="which submissions are counted (default: all, drafts included)",
    )
