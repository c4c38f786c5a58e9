"""Demo data for scoring: the two movements agreed at the 2022 six-month review of Đồng Tháp's
Khối Thi đua số 6 (from the seed case) and a small scoring table for that bloc in 2022.

The movements and their date are facts of the seed case; the criteria and points of the table
are an illustration (the source does not publish the bloc's table). Everything goes through
the services; running it twice changes nothing.
"""

from datetime import date
from decimal import Decimal

from blocs.demo import DONG_THAP_BLOC
from blocs.models import Bloc, Movement
from scoring import services
from scoring.models import ScoringTable

YEAR = 2022
SIX_MONTH_REVIEW = "Hội nghị sơ kết 6 tháng đầu năm 2022 của Khối Thi đua số 6 (chiều 20/7/2022)"
MOVEMENTS = [
    # (name, kind, launch date, end date)
    (
        "Chung tay, gắn kết hỗ trợ xây dựng, sửa chữa nhà cho cán bộ, chiến sĩ, công chức, viên chức và người lao động",
        Movement.Kind.THEMATIC,
        date(2022, 7, 20),
        None,
    ),
    (
        "Hội thao chào mừng Cách mạng Tháng Tám (19/8) và Quốc khánh (2/9)",
        Movement.Kind.PERIODIC,
        date(2022, 7, 20),
        date(2022, 9, 2),
    ),
]
TABLE = [
    # (group, [(criterion, max points, automatic source)])
    (
        "I. Thực hiện nhiệm vụ chính trị, chuyên môn",
        [
            ("Hoàn thành các chỉ tiêu, nhiệm vụ chuyên môn được giao", 40, ""),
            ("Xây dựng cơ quan, đơn vị vững mạnh; thực hành tiết kiệm, chống lãng phí", 20, ""),
        ],
    ),
    (
        "II. Công tác thi đua, khen thưởng",
        [
            ("Thực hiện chế độ thông tin, báo cáo đúng thời hạn", 10, "report_on_time"),
            ("Tham dự đầy đủ các hội nghị của Khối", 10, "conference_attended"),
            ("Kết quả khen thưởng trong năm", 10, "awards_count"),
        ],
    ),
    (
        "III. Hưởng ứng các phong trào thi đua của Khối",
        [("Tham gia các phong trào thi đua do Khối phát động", 10, "")],
    ),
]
ITEMS = [
    ("bonus", "Được tặng Cờ thi đua của Chính phủ hoặc của UBND tỉnh", "2", "Cộng 2 điểm cho mỗi Cờ thi đua."),
    ("penalty", "Nộp báo cáo chậm so với thời hạn", "1", "Trừ 1 điểm cho mỗi báo cáo nộp chậm."),
]


def load(stdout=None) -> None:
    bloc = Bloc.objects.filter(name=DONG_THAP_BLOC).select_related("province").first()
    if bloc is None:
        return
    for name, kind, launched, ends in MOVEMENTS:
        if not Movement.objects.filter(bloc=bloc, name=name).exists():
            services.save_movement(
                movement=Movement(
                    province=bloc.province,
                    bloc=bloc,
                    name=name,
                    kind=kind,
                    launch_date=launched,
                    end_date=ends,
                    launched_by=SIX_MONTH_REVIEW,
                ),
                year=YEAR,
            )
    if ScoringTable.objects.filter(bloc=bloc, year=YEAR).exists():
        return
    table = services.create_table(bloc=bloc, year=YEAR, copy_previous=False)
    services.update_table_settings(
        table=table, title="Bảng tiêu chí chấm điểm thi đua năm 2022", method=ScoringTable.Method.LEADER
    )
    for g_position, (group_name, criteria) in enumerate(TABLE, start=1):
        group = services.save_group(table=table, name=group_name, position=g_position)
        for c_position, (name, max_points, source) in enumerate(criteria, start=1):
            services.save_criterion(
                table=table,
                group=group,
                name=name,
                max_points=Decimal(max_points),
                auto_source=source,
                position=c_position,
            )
    for position, (kind, name, points, rule) in enumerate(ITEMS, start=1):
        services.save_adjustment_item(
            table=table, kind=kind, name=name, points=Decimal(points), rule=rule, position=position
        )
    if stdout is not None:
        stdout.write("Scoring: Đồng Tháp Khối Thi đua số 6, 2022 movements and scoring table.")
