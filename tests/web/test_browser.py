"""In a real browser (headless Debian chromium via Selenium and Debian's chromedriver): a question typed into
the page gets its answer and its 来源 panel; hostile text stays text; nothing is fetched from outside
127.0.0.1; the staff page opens after the login; every visible word is Chinese, in a browser set to English.
Screenshots go to test-artifacts/."""
import json
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

import config
from tests.test_app import start_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = config.ROOT / "test-artifacts"

pytestmark = pytest.mark.slow


def _missing() -> str:
    if not Path(CHROMIUM).exists():
        return "chromium is not installed (apt-get install chromium chromium-driver fonts-wqy-microhei)"
    if not Path(CHROMEDRIVER).exists():
        return "chromedriver is not installed (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return ""


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        pytest.skip(reason)
    import os

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers online
    profile = tempfile.mkdtemp(prefix="bqa-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--window-size=1280,1500", "--lang=en-US", "--disable-dev-shm-usage"):  # a clerk's English browser
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory):
    if _missing():
        pytest.skip(_missing())
    app = start_app(tmp_path_factory.mktemp("browser"), "--auth", "staff:s3cret-pw")
    yield app
    app.stop()


def ask(driver, question: str, answers_before: int):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(By.CSS_SELECTOR, "#bqa-question textarea")
    box.clear()
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    # the final answer (not a streamed piece) has its badge or sources; wait for one more than before
    WebDriverWait(driver, 90).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#bqa-chat .bqa-answer")) > answers_before
        and not d.find_elements(By.XPATH, "//*[@id='bqa-chat']//*[contains(text(), '▌')]"))


def external_requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http://", "https://", "ws://", "wss://")) and not url.split("/")[2].startswith("127.0.0.1"):
                urls.append(url)
    return urls


ALLOWED_WORDS = {"API", "JSON", "PDF", "Excel", "CSV", "KB", "MB"}
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


def english_words(driver, *names: str) -> list[str]:
    """Latin words in the page's visible text, beyond ALLOWED_WORDS and `names` (document ids, file names)."""
    from selenium.webdriver.common.by import By

    text = driver.find_element(By.TAG_NAME, "body").text
    for name in names:
        text = text.replace(name, "")
    return sorted({w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED_WORDS})


def test_a_question_gets_its_answer_and_sources(browser, staff_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(staff_app.url)
    WebDriverWait(browser, 60).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#bqa-question textarea")))
    assert "工作人员" not in [t.text for t in browser.find_elements(By.CSS_SELECTOR, "button[role='tab']")]
    ask(browser, "交警支队的机关运行经费是多少？", 0)
    chat = browser.find_element(By.ID, "bqa-chat")
    assert "3,149.06万元" in chat.text
    panel = chat.find_element(By.CSS_SELECTOR, "details.bqa-sources")
    assert panel.get_attribute("open") is not None  # the conversation's first answer shows its sources
    cell = panel.find_element(By.CSS_SELECTOR, "td.bqa-hit-cell mark")
    assert cell.text == "3,149.06" and cell.is_displayed()
    assert "第434行" in panel.text and "大同市公安局交通警察支队" in panel.text
    assert "名词解释" in chat.text  # public mode explains 机关运行经费 from the disclosure
    assert english_words(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "browser-answer.png"))

    ask(browser, "交警支队2030年的机关运行经费是多少？", 1)  # a refusal: no glossary; sources, if any, closed
    assert "bqa-refused" in chat.find_elements(By.CSS_SELECTOR, ".bqa-answer")[-1].get_attribute("class")
    assert len(chat.find_elements(By.CSS_SELECTOR, "details.bqa-glossary")) == 1  # the first answer's only
    assert all(p.get_attribute("open") is None for p in chat.find_elements(By.CSS_SELECTOR, "details.bqa-sources")[1:])

    ask(browser, HOSTILE, 2)
    time.sleep(0.5)
    assert browser.execute_script("return window.__pwned") is None
    assert not chat.find_elements(By.CSS_SELECTOR, "img[src='x']")
    assert "<img src=x" in chat.text  # shown as text
    assert external_requests(browser) == []  # offline: no CDN, fonts or analytics


def test_overview_charts(browser, staff_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(staff_app.url)
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.XPATH, "//button[@role='tab' and text()='概览']"))
    browser.find_element(By.XPATH, "//button[@role='tab' and text()='概览']").click()
    WebDriverWait(browser, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".bqa-kpi")) >= 5
                                     and len(d.find_elements(By.CSS_SELECTOR, "img[src^='data:image/png']")) >= 5)
    cards = {c.text.split("\n")[0]: c.text for c in browser.find_elements(By.CSS_SELECTOR, ".bqa-kpi")}
    assert "108,057.24万元" in cards["预算支出合计"]
    assert "1,597.50万元" in cards["“三公”经费"] and "“三公”经费支出预算表" in cards["“三公”经费"]
    assert "18,643.77万元" in cards["机关运行经费"] and "机关运行经费预算财政拨款情况统计表" in cards["机关运行经费"]
    assert english_words(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "browser-overview.png"))
    assert external_requests(browser) == []


def test_staff_page_after_login(browser, staff_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(staff_app.url + "staff/")
    user = WebDriverWait(browser, 60).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[type='text'], textarea")))
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "预算问答 · 工作人员登录" in page and "用户名" in page and "密码" in page and "登录" in page
    assert english_words(browser) == []
    user.send_keys("staff")
    password = browser.find_element(By.CSS_SELECTOR, "input[type='password']")
    password.send_keys("wrong")
    password.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda d: "凭据不正确" in d.find_element(By.TAG_NAME, "body").text)
    assert english_words(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "browser-login.png"))
    log_in(browser, staff_app.url + "staff/")
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "API" not in page and "设置" not in page and english_words(browser) == []  # no footer links
    browser.find_element(By.XPATH, "//button[@role='tab' and text()='工作人员']").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.XPATH, "//button[contains(., '导出反馈 CSV')]"))
    browser.save_screenshot(str(ARTIFACTS / "browser-staff.png"))
    for tab in ("问答记录", "审计", "文档管理"):
        click_tab(browser, tab)
        time.sleep(0.5)
        assert english_words(browser, "datong-gaj-2023-budget", HOSTILE) == [], tab  # the record shows questions
    assert external_requests(browser) == []


# ---- a desk with two departments' documents: one in the corpus, one uploaded as a PDF on the staff page

FIXTURES = config.ROOT / "tests" / "fixtures"


def app_over_document(tmp_path_factory, name: str, document: tuple, *args: str):
    """The app over a corpus of one fixture document (file, id, department, year, kind), yielded, then stopped."""
    if _missing():
        pytest.skip(_missing())
    from tests.test_app import corpus_folder, start_app_over

    tmp = tmp_path_factory.mktemp(name)
    app = start_app_over(tmp, corpus_folder(tmp / "corpus", document), *args)
    yield app
    app.stop()


@pytest.fixture(scope="module")
def two_document_app(tmp_path_factory):
    yield from app_over_document(tmp_path_factory, "two-documents", (
        FIXTURES / "web" / "xinqiao_2025_budget.txt", "xinqiao-2025", "示范区新桥街道办事处", 2025, "预算"),
        "--auth", "staff:s3cret-pw")


def log_in(driver, url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    user = WebDriverWait(driver, 60).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input[type='text'], textarea")))
    user.send_keys("staff")
    password = driver.find_element(By.CSS_SELECTOR, "input[type='password']")
    password.send_keys("s3cret-pw")
    password.send_keys(Keys.ENTER)
    WebDriverWait(driver, 60).until(
        lambda d: "工作人员" in [t.text for t in d.find_elements(By.CSS_SELECTOR, "button[role='tab']")])


def click_tab(driver, name: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.XPATH, f"//button[@role='tab' and text()='{name}']"))
    driver.find_element(By.XPATH, f"//button[@role='tab' and text()='{name}']").click()


def upload_file(driver, path: Path) -> None:
    """The staff page's document input takes `path`; waits until the page lists it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    field = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "input[type='file'][accept*='.pdf']"))
    field.send_keys(str(path))
    WebDriverWait(driver, 90).until(lambda d: path.name in d.page_source)


def test_two_documents_picked_asked_and_followed_up(browser, two_document_app):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    ARTIFACTS.mkdir(exist_ok=True)
    # staff add the second department's disclosure as a PDF
    log_in(browser, two_document_app.url + "staff/")
    click_tab(browser, "工作人员")
    click_tab(browser, "文档管理")
    upload_file(browser, FIXTURES / "pdf" / "sample_budget.pdf")
    browser.find_element(By.XPATH, "//button[text()='添加']").click()
    WebDriverWait(browser, 120).until(lambda d: "已添加" in d.find_element(By.TAG_NAME, "body").text)
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "示例市示例局" in page  # the documents table
    assert "检索索引正在后台更新" in page and "index build" not in page
    assert english_words(browser, "sample_budget", ".pdf", "sample-budget", "xinqiao-2025") == []
    browser.save_screenshot(str(ARTIFACTS / "browser-upload.png"))

    # the public page lists both documents, with a picker and examples of the picked one
    browser.get(two_document_app.url)
    WebDriverWait(browser, 60).until(lambda d: "示例市示例局" in d.find_element(By.ID, "bqa-docs").text)
    picker = browser.find_element(By.CSS_SELECTOR, "#bqa-doc input")
    held = browser.find_element(By.ID, "bqa-docs").text
    assert "已载入的公开文件（2份）" in held and "示范区新桥街道办事处" in held and "示例市示例局" in held
    assert picker.get_attribute("value") == "全部文件（可比较）"
    assert not [e for e in browser.find_elements(By.ID, "bqa-find") if e.is_displayed()]  # two: no search needed
    examples = browser.find_element(By.ID, "bqa-examples")
    before = examples.text
    pick_in_dropdown(browser, "bqa-doc", "示例局", "示例市 › 示例局 › 2024年预算")
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "bqa-examples").text != before)
    box = browser.find_element(By.CSS_SELECTOR, "#bqa-question textarea")
    first = browser.find_elements(By.CSS_SELECTOR, "#bqa-examples button")[0].text
    WebDriverWait(browser, 10).until(lambda d: box.get_attribute("placeholder") == f"例如：{first}")

    ask(browser, "公共安全支出是多少？", 0)
    chat = browser.find_element(By.ID, "bqa-chat")
    assert "1,050.00万元" in chat.text and "📄 示例市示例局 2024年预算" in chat.text
    browser.save_screenshot(str(ARTIFACTS / "browser-two-documents.png"))
    ask(browser, "那基本支出呢？", 1)  # same document, same row, the new measure
    ask(browser, "那住房保障支出呢？", 2)  # same document and measure, the new row
    answers = chat.find_elements(By.CSS_SELECTOR, ".bqa-answer")
    assert "公共安全支出" in answers[1].text and "700.00万元" in answers[1].text
    assert "住房保障支出" in answers[2].text and "基本支出" in answers[2].text and "0.00万元" in answers[2].text
    assert chat.text.count("📄 示例市示例局 2024年预算") == 3
    panel = chat.find_elements(By.CSS_SELECTOR, "details.bqa-sources")[-1]
    panel.find_element(By.TAG_NAME, "summary").click()
    WebDriverWait(browser, 10).until(lambda d: panel.get_attribute("open") is not None)
    cell = panel.find_element(By.CSS_SELECTOR, "td.bqa-hit-cell mark")
    assert cell.text == "0.00" and "住房保障支出" in panel.text and "部门支出预算总表" in panel.text
    assert picker.get_attribute("value") == "示例市 › 示例局 › 2024年预算"  # still picked
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", panel)
    browser.save_screenshot(str(ARTIFACTS / "browser-follow-up-sources.png"))
    page = browser.find_element(By.TAG_NAME, "body").text
    for word in ("交警支队", "警察加班补贴", "大同市公安局"):  # the seed is not loaded: nothing of it shows
        assert word not in page
    assert external_requests(browser) == []


# ---- a question that used to crash (a completion rate over a 年初预算 of 0) is refused, and the chat goes on

@pytest.fixture(scope="module")
def zero_budget_app(tmp_path_factory):
    yield from app_over_document(tmp_path_factory, "zero-budget", (
        FIXTURES / "qa" / "final_zero_budget.txt", "zero-budget-2024", "上海市某区测绘局", 2024, "决算"))


def test_a_question_that_used_to_crash_is_refused_and_the_next_one_answered(browser, zero_budget_app):
    import urllib.request

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(zero_budget_app.url)
    WebDriverWait(browser, 60).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#bqa-question textarea")))
    ask(browser, "其他城乡社区支出完成年初预算的百分之几？", 0)
    chat = browser.find_element(By.ID, "bqa-chat")
    assert "无法计算完成率" in chat.text and "Traceback" not in chat.text
    ask(browser, "行政运行完成年初预算的百分之几？", 1)
    assert "83.33%" in chat.text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "browser-refused-then-answered.png"))

    def api(question: str) -> dict:
        request = urllib.request.Request(zero_budget_app.url + "api/ask", method="POST",
                                         data=json.dumps({"question": question}).encode("utf-8"),
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            return json.loads(response.read())

    refused = api("其他城乡社区支出完成年初预算的百分之几？")
    assert refused["refused"] and refused["refusal_reason"] == "zero_whole" and refused["figures"] == []
    answered = api("行政运行完成年初预算的百分之几？")
    assert not answered["refused"] and answered["figures"][0]["value"] == "83.33"


# ---- a city's desk: every ../shared/corpus-wide and corpus-dev disclosure loaded (read from their text, no index:
# answers come from the tables and a lexical search, which is what this test looks at)

SHARED = config.ROOT.parent / "shared"
SHARED_FOLDERS = [SHARED / "corpus-wide", SHARED / "corpus-dev"]


def corpus_of_every_shared_document(folder: Path) -> tuple[Path, int]:
    """A corpus folder of every shared disclosure (attachments joined as one), department, year and kind read from
    each title page as `corpus add` does; returns it and how many documents it holds."""
    from corpus.attachments import disclosure_groups, disclosure_id, joined_text
    from corpus.text import read_text

    (folder / "documents").mkdir(parents=True, exist_ok=True)
    entries = []
    for shared in SHARED_FOLDERS:
        for paths in disclosure_groups(sorted(shared.glob("*.txt"))):
            doc_id = disclosure_id(paths)
            (folder / "documents" / f"{doc_id}.txt").write_text(joined_text([read_text(p) for p in paths]),
                                                               encoding="utf-8")
            entries.append({"id": doc_id, "source": f"documents/{doc_id}.txt"})
    (folder / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return folder, len(entries)


@pytest.fixture(scope="module")
def city_desk(tmp_path_factory):
    if _missing():
        pytest.skip(_missing())
    if not all(f.is_dir() for f in SHARED_FOLDERS):
        pytest.skip("../shared/corpus-wide or ../shared/corpus-dev is absent")
    from tests.test_app import start_app_over

    tmp = tmp_path_factory.mktemp("city")
    corpus, count = corpus_of_every_shared_document(tmp / "corpus")
    app = start_app_over(tmp, corpus, "--public", env={"BUDGET_QA_SEARCH_INDEX": "0"})  # parse only: seconds
    app.documents = count
    yield app
    app.stop()


def pick_in_dropdown(driver, elem_id: str, typed: str, label: str) -> None:
    """Type `typed` into the dropdown's own filter and click the option labelled `label`."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from selenium.webdriver.common.keys import Keys

    field = driver.find_element(By.CSS_SELECTOR, f"#{elem_id} input")
    field.click()
    field.send_keys(Keys.CONTROL, "a")  # the input shows the current choice: typing replaces it
    field.send_keys(Keys.BACKSPACE)
    field.send_keys(typed)
    option = f"//ul[@role='listbox']//li[contains(normalize-space(.), '{label}')]"
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.XPATH, option))
    shown = driver.find_elements(By.XPATH, "//ul[@role='listbox']//li")
    assert shown and all(typed in li.text for li in shown)  # the dropdown's filter kept only what was typed
    driver.find_element(By.XPATH, option).click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, f"#{elem_id} input")
                                    .get_attribute("value") == label)


def test_a_city_desk_searched_picked_asked_and_asked_which(browser, city_desk):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(city_desk.url)
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#bqa-find input, #bqa-find textarea")
                                     and d.find_elements(By.CSS_SELECTOR, "#bqa-examples button"))  # loaded
    held = browser.find_element(By.ID, "bqa-docs")
    assert f"已载入的公开文件（{city_desk.documents}份）" in held.text and city_desk.documents >= 40
    assert not [e for e in browser.find_elements(By.ID, "bqa-doc-list") if e.is_displayed()]  # folded to its count
    assert english_words(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "browser-city-desk.png"))

    # the search by a short name narrows the list and the picker
    find = browser.find_element(By.CSS_SELECTOR, "#bqa-find input, #bqa-find textarea")
    find.send_keys("卫健")
    WebDriverWait(browser, 30).until(lambda d: "找到2份" in d.find_element(By.ID, "bqa-docs").text)
    listed = browser.find_element(By.ID, "bqa-doc-list").text
    assert "广州市卫生健康委员会" in listed and "湖州市卫生健康委员会" in listed and "公安局" not in listed
    assert english_words(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "browser-city-search.png"))
    examples = browser.find_element(By.ID, "bqa-examples").text
    pick_in_dropdown(browser, "bqa-doc", "广州", "广州市 › 卫生健康委员会 › 2026年预算")
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "bqa-examples").text != examples)

    # ask in the picked document, and follow up
    ask(browser, "机关运行经费是多少？", 0)
    chat = browser.find_element(By.ID, "bqa-chat")
    assert "3,814.44万元" in chat.text and "📄 广州市卫生健康委员会 2026年预算" in chat.text
    ask(browser, "那“三公”经费呢？", 1)
    answers = chat.find_elements(By.CSS_SELECTOR, ".bqa-answer")
    assert "860.78万元" in answers[-1].text and chat.text.count("📄 广州市卫生健康委员会 2026年预算") == 2
    assert english_words(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "browser-city-picked.png"))

    # every document: a question several documents answer is asked which; a short name with the city replies
    browser.find_element(By.ID, "bqa-new").click()
    WebDriverWait(browser, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#bqa-chat .bqa-answer"))
    pick_in_dropdown(browser, "bqa-doc", "全部", "全部文件（可比较）")
    ask(browser, "公务接待费是多少？", 0)
    assert "已载入多份公开文件，请说明是哪一份" in chat.text and "湖州市" in chat.text
    ask(browser, "卫健委", 1)  # two cities' 卫健委: which city
    last = chat.find_elements(By.CSS_SELECTOR, ".bqa-answer")[-1].text
    assert "广州市卫生健康委员会" in last and "湖州市卫生健康委员会" in last
    ask(browser, "湖州的", 2)  # the waiting question, answered in that document
    last = chat.find_elements(By.CSS_SELECTOR, ".bqa-answer")[-1].text
    assert "公务接待费" in last and "14.60万元" in last
    assert "📄 全部文件 → 湖州市卫生健康委员会 2026年预算" in chat.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", chat)
    assert english_words(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "browser-city-which-document.png"))
    assert external_requests(browser) == []
