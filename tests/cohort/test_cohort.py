"""A coach's view: twenty portfolios in various states checked at once, the summary's every figure equal to the
single check's, the JSON read back, the HTML page parsed — and nothing of the drafts, quotes or roster on it."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import write_portfolio
from support import SENTENCE, prose
from typer.testing import CliRunner

from mcred.cli import app

ROSTER = "Student ID,Last Name,First Name\nS1234567,Chen,Maria\nS7654321,Okafor,Daniel\n"
QUOTE = "expectations were drafted with the leadership team"
# Words that stand only in the drafts, the evidence map's quotes and explanations, or the roster.
SECRETS = ["Maria Chen", "Okafor", "Room 12B", QUOTE, SENTENCE.split(".")[0], "grade-level team and agreed"]


def _run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=10_000), encoding="utf-8")


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """Twenty portfolios copied from one ready one, then spoiled in different ways."""
    base = tmp_path_factory.mktemp("cohort")
    ready = write_portfolio(base / "template", "ready")
    root = base / "cohort"
    states = ["ready"] * 8 + ["short", "short", "uncovered", "uncovered", "privacy", "privacy", "quoted",
                                  "broken-yaml", "broken-yaml", "no-manifest", "short-and-uncovered", "blind"]
    for number, state in enumerate(states, 1):
        folder = root / f"{number:02d}-{state}"
        shutil.copytree(ready, folder)
        if state.startswith("short"):
            (folder / "overview.md").write_text("# Overview Questions\n\n## 1. Learned\n\n" + prose(120 + number),
                                                encoding="utf-8")
        if state.endswith("uncovered"):
            _edit_yaml(folder / "evidence.yaml", lambda data: [data["evidence"].pop(t) for t in ("2", "4.3")])
        if state == "privacy":
            (folder / "students.csv").write_text(ROSTER, encoding="utf-8")
            _edit_yaml(folder / "mcred.yaml", lambda data: data.update(
                privacy={"roster": "students.csv", "terms": ["Room 12B"]}))
            overview = (folder / "overview.md").read_text(encoding="utf-8")
            (folder / "overview.md").write_text(overview + "\nWe met Maria Chen and Daniel Okafor in Room 12B.\n",
                                                encoding="utf-8")
        if state == "quoted":
            _edit_yaml(folder / "evidence.yaml", lambda data: data["evidence"]["1"][0].update(quote=QUOTE, pages=4))
        if state == "broken-yaml":
            (folder / "mcred.yaml").write_text("credential: [ensuring-accountability\npractitioner: {}\n",
                                               encoding="utf-8")
        if state == "blind":
            _edit_yaml(folder / "mcred.yaml", lambda data: data.update(blind=True))
        if state == "no-manifest":
            (folder / "mcred.yaml").unlink()
    return root


@pytest.fixture(scope="module")
def folders(cohort: Path) -> list[str]:
    return sorted(str(p) for p in cohort.iterdir())


@pytest.fixture(scope="module")
def many_json(folders) -> tuple[int, dict]:
    result = _run("check", "--json", "--jobs", "2", *folders)
    return result.exit_code, json.loads(result.stdout)


def test_every_figure_of_the_summary_is_the_single_checks(folders, many_json):
    exit_code, document = many_json
    rows = document["portfolios"]
    assert [r["folder"] for r in rows] == folders
    codes = []
    for row in rows:
        single = _run("check", "--json", row["folder"])
        alone = json.loads(single.stdout)
        codes.append(single.exit_code)
        assert row["report"] == alone                       # the single check's object, read back whole
        assert row["exit_code"] == single.exit_code == row["command_exit_code"]
        assert row["ready"] == alone["summary"]["ready"]
        if single.exit_code == 2:
            assert row["status"] == "cannot be read" and row["problem"].startswith("MC101")
            assert row["errors"] == alone["summary"]["errors"]
            continue
        for kind in ("errors", "warnings", "notes"):
            assert row[kind] == alone["summary"][kind]
        assert {p: (w["words"], w["minimum"], w["missing"]) for p, w in row["words"].items()} == \
               {p: (w["words"], w["minimum"], w["missing"]) for p, w in alone["words"].items()}
        coverage = alone["coverage"]
        assert row["details"]["total"] == len(coverage)
        assert row["details"]["covered"] == sum(1 for cited in coverage.values() if cited)
        assert row["details"]["uncovered"] == [t for t, cited in coverage.items() if not cited]
        assert row["privacy"] == sum(1 for f in alone["findings"] if re.fullmatch(r"MC50[1-6]", f["code"]))
        assert sorted(c["code"] for c in row["codes"]) == sorted(f["code"] for f in alone["findings"])
    assert exit_code == max(codes) == document["summary"]["exit_code"] == 2
    assert document["summary"] == {"portfolios": 20, "ready": codes.count(0), "exit_code": 2, "unreadable": 3}
    by_state = {Path(r["folder"]).name.split("-", 1)[1]: r for r in rows}
    assert by_state["privacy"]["privacy"] >= 2 and by_state["short"]["words"]["overview"]["missing"] > 0
    assert by_state["uncovered"]["details"] == {"covered": 5, "total": 7, "uncovered": ["2", "4.3"]}
    assert codes.count(0) == 12   # eight ready, the blind one, the quoted one, two with privacy findings (warnings)


def test_the_summary_json_never_holds_a_word_of_the_drafts(many_json):
    _exit, document = many_json
    rows = [{k: v for k, v in row.items() if k != "report"} for row in document["portfolios"]]
    text = json.dumps(rows, ensure_ascii=False)
    assert not [secret for secret in SECRETS if secret in text]


def test_each_report_then_the_summary_table_and_the_worst_exit_code(cohort, monkeypatch):
    monkeypatch.chdir(cohort)
    chosen = ["01-ready", "09-short", "16-broken-yaml"]
    result = _run("check", "--jobs", "1", *chosen)
    assert result.exit_code == 2
    position = 0
    for folder in chosen:        # each portfolio's report exactly as `mcred check DIR` prints it, in order
        alone = _run("check", folder).stdout
        found = result.stdout.find(alone, position)
        assert found >= 0, folder
        position = found + len(alone)
    summary = result.stdout[position:]
    assert "Summary: 3 portfolios · Ensuring Accountability" in summary
    assert re.search(r"01-ready\s+✓ ready\s+1,040\s+580\s+7/7\s+0\s+0\s+0\s+—", summary)
    assert re.search(r"09-short\s+✗ not ready\s+129\s+580\s+7/7", summary)
    assert re.search(r"16-broken-ya\S*\s+✗ unreadable", summary)
    assert "16-broken-yaml: cannot be read — MC101 mcred.yaml:2" in summary
    assert "1 of 3 portfolios ready · 1 cannot be read" in summary


def test_a_pattern_the_shell_left_alone_is_expanded(cohort, monkeypatch):
    monkeypatch.chdir(cohort)
    result = _run("check", "--json", "0[1-3]-*")
    assert [r["folder"] for r in json.loads(result.stdout)["portfolios"]] == ["01-ready", "02-ready", "03-ready"]
    assert result.exit_code == 0


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows = 0
        self.text: list[str] = []
        self.scripts = 0
        self.sources: list[str] = []
        self.policy = ""

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        self.rows += tag == "tr"
        self.scripts += tag == "script"
        self.sources += [v for k, v in found.items() if k in ("src", "href") and v]
        if found.get("http-equiv") == "Content-Security-Policy":
            self.policy = found["content"] or ""
        self.text += [v for v in found.values() if v]

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_cohort_page_holds_counts_and_codes_never_the_drafts(cohort, tmp_path):
    page = tmp_path / "summary.html"
    result = _run("cohort", str(cohort), "--html", str(page), "--jobs", "2")
    assert result.exit_code == 2
    assert "Summary: 19 portfolios" in result.stdout    # the folder without mcred.yaml is not a portfolio
    html = page.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    assert parsed.rows == 1 + 19
    assert parsed.sources == [] and parsed.scripts == 1
    assert "default-src 'none'" in parsed.policy and "script-src 'sha256-" in parsed.policy
    text = " ".join(parsed.text)
    assert not [secret for secret in SECRETS if secret in html or secret in text]
    assert "MC202 a part under its word minimum" in text and "871 words short of 1,000" in text
    assert "MC501 a student&#39;s name from the roster — overview.md:" in html
    assert "2: no evidence that resolved" in text and "Jordan Rivera" in text
    assert "MC101 a file or folder that cannot be read — mcred.yaml:2" in text
    again = _run("cohort", str(cohort), "--html", str(page), "--jobs", "2")   # its own page is replaced
    assert again.exit_code == 2 and page.read_text(encoding="utf-8").count("<tr>") == 20


def test_cohort_never_replaces_a_file_it_did_not_write(cohort, tmp_path):
    page = tmp_path / "notes.html"
    page.write_text("<p>my notes</p>", encoding="utf-8")
    result = _run("cohort", str(cohort / "01-ready"), "--html", str(page))
    assert result.exit_code == 2 and "is not a page `mcred cohort` wrote" in result.stdout + result.stderr
    assert page.read_text(encoding="utf-8") == "<p>my notes</p>"


def test_cohort_without_portfolios_says_so(tmp_path):
    result = _run("cohort", str(tmp_path))
    assert result.exit_code == 2 and "holds no portfolio" in result.stdout + result.stderr


def test_a_blind_portfolio_is_named_by_its_folder(many_json):
    _exit, document = many_json
    rows = {Path(r["folder"]).name: r for r in document["portfolios"]}
    blind = rows["20-blind"]
    assert blind["blind"] is True and blind["name"] == "20-blind" and blind["ready"]
    assert "Jordan Rivera" not in json.dumps({k: v for k, v in blind.items() if k != "report"})
    assert rows["01-ready"]["name"] == "Jordan Rivera" and rows["01-ready"]["blind"] is False


def test_a_bug_in_one_portfolio_is_its_row_not_the_end_of_the_run():
    from mcred.cohort import Outcome, run_all, unreadable_row

    def work(folder: str) -> Outcome:
        if folder == "b":
            raise RuntimeError("boom")
        return Outcome(folder, 2, unreadable_row(folder, []))

    outcomes = run_all(work, ["a", "b", "c"], jobs=1)
    assert [(o.folder, o.exit_code, o.row.status) for o in outcomes] == [
        ("a", 2, "cannot be read"), ("b", 3, "bug in mcred"), ("c", 2, "cannot be read")]
    assert outcomes[1].row.problem == "RuntimeError: boom" and outcomes[1].document["error"]["kind"] == "bug"
