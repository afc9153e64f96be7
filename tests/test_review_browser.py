"""The review page in a real headless Chromium (Debian's ``chromium``, driven by Playwright for Python).

They skip, saying why, when Playwright (``pip install 'shuyu[browser]'``) or Chromium (``apt-get install
chromium``; or set ``SHUYU_CHROMIUM`` to a Chromium binary) is missing.  ``.ci/run`` installs both.
With ``SHUYU_REVIEW_SCREENSHOTS=DIR`` the first test saves screenshots of both views there.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu.bitext import read_segment_pairs
from shuyu.cli import main
from shuyu.glossaries import read_glossary
from shuyu.review import begin
from shuyu.review.model import next_to_review
from shuyu.review.server import ReviewServer

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = os.environ.get("SHUYU_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
# Headless, and none of Chromium's own connections to the outside (refused on a closed network anyway).
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]

pytestmark = [
    pytest.mark.skipif(sync_playwright is None,
                       reason="Playwright for Python is not installed: pip install 'shuyu[browser]'"),
    pytest.mark.skipif(CHROMIUM is None,
                       reason="no Chromium on this machine: apt-get install chromium (or set SHUYU_CHROMIUM)"),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    except Exception as exc:  # a Chromium that cannot start here
        pw.stop()
        pytest.skip(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
    yield b
    b.close()
    pw.stop()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, example_paths):
    out = tmp_path_factory.mktemp("run") / "out"
    result = CliRunner().invoke(main, ["run", *map(str, example_paths), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


class Page:
    """A page open on a review server, collecting the page's errors."""

    def __init__(self, browser, session):
        self.session = session
        self.server = ReviewServer(session)
        self.server.start()
        # bypass_csp: Playwright's waits evaluate script, which the page's policy forbids; it also makes the
        # escaping test stricter (markup put in as HTML would run even without the policy's help)
        self.page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.open()

    def open(self):
        self.page.goto(self.server.url)
        self.page.wait_for_selector("body.ready")

    def rows(self) -> int:
        return self.page.locator("#bead-rows tr:not(.split-row)").count()

    def wait_rows(self, n: int):
        self.page.wait_for_function(f"document.querySelectorAll('#bead-rows tr:not(.split-row)').length === {n}")

    def current(self) -> int:
        return int(self.page.get_attribute("#bead-rows tr.current", "data-n"))

    def wait_current(self, n: int):
        self.page.wait_for_selector(f'#bead-rows tr.current[data-n="{n}"]')

    def idle(self):
        """Wait until every request the page queued has been answered."""
        self.page.wait_for_function("document.body.classList.contains('ready')")
        self.page.wait_for_timeout(50)
        self.page.evaluate("() => new Promise(r => setTimeout(r, 0))")

    def close(self):
        self.page.close()
        self.server.stop()
        assert not self.errors, self.errors


@pytest.fixture
def outdir(run_dir, tmp_path):
    target = tmp_path / "out"
    shutil.copytree(run_dir, target)
    return target


def texts(review, bead):
    return (" ".join(review.en.sentences[i].text for i in bead.en),
            "".join(review.zh.sentences[i].text for i in bead.zh))


def test_merge_split_accept_reject_and_export(browser, outdir, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text("en\tzh\nCanada\t加国\n", encoding="utf-8")
    session, _ = begin([outdir], glossary_path=glossary)
    start = session.review
    n = len(start.beads)
    two = next(i for i, b in enumerate(start.beads) if len(b.en) == 2)  # the example has a 2-1 bead
    merged = (texts(start, start.beads[two + 2])[0] + " " + texts(start, start.beads[two + 3])[0],
              texts(start, start.beads[two + 2])[1] + texts(start, start.beads[two + 3])[1])
    p = Page(browser, session)
    page = p.page
    try:
        assert p.rows() == n
        assert page.locator("#bead-rows tr.low").count() == sum(1 for b in start.beads if b.confidence < 0.5)
        assert page.locator("#bead-rows .para").count() > 5 and page.locator("#bead-rows .heading").count() >= 2

        # merge: click a bead, press m
        page.click(f'#bead-rows tr[data-n="{two + 2}"] td.en')
        p.wait_current(two + 2)
        page.keyboard.press("m")
        p.wait_rows(n - 1)
        row = page.locator(f'#bead-rows tr[data-n="{two + 2}"]')
        a, b = start.beads[two + 2], start.beads[two + 3]
        assert "edited" in row.get_attribute("class")
        assert row.locator("td.kind").inner_text() == f"{len(a.en) + len(b.en)}-{len(a.zh) + len(b.zh)}"

        # split the 2-1 bead: the second bead starts at the second English sentence and has no Chinese
        page.click(f'#bead-rows tr[data-n="{two}"] td.num')
        page.click("#b-split")
        page.wait_for_selector("tr.split-row")
        page.check('tr.split-row input[name="cut-en"][value="1"]')
        page.check('tr.split-row input[name="cut-zh"][value="1"]')
        page.click("#split-go")
        p.wait_rows(n)
        assert page.locator(f'#bead-rows tr[data-n="{two + 1}"] td.kind').inner_text() == "1-0"

        # terms: accept two, reject one; the glossary's other Chinese for Canada is a conflict
        page.click("#tab-terms")
        page.wait_for_selector("article.term")
        cards = page.locator("article.term")
        cards.nth(0).locator("button.accept").click()
        page.wait_for_selector('article.term[data-i="0"].accepted')
        cards.nth(1).locator("button.accept").click()
        page.wait_for_selector('article.term[data-i="1"].accepted')
        cards.nth(2).locator("button.reject").click()
        page.wait_for_selector('article.term[data-i="2"].rejected')
        canada = page.locator(f'article.term[data-i="{[t.en for t in start.terms].index("Canada")}"]')
        assert canada.locator(".conflict-badge").count() == 1 and "加国" in canada.locator("ul.conflicts").inner_text()
        first = page.locator('article.term[data-i="0"]')
        assert first.locator(".examples mark").count() >= 2  # the term in the English and the Chinese
        if os.environ.get("SHUYU_REVIEW_SCREENSHOTS"):
            shots = Path(os.environ["SHUYU_REVIEW_SCREENSHOTS"])
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "review-terms.png"))
            page.click("#tab-align")
            page.wait_for_selector("#view-align:not([hidden])")
            page.screenshot(path=str(shots / "review-alignment.png"))

        # export
        page.click("#export")
        page.wait_for_selector("dialog#exported[open]")
        assert page.locator("#exported-list li").count() == 5
    finally:
        p.close()

    review = session.review
    folder = outdir / "reviewed"
    pairs = [(x.en, x.zh) for x in read_segment_pairs(folder / "alignment.tmx")]
    assert pairs == [texts(review, b) for b in review.beads if b.en and b.zh]
    assert merged in pairs
    g = read_glossary(folder / "glossary.xlsx")
    assert {(e.en[0].text, e.zh[0].text) for e in g.entries} == {(t.en, t.zh) for t in start.terms[:2]}
    assert {(e.en[0].text, e.zh[0].text) for e in read_glossary(folder / "glossary.tbx").entries} == \
        {(t.en, t.zh) for t in start.terms[:2]}


def test_keyboard_undo_redo_reload_and_jump(browser, outdir):
    session, _ = begin([outdir])
    p = Page(browser, session)
    page = p.page
    try:
        first = next_to_review(session.review.beads)
        page.keyboard.press("n")
        p.wait_current(first)
        page.keyboard.press("c")
        page.wait_for_selector(f'#bead-rows tr.confirmed[data-n="{first}"]')
        page.keyboard.press("u")
        page.wait_for_selector(f'#bead-rows tr[data-n="{first}"]:not(.confirmed)')
        page.keyboard.press("r")
        page.wait_for_selector(f'#bead-rows tr.confirmed[data-n="{first}"]')
        assert session.review.beads[first].status == "confirmed"
        page.keyboard.press("n")  # the next bead to review is not the confirmed one
        p.wait_current(next_to_review(session.review.beads, first))

        # move the last English sentence of bead 1 to bead 2, and back
        page.click('#bead-rows tr[data-n="1"] td.num')
        p.wait_current(1)
        b1, b2 = session.review.beads[1:3]
        kind = "document.querySelector('#bead-rows tr[data-n=\"{n}\"] td.kind').textContent === '{k}'"
        page.keyboard.press("]")
        page.wait_for_function(kind.format(n=1, k=f"{len(b1.en) - 1}-{len(b1.zh)}"))
        page.wait_for_function(kind.format(n=2, k=f"{len(b2.en) + 1}-{len(b2.zh)}"))
        page.keyboard.press("u")
        page.wait_for_function(kind.format(n=1, k=b1.kind))
        assert session.review.beads[1:3] == (b1, b2)

        page.reload()  # a reload loses nothing
        page.wait_for_selector("body.ready")
        page.wait_for_selector(f'#bead-rows tr.confirmed[data-n="{first}"]')

        # terms by keyboard, and an example's bead
        page.keyboard.press("v")
        page.wait_for_selector("article.term.current")
        page.keyboard.press("j")
        page.keyboard.press("a")
        page.wait_for_selector('article.term[data-i="1"].accepted')
        page.keyboard.press("f")
        page.wait_for_function("document.querySelector('article.term[data-i=\"1\"] select.status').value === 'forbidden'")
        assert session.review.terms[1].status == "forbidden" and session.review.terms[1].decision == "accept"
        link = page.locator('article.term[data-i="1"] .bead-link').first
        target = int(link.inner_text().split()[-1]) - 1
        link.click()
        page.wait_for_selector("#view-align:not([hidden])")
        p.wait_current(target)
    finally:
        p.close()


def test_script_in_a_sentence_is_shown_as_text(browser, tmp_path):
    en, zh = tmp_path / "x.en.txt", tmp_path / "x.zh.txt"
    en.write_text("The first sentence is plain.\n\n<script>window.__pwned = 1</script> is text, "
                  "and so is <img src=x onerror=\"window.__pwned = 2\">.\n", encoding="utf-8")
    zh.write_text("第一句很普通。\n\n<script>window.__pwned = 3</script>是文字，<b>这个</b>也是。\n", encoding="utf-8")
    session, _ = begin([en, zh], outdir=tmp_path / "o")
    p = Page(browser, session)
    page = p.page
    try:
        text = page.inner_text("#bead-rows")
        assert "<script>window.__pwned = 1</script>" in text and '<img src=x onerror="window.__pwned = 2">' in text
        assert "<b>这个</b>" in text
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#bead-rows script, #bead-rows img, #bead-rows b").count() == 0
        assert not p.dialogs
    finally:
        p.close()


def test_a_5000_bead_document_stays_responsive(browser, tmp_path, shared_path):
    bible = shared_path("eval/align/bible")
    if bible is None:
        pytest.skip("the Bible evaluation set (../shared/eval/align/bible) is not beside this checkout")
    out = tmp_path / "bible"
    out.mkdir()
    result = CliRunner().invoke(main, ["align", "--lines", str(bible / "001.en"), str(bible / "001.zh"),
                                       "-o", str(out / "alignment.xlsx")])
    assert result.exit_code == 0, result.output
    session, _ = begin([out])
    n = len(session.review.beads)
    assert n > 4000
    t0 = time.monotonic()
    p = Page(browser, session)
    page = p.page
    timings = {"open": time.monotonic() - t0}
    try:
        assert p.rows() == 100  # one page, not 5,000 rows
        t0 = time.monotonic()
        page.fill("#goto", "4321")
        page.press("#goto", "Enter")
        p.wait_current(4320)
        timings["jump to bead 4321"] = time.monotonic() - t0
        t0 = time.monotonic()
        page.keyboard.press("m")
        page.wait_for_function(f"document.getElementById('count-align').textContent === '({n - 1:,})'")
        timings["merge"] = time.monotonic() - t0
        t0 = time.monotonic()
        page.keyboard.press("n")
        page.wait_for_function("document.querySelector('#bead-rows tr.current') !== null")
        p.wait_current(next_to_review(session.review.beads))  # the lowest confidence first
        timings["next to review"] = time.monotonic() - t0
        t0 = time.monotonic()
        page.keyboard.press("PageDown")
        page.wait_for_function("!document.getElementById('p-info').textContent.startsWith('beads 1–')")
        timings["next page"] = time.monotonic() - t0
    finally:
        p.close()
    print("5,000-bead review:", ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items()))
    assert max(timings.values()) < 5.0, timings
