"""Judging hand-made answers against gold expectations."""
from eval import score
from eval.questions import GoldQuestion
from tests.eval.fakes import answer, check, citation

WAN = {"values": ["3149.06"], "unit": "万元"}


def judge(expected: dict, ans) -> str:
    return score.judge(expected, ans.to_json())


def test_right_value_in_figures_is_correct():
    assert judge(WAN, answer("交警支队为 3,149.06万元。", [("3149.06", "万元")])) == score.CORRECT


def test_value_equal_as_decimal_and_separators_ignored():
    assert judge({"values": ["3,149.1"], "unit": "万元"}, answer("…", [("3149.10", "万元")])) == score.CORRECT


def test_value_only_in_text_with_or_without_separators():
    assert judge(WAN, answer("交警支队为 3,149.06万元。")) == score.CORRECT
    assert judge(WAN, answer("交警支队为3149.06 万元。")) == score.CORRECT
    assert judge({"values": ["100000000"], "unit": "元"}, answer("总额为 100,000,000元")) == score.CORRECT


def test_value_in_text_needs_the_unit_and_whole_number():
    assert judge(WAN, answer("交警支队为 3149.06元。")) == score.UNIT_ERROR
    assert judge(WAN, answer("交警支队为 13149.06万元。")) == score.WRONG_FIGURE
    assert judge(WAN, answer("交警支队为 3149.061万元。")) == score.WRONG_FIGURE
    assert judge(WAN, answer("交警支队为 3149.06。")) == score.MISSING


def test_wrong_value_stated_is_a_wrong_figure():
    assert judge(WAN, answer("交警支队为 2,233.99万元。", [("2233.99", "万元")])) == score.WRONG_FIGURE


def test_one_of_several_values_missing_is_a_wrong_figure():
    expected = {"values": ["8139.68", "3149.06"], "unit": "万元"}
    assert judge(expected, answer("…", [("8139.68", "万元"), ("2501.21", "万元")])) == score.WRONG_FIGURE


def test_same_number_in_yuan_is_a_unit_error_not_a_wrong_figure():
    assert judge(WAN, answer("交警支队为 3,149.06元。", [("3149.06", "元")])) == score.UNIT_ERROR


def test_amount_converted_to_yuan_is_a_unit_error():
    assert judge(WAN, answer("交警支队为 31,490,600元。", [("31490600", "元")])) == score.UNIT_ERROR


def test_other_unit_is_not_a_unit_error_outside_money():
    assert judge({"values": ["6"], "unit": "个"}, answer("6项", [("6", "项")])) == score.WRONG_FIGURE


def test_refused_when_a_value_was_expected():
    assert judge(WAN, answer("公开文件中没有该信息", refused=True)) == score.WRONGLY_REFUSED


def test_no_figure_and_no_value_in_text_is_missing():
    assert judge(WAN, answer("交警支队有经费。")) == score.MISSING


def test_refusal_expected():
    assert judge({"refused": True}, answer("公开文件中没有该信息", refused=True)) == score.CORRECT
    assert judge({"refused": True}, answer("2022年为 1.00万元", [("1.00", "万元")])) == score.NOT_REFUSED


def test_keywords_all_needed_ignoring_spaces_and_width():
    expected = {"keywords": ["QT辅警人员经费(工资、保险等)", "交通警察支队"]}
    assert judge(expected, answer("交通警察 支队的QT辅警人员经费（工资、保险等）")) == score.CORRECT
    assert judge(expected, answer("交通警察支队")) == score.MISSING


def test_values_and_keywords_both_needed():
    expected = {"values": ["8139.68"], "unit": "万元", "keywords": ["大同市公安局"]}
    assert judge(expected, answer("最多的是大同市公安局 8,139.68万元", [("8139.68", "万元")])) == score.CORRECT
    assert judge(expected, answer("最多的是 8,139.68万元", [("8139.68", "万元")])) == score.MISSING


def test_blank_expected():
    blank = {"values": [], "blank": True}
    assert judge(blank, answer("因公出国（境）费在表中为空白，即未安排。")) == score.CORRECT
    assert judge(blank, answer("为 5.00万元", [("5.00", "万元")])) == score.WRONG_FIGURE
    assert judge(blank, answer("为 0.00万元", [("0.00", "万元")])) == score.CORRECT  # GOLD.md: 0 or 0.00 says none
    assert judge(blank, answer("该项无预算。")) == score.CORRECT
    assert judge(blank, answer("一般公共服务支出的情况见第70行。")) == score.MISSING
    assert judge(blank, answer("未安排", refused=True)) == score.WRONGLY_REFUSED


def gold(source: dict) -> GoldQuestion:
    return GoldQuestion("q1", "seed", "问题", "lookup", WAN, source)


def test_citation_of_the_gold_line():
    question = gold({"table": "预算支出总表", "row": "行政运行", "line": 181})
    assert score.citation_ok(question, answer("…", citations=[citation(181, row="别的")]).to_json())
    assert not score.citation_ok(question, answer("…", citations=[citation(182, row="别的")]).to_json())
    assert not score.citation_ok(question, answer("…", citations=[citation(181, doc="other")]).to_json())


def test_citation_of_the_gold_row_in_the_gold_table():
    question = gold({"table": "预算支出总表", "row": "行政运行", "line": 181})
    assert score.citation_ok(question, answer("…", citations=[citation(999, row="行政运行 / 工资")]).to_json())
    assert score.citation_ok(question, answer("…", citations=[citation(999, table="2023年预算支出总表")]).to_json())
    assert not score.citation_ok(question, answer("…", citations=[citation(999, table="收入总表")]).to_json())


def test_citation_of_any_row_of_a_total():
    question = gold({"table": "t", "rows": [{"row": "a", "line": 10}, {"row": "b", "line": 11}]})
    assert score.citation_ok(question, answer("…", citations=[citation(11, table="t", row="x")]).to_json())


def test_no_gold_line_is_not_measured():
    assert score.citation_ok(gold({"section": "名词解释"}), answer("…").to_json()) is None


def test_checks_ok_needs_a_check_and_all_passing():
    assert score.checks_ok(answer("…", checks=[check(), check()]).to_json())
    assert not score.checks_ok(answer("…", checks=[check(), check(ok=False)]).to_json())
    assert not score.checks_ok(answer("…").to_json())


def test_numbers_in_text_compared_as_decimals_after_folding():
    assert judge({"values": ["120.00"], "unit": "万元"}, answer("为１２０万元")) == score.CORRECT
    assert judge({"values": ["64.39"], "unit": "%"}, answer("占 64.39％")) == score.CORRECT
    assert judge({"values": ["3149.06"], "unit": "万元"}, answer("为 3149.1万元")) == score.WRONG_FIGURE


def test_refusal_with_a_figure_is_not_a_refusal():
    ans = answer("公开文件中没有该信息，但约为 1.00万元", [("1.00", "万元")], refused=True)
    assert judge({"refused": True}, ans) == score.NOT_REFUSED


def test_blank_with_a_non_zero_amount_is_a_wrong_figure():
    blank = {"values": [], "blank": True}
    assert judge(blank, answer("空白，即 0.00万元", [("0.00", "万元")])) == score.CORRECT
    assert judge(blank, answer("空白，另有 5.00万元", [("5.00", "万元")])) == score.WRONG_FIGURE


def test_refusal_citations_are_not_measured():
    question = GoldQuestion("r", "seed", "…", "refusal", {"refused": True}, {"reason": "涉密", "line": 661})
    assert score.citation_ok(question, answer("…", refused=True).to_json()) is None


# ---------------------------------------------------------------- strict scoring (issue: score as a reader would)

def cite(line: int, text: str, row: str = "行政运行"):
    c = citation(line, row=row)
    c.text = text
    return c


def test_wrong_sum_that_lists_the_gold_row_is_wrong():
    """The gold row's figure in the 明细 does not save a wrong headline total."""
    got = answer("合计 5,000.00万元。明细：交警支队 3,149.06万元；其他 1,850.94万元。",
                 [("5000.00", "万元"), ("3149.06", "万元"), ("1850.94", "万元")])
    assert judge(WAN, got) == score.WRONG_FIGURE


def test_sentence_that_merely_contains_the_figure_is_not_an_answer():
    got = answer("公开文件写道：“三公经费 88.00万元，交警支队 3,149.06万元。”", [("88.00", "万元")],
                 citations=[cite(5, "三公经费88.00万元，交警支队3,149.06万元")])
    assert judge(WAN, got) == score.WRONG_FIGURE


def test_ranking_in_the_wrong_order_is_wrong():
    expected = {"values": ["9.00", "5.00"], "unit": "万元", "keywords": ["甲", "乙"]}
    right = answer("最多的是甲 9.00万元，其次乙 5.00万元。", [("9.00", "万元"), ("5.00", "万元")])
    assert judge(expected, right) == score.CORRECT
    figures_swapped = answer("最多的是甲 9.00万元，其次乙 5.00万元。", [("5.00", "万元"), ("9.00", "万元")])
    assert judge(expected, figures_swapped) == score.WRONG_FIGURE
    names_swapped = answer("最多的是乙 9.00万元，其次甲 5.00万元。", [("9.00", "万元"), ("5.00", "万元")])
    assert judge(expected, names_swapped) == score.MISSING


def test_a_list_name_inside_a_longer_heading_does_not_break_the_order():
    expected = {"values": ["15", "21.56"], "unit": "万元", "keywords": ["购置费", "运行费"]}
    got = answer("公务用车购置及运行费共2项：购置费 15.00万元；运行费 21.56万元。", [("15", "万元"), ("21.56", "万元")])
    assert judge(expected, got) == score.CORRECT
    swapped = answer("公务用车购置及运行费共2项：运行费 15.00万元；购置费 21.56万元。", [("15", "万元"), ("21.56", "万元")])
    assert judge(expected, swapped) == score.MISSING


def test_unit_error_counts_as_a_wrong_figure():
    assert score.UNIT_ERROR in score.WRONG_FIGURE_OUTCOMES
    assert judge(WAN, answer("为 3,149.06元。", [("3149.06", "元")])) == score.UNIT_ERROR


def test_headline_is_the_first_figure():
    assert judge(WAN, answer("…", [("12.00", "万元"), ("3149.06", "万元")])) == score.WRONG_FIGURE
    assert judge(WAN, answer("为 3,149.06万元，其中 12.00万元……", [("3149.06", "万元"), ("12.00", "万元")],
                             checks=[check()])) == score.WRONG_FIGURE  # 12.00 backed by nothing


def test_other_amounts_backed_by_a_citation_or_a_check_are_fine():
    backed = answer("为 3,149.06万元（基本支出 2,000.00万元）。", [("3149.06", "万元")],
                    citations=[cite(434, "交警支队\t3,149.06\t2,000.00")])
    assert judge(WAN, backed) == score.CORRECT
    from qa.answer import Check
    from decimal import Decimal
    computed = answer("合计 3,149.06万元，比上年多 49.06万元。", [("3149.06", "万元")],
                      checks=[Check("3149.06 - 3100.00 = 49.06", Decimal("49.06"), None, True)])
    assert judge(WAN, computed) == score.CORRECT


def test_a_lone_wu_is_not_a_blank_statement():
    blank = {"values": [], "blank": True}
    assert judge(blank, answer("这一项无法确定。")) == score.MISSING
    assert judge(blank, answer("因公出国（境）费无预算。")) == score.CORRECT


def test_blank_must_be_about_the_subject_asked():
    blank = {"values": [], "blank": True}
    assert score.judge(blank, answer("公务接待费未安排。").to_json(), ("因公出国（境）费",)) == score.MISSING
    assert score.judge(blank, answer("因公出国（境）费未安排。").to_json(), ("因公出国（境）费",)) == score.CORRECT
    cited = answer("该项未安排。", citations=[citation(70, row="因公出国（境）费")])
    assert score.judge(blank, cited.to_json(), ("因公出国（境）费",)) == score.CORRECT
