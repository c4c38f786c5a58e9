"""The checklist of documents for the province's emulation flag and certificate of merit
(editable in the admin afterwards): the cover letter, the minutes of the review and the vote-count
record are generated from the conference; each nominee's achievement report is uploaded."""

from django.db import migrations

FORMS = ("co-thi-dua-bo-tinh", "bang-khen-bo-tinh")
LINES = [
    ("cover_letter", "Tờ trình đề nghị khen thưởng", False),
    ("minutes", "Biên bản họp bình xét, suy tôn", False),
    ("vote_count", "Biên bản kiểm phiếu", False),
    ("achievement_report", "Báo cáo thành tích", True),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    DocumentRequirement = apps.get_model("proposals", "DocumentRequirement")
    for form in AwardForm.objects.filter(code__in=FORMS):
        for position, (kind, title, per_nominee) in enumerate(LINES, start=1):
            DocumentRequirement.objects.get_or_create(
                award_form=form, kind=kind, authority="", defaults={"title": title, "per_nominee": per_nominee, "position": position}
            )


def unseed(apps, schema_editor):
    DocumentRequirement = apps.get_model("proposals", "DocumentRequirement")
    DocumentRequirement.objects.filter(award_form__code__in=FORMS, authority="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_seed_catalogue"),
        ("proposals", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
