from qa.understand import normalise, understand


def test_normalise_width_traditional_spaces():
    assert normalise("交警支隊的 預算是多少？") == "交警支队的预算是多少?"
    assert normalise("２０２３年") == "2023年"
    assert normalise("a\x00b\u200b") == "ab"


def test_everyday_words_map_to_disclosure_terms():
    q = understand("交警的招待费和公车费用", "某局")
    assert "交通警察支队" in q.text and "公务接待费" in q.text and "公务用车" in q.text
    assert understand("住房公积金多少", "某局").text.count("住房公积金") == 1
    assert understand("市局本级的机关运行经费", "某局").text.startswith("某局本级")


def test_intents():
    cases = {
        "交警支队的机关运行经费是多少？": "lookup",
        "所有警察加班补贴加起来多少？": "total",
        "基本支出占比多少？": "share",
        "交警支队比平城分局多多少": "difference",
        "三公经费比上年减少多少": "change",
        "哪个单位的机关运行经费最多": "ranking",
        "一共有几个项目": "count",
        "下辖哪些分局": "list",
        "什么是基本支出": "definition",
        "为什么三公经费减少": "reason",
        "这个项目的实施单位是谁": "form",
    }
    for question, intent in cases.items():
        assert understand(question).intent == intent, question


def test_scope_years_and_follow_ups():
    q = understand("2022年的三公经费是多少")
    assert q.years == [2022]
    assert understand("去年的呢").relative_year == "last_year"
    assert understand("那项目支出呢？").follow_up
    assert understand("前三名是哪些单位").top_n == 3
    assert understand("城乡社区支出下预算最多的两个“项”级科目").top_n == 2
    assert understand("商品和服务支出中决算数最多的三项是什么").top_n == 3


def test_a_department_named_with_its_benji_keeps_its_name_before_the_document_is_known():
    # '…局本级' is the department's own budget; with no document chosen yet there is no department to write in, and
    # the name must stay whole for the scope to find it
    text = understand("某市住房和城乡建设局本级2026年一般公共预算支出表中城乡社区支出是多少？").text
    assert "某市住房和城乡建设局本级" in text


def test_a_clause_leaving_something_out_asks_nothing():
    from qa.understand import detect_intent
    assert detect_intent("某局本级的收入预算是多少,不算下属几个中心?") == "lookup"  # 几个 there counts nothing
    assert detect_intent("除了本级,下属有几个中心?") == "count"
    from qa.understand import LEFT_OUT
    column = "一般公共预算支出表中培训支出的扣除基建项目后预算数是多少?"  # a column's name, not a clause
    assert LEFT_OUT.sub("", column) == column
