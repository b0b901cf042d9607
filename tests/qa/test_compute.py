from decimal import Decimal as D

from qa import compute


def test_add_and_subtract_carry_their_checks():
    total, check = compute.add([D("1003.87"), D("383.61")])
    assert total == D("1387.48") and check.ok and check.expression == "1003.87 + 383.61 = 1387.48"
    diff, check = compute.subtract(D("3149.06"), D("2233.99"))
    assert diff == D("915.07") and "3149.06 - 2233.99" in check.expression


def test_share_rounds_half_up():
    pct, check = compute.share(D("69574.59"), D("108057.24"))
    assert pct == D("64.39") and check.result == pct


def test_unit_conversion():
    wan, check = compute.to_unit(D("3626200"), "元", "万元")
    assert wan == D("362.62") and "÷ 10000" in check.expression


def test_printed_total_is_rounding_aware():
    parts = [D("38005.87"), D("109.99"), D("50.98"), D("120.00"), D("195.82")]
    assert compute.check_total(parts, D("38482.65")).ok  # off by 0.01 from rounding
    assert not compute.check_total(parts, D("38482.95")).ok


def test_printed_percentage_is_recomputed():
    assert compute.check_percentage(D("24359.18"), D("83578.06"), D("29.15")).ok
    assert not compute.check_percentage(D("24359.18"), D("83578.06"), D("30.15")).ok


def test_a_percentage_printed_to_fewer_places_is_held_to_its_own_rounding():
    # 71.94 / 788.84 = 9.12 %: printed '9.1%' is that, rounded to one place; '9.2%' and '9.13' (two places) are not
    assert compute.check_percentage(D("71.94"), D("788.84"), D("9.1")).ok
    assert not compute.check_percentage(D("71.94"), D("788.84"), D("9.2")).ok
    assert not compute.check_percentage(D("71.94"), D("788.84"), D("9.13")).ok
    assert compute.check_percentage(D("71.94"), D("788.84"), D("9")).ok  # a whole percent: 9.12 rounds to 9
    assert not compute.check_percentage(D("71.94"), D("788.84"), D("10")).ok
