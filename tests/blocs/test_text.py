import pytest

from blocs.text import (
    match_key,
    normalize_multiline,
    normalize_text,
    vn_collation_key,
    vn_slug,
    vn_sort_key,
    vn_sorted,
)

NFC = "UBND tỉnh Bắc Giang"


@pytest.mark.parametrize(
    "typed",
    [
        "UBND tỉnh Bắc Giang",  # NFC
        "UBND ti\u0309nh Ba\u0306\u0301c Giang",  # NFD, as a "Unicode tổ hợp" keyboard types it
        "UBND tỉnh\u200b Bắc Giang",  # zero-width space
        "\u202eUBND tỉnh Bắc Giang",  # RTL override
        "ＵＢＮＤ tỉnh Bắc Giang",  # fullwidth letters
        "  UBND   tỉnh\tBắc Giang ",  # spacing
        "UBND tỉnh\ufeffBắc\u00a0Giang".replace("\ufeffBắc", " Bắc"),  # BOM and no-break space
    ],
)
def test_normalize_text_folds_look_alikes(typed):
    assert normalize_text(typed) == NFC


def test_normalize_text_empty_and_controls():
    assert normalize_text(None) == ""
    assert normalize_text("Sở\x0bTư pháp\x01") == "Sở Tư pháp"


def test_normalize_multiline_keeps_lines():
    assert normalize_multiline("Dòng 1\r\n  Dòng\u200b 2 ") == "Dòng 1\nDòng 2"


def test_match_key_ignores_case():
    assert match_key("CÔNG AN TỈNH") == match_key("Công an tỉnh")


def test_vn_sort_key_vietnamese_alphabet():
    names = ["Trại giam Kim Sơn", "Tòa án nhân dân tỉnh", "Đài Phát thanh", "Zeta", "Dân tộc", "Em", "Ba", "Bá", "Bà"]
    assert vn_sorted(names) == [
        "Ba",
        "Bà",
        "Bá",
        "Dân tộc",
        "Đài Phát thanh",
        "Em",
        "Tòa án nhân dân tỉnh",
        "Trại giam Kim Sơn",
        "Zeta",
    ]
    assert vn_sort_key("Tòa") < vn_sort_key("Trại")


@pytest.mark.parametrize(
    ("parts", "slug"),
    [
        (("Bắc Kạn",), "bac-kan"),
        (("Đà Nẵng",), "da-nang"),
        (
            ("Báo cáo sơ kết 6 tháng", 2022, "Khối thi đua các cơ quan nội chính tỉnh Bắc Giang"),
            "bao-cao-so-ket-6-thang-2022-khoi-thi-dua-cac-co-quan-noi-chinh-tinh-bac-giang",
        ),
        (("Ủy ban nhân dân", "Hồ Chí Minh"), "uy-ban-nhan-dan-ho-chi-minh"),
    ],
)
def test_vn_slug(parts, slug):
    assert vn_slug(*parts) == slug


def test_vn_slug_cut_at_word():
    assert vn_slug("Khối thi đua các cơ quan", max_length=12) == "khoi-thi-dua"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Tòa án nhân dân tỉnh", "Trại giam Kim Sơn"),
        ("Dân tộc", "Đài Phát thanh"),
        ("Đài Phát thanh", "Em"),
        ("Ba", "Bà"),
        ("Bà", "Bá"),
        ("Bả", "Bá"),  # huyền, hỏi, ngã, sắc, nặng
        ("Bá", "Bạ"),
        ("Ba", "Ba Bể"),  # a shorter name first
        ("Sở Y tế", "Sở Ý tế"),
        ("Cơ quan 2", "Cơ quan 3"),
    ],
)
def test_vn_collation_key_orders_like_vn_sort_key(first, second):
    assert vn_sort_key(first) < vn_sort_key(second)
    assert vn_collation_key(first) < vn_collation_key(second)


def test_vn_collation_key_uses_only_hex_digits():
    key = vn_collation_key("Sở Tư pháp - (Đà Nẵng) 😀")
    assert set(key) <= set("0123456789abcdef")
    assert vn_collation_key("SỞ TƯ PHÁP") == vn_collation_key("Sở Tư pháp")


@pytest.mark.parametrize(
    "raw",
    [
        "Sở Nội vụ",
        "So\u031b\u0309 Nội vụ",  # decomposed (a "Unicode tổ hợp" keyboard)
        "Sở\u00a0Nội vụ",  # no-break space
        "Sở Nội\u200b vụ",  # zero-width space
        " Sở Nội vụ",
        "Sở Nội vụ ",
        "Sở  Nội vụ",
        "Sở\tNội vụ",
        "Ｓở Nội vụ",  # fullwidth S
        "Sở\x0bNội vụ",
    ],
)
def test_normalize_text_gives_the_same_canonical_text_by_either_path(raw):
    """Canonical text is returned as it is (the fast path); anything else is rewritten to the
    same canonical text, which is itself returned unchanged."""
    canonical = normalize_text(raw)
    assert canonical == "Sở Nội vụ"
    assert normalize_text(canonical) is canonical
    assert (normalize_text(raw) is raw) == (raw == "Sở Nội vụ")
