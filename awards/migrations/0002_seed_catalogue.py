"""Seed the award catalogue from the Law on Emulation and Commendation 06/2022/QH15 and
Decree 98/2023/NĐ-CP. Editable later in the admin; this migration only adds what is missing."""

from django.db import migrations

C, I, B = "collective", "individual", "both"
TITLE, COMM, UNST = "title", "commendation", "unstated"

# (code, name, level, recipients, category, stat_group, is_other)
FORMS = []


def _add(level, rows):
    for row in rows:
        code, name, recipients, category, stat = row[:5]
        is_other = len(row) > 5 and row[5]
        FORMS.append((code, name, level, recipients, category, stat, is_other))


_orders = []
for order_name, classes in [
    ("Huân chương Sao vàng", None),
    ("Huân chương Hồ Chí Minh", None),
    ("Huân chương Độc lập", ("Nhất", "Nhì", "Ba")),
    ("Huân chương Quân công", ("Nhất", "Nhì", "Ba")),
    ("Huân chương Lao động", ("Nhất", "Nhì", "Ba")),
    ("Huân chương Bảo vệ Tổ quốc", ("Nhất", "Nhì", "Ba")),
    ("Huân chương Chiến công", ("Nhất", "Nhì", "Ba")),
    ("Huân chương Đại đoàn kết dân tộc", None),
    ("Huân chương Dũng cảm", None),
    ("Huân chương Hữu nghị", None),
]:
    slug = {
        "Huân chương Sao vàng": "hc-sao-vang",
        "Huân chương Hồ Chí Minh": "hc-ho-chi-minh",
        "Huân chương Độc lập": "hc-doc-lap",
        "Huân chương Quân công": "hc-quan-cong",
        "Huân chương Lao động": "hc-lao-dong",
        "Huân chương Bảo vệ Tổ quốc": "hc-bao-ve-to-quoc",
        "Huân chương Chiến công": "hc-chien-cong",
        "Huân chương Đại đoàn kết dân tộc": "hc-dai-doan-ket",
        "Huân chương Dũng cảm": "hc-dung-cam",
        "Huân chương Hữu nghị": "hc-huu-nghi",
    }[order_name]
    if classes:
        for i, cls in enumerate(classes, start=1):
            _orders.append((f"{slug}-hang-{i}", f"{order_name} hạng {cls}", B, COMM, "0602"))
    else:
        recipients = I if order_name == "Huân chương Dũng cảm" else B
        _orders.append((slug, order_name, recipients, COMM, "0602"))

_add(
    "state",
    [
        *_orders,
        ("hcg-quan-ky-quyet-thang", "Huy chương Quân kỳ quyết thắng", I, COMM, "0602"),
        ("hcg-vi-an-ninh-to-quoc", "Huy chương Vì an ninh Tổ quốc", I, COMM, "0602"),
        ("hcg-chien-si-ve-vang-hang-1", "Huy chương Chiến sĩ vẻ vang hạng Nhất", I, COMM, "0602"),
        ("hcg-chien-si-ve-vang-hang-2", "Huy chương Chiến sĩ vẻ vang hạng Nhì", I, COMM, "0602"),
        ("hcg-chien-si-ve-vang-hang-3", "Huy chương Chiến sĩ vẻ vang hạng Ba", I, COMM, "0602"),
        ("hcg-huu-nghi", "Huy chương Hữu nghị", I, COMM, "0602"),
        ("anh-hung-llvtnd", "Danh hiệu Anh hùng Lực lượng vũ trang nhân dân", B, TITLE, "0602"),
        ("anh-hung-lao-dong", "Danh hiệu Anh hùng Lao động", B, TITLE, "0602"),
        ("danh-hieu-vinh-du-nha-nuoc", "Danh hiệu vinh dự Nhà nước khác (Nhà giáo, Thầy thuốc, Nghệ sĩ Nhân dân/Ưu tú...)", I, TITLE, "0602"),
        ("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", C, TITLE, "0602"),
        ("cstd-toan-quoc", "Chiến sĩ thi đua toàn quốc", I, TITLE, "0602"),
        ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", B, COMM, "0602"),
        ("khac-nha-nuoc", "Hình thức khác cấp Nhà nước", B, COMM, "0602", True),
    ],
)
_add(
    "ministry_province",
    [
        ("co-thi-dua-bo-tinh", "Cờ thi đua cấp bộ, ban, ngành, tỉnh", C, TITLE, "0603_ctd"),
        ("cstd-bo-tinh", "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", I, TITLE, "0603_cstd"),
        ("bang-khen-bo-tinh", "Bằng khen cấp bộ, ban, ngành, tỉnh", B, COMM, "0603_bk"),
        ("ky-niem-chuong", "Kỷ niệm chương", B, COMM, "0603_knc"),
        ("khac-bo-tinh", "Hình thức khác cấp bộ, ban, ngành, tỉnh", B, COMM, "", True),
    ],
)
_add(
    "unit",
    [
        ("tap-the-ldxs", "Tập thể lao động xuất sắc / Đơn vị quyết thắng", C, TITLE, ""),
        ("tap-the-ldtt", "Tập thể lao động tiên tiến / Đơn vị tiên tiến", C, TITLE, ""),
        ("cstd-co-so", "Chiến sĩ thi đua cơ sở", I, TITLE, ""),
        ("lao-dong-tien-tien", "Lao động tiên tiến / Chiến sĩ tiên tiến", I, TITLE, ""),
        ("giay-khen", "Giấy khen", B, COMM, ""),
        ("khac-co-so", "Hình thức khác cấp cơ sở", B, COMM, "", True),
    ],
)
_add("unstated", [("khong-ro", "Khen thưởng (hình thức và cấp không nêu rõ)", B, UNST, "", True)])

AUTHORITIES = [
    ("Chủ tịch nước", "state"),
    ("Thủ tướng Chính phủ", "state"),
    ("Bộ trưởng Bộ Công an", "ministry_province"),
    ("Bộ trưởng Bộ Quốc phòng", "ministry_province"),
    ("Bộ trưởng Bộ Tư pháp", "ministry_province"),
    ("Bộ trưởng Bộ Nội vụ", "ministry_province"),
    ("Viện trưởng Viện Kiểm sát nhân dân tối cao", "ministry_province"),
    ("Chánh án Tòa án nhân dân tối cao", "ministry_province"),
    ("Tổng Thanh tra Chính phủ", "ministry_province"),
    ("Chủ tịch UBND tỉnh", "ministry_province"),
    ("UBND tỉnh", "ministry_province"),
    ("Thủ trưởng cơ quan, đơn vị", "unit"),
    ("Giám đốc Công an tỉnh", "unit"),
    ("Viện trưởng Viện Kiểm sát nhân dân tỉnh", "unit"),
    ("Chánh án Tòa án nhân dân tỉnh", "unit"),
    ("Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "unit"),
]


def seed(apps, schema_editor):
    AwardForm = apps.get_model("awards", "AwardForm")
    GrantingAuthority = apps.get_model("awards", "GrantingAuthority")
    for order, (code, name, level, recipients, category, stat, is_other) in enumerate(FORMS, start=1):
        AwardForm.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "recipients": recipients,
                "category": category,
                "stat_group": stat,
                "is_other": is_other,
                "display_order": order * 10,
            },
        )
    for order, (name, level) in enumerate(AUTHORITIES, start=1):
        GrantingAuthority.objects.get_or_create(name=name, defaults={"level": level, "display_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
