"""`reformctl site --output DIR` on the example ledger: the files, checked with html.parser on
every run (no browser needed): pages parse, every internal link and anchor resolves, nothing is
loaded from elsewhere, every page is reachable from the overview."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, run_cli
from tests.site.conftest import AS_OF, Built, build_site
from tests.site.htmlread import is_external, read_page, read_site, resolve

PAGES = {
    "index.html",
    "library.html",
    "pilots.html",
    "due.html",
    "documents.html",
    *(f"projects/{p.stem}.html" for p in (EXAMPLE / "projects").glob("*.yaml")),
    *(f"pilots/{p.stem}.html" for p in (EXAMPLE / "pilots").glob("*.yaml")),
    *(f"documents/{p.parent.parent.name}-{p.stem}.html" for p in EXAMPLE.glob("*/bulletins/Q*.md")),
    *(f"documents/{p.parent.name}-annual.html" for p in EXAMPLE.glob("*/annual-report.md")),
}


def test_every_page_and_asset_is_written(example_site: Built) -> None:
    site = example_site.folder
    written = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert written == PAGES | {"assets/site.css", "assets/site.js", "assets/favicon.svg", ".reformctl-site"}
    assert f"{len(PAGES)} pages" in example_site.result.stderr


@pytest.mark.parametrize("which", ["example_site", "english_site", "hostile_site"])
def test_pages_parse_and_links_resolve(which: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    pages = read_site(built.folder)
    for path, page in pages.items():
        assert not page.errors, (path, page.errors)
        assert page.lang == ("en" if which == "english_site" else "zh-CN"), path
        assert page.count("h1") == 1, path
        for tag, url in page.links:
            if is_external(url):
                # Only plain links may point elsewhere (the record's file in the repository);
                # nothing is loaded from outside: no external script, style or image.
                assert tag == "a" and url.startswith("https://"), (path, tag, url)
                continue
            target, fragment = resolve(path, url)
            assert (built.folder / target).is_file(), (path, url)
            if fragment:
                assert fragment in pages[target].ids, (path, url)


def test_every_page_is_reachable_from_the_overview(example_site: Built) -> None:
    pages = read_site(example_site.folder)
    seen, todo = {"index.html"}, ["index.html"]
    while todo:
        page = todo.pop()
        for tag, url in pages[page].links:
            if tag == "a" and not is_external(url):
                target = resolve(page, url)[0]
                if target.endswith(".html") and target not in seen:
                    seen.add(target)
                    todo.append(target)
    assert seen == PAGES


def test_pages_load_only_their_own_style_and_script(example_site: Built) -> None:
    for path, page in read_site(example_site.folder).items():
        scripts = [a for t, a in page.tags if t == "script"]
        assert [s.get("src") for s in scripts] == ["../" * path.count("/") + "assets/site.js"], path
        assert page.count("style") == 0 and page.count("img") == 0 and page.count("iframe") == 0
        assert not any("style" in a or any(k.startswith("on") for k in a) for _, a in page.tags), path
        policy = [a for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert policy and "default-src 'none'" in str(policy[0]["content"]), path


def test_overview_shows_the_counts_and_charts(example_site: Built) -> None:
    page = read_page(example_site.folder, "index.html")
    text = page.text
    assert "嘉兴市改革试点监测网" in page.title
    assert "数据截至2026年7月10日" in text
    for words in ("按计划推进", "进度滞后", "严重滞后", "已完成", "已出库"):
        assert words in text
    assert page.count("svg") == 6  # five groups' reporting (four special groups, direct) + overdue by unit
    assert "经济体制和生态文明体制改革专项小组" in text and "直报市委改革办" in text


def test_english_site(english_site: Built) -> None:
    page = read_page(english_site.folder, "library.html")
    assert "Project library" in page.text and "on schedule" in page.text and "seriously lagging" in page.text
    assert "按计划推进" not in page.text
    assert "Jiaxing" not in page.title  # names come from the ledger, as written there
    assert "嘉兴市 Reform Pilot Monitoring" in page.title


def test_a_project_page_names_instead_of_ids(example_site: Built) -> None:
    text = read_page(example_site.folder, "projects/zuiduo-paoyici.html").text
    assert "市审管办" in text and "孙伟" in text and "政府职能转变和行政体制改革专项小组" in text
    assert "dept-reform-admin" not in text and "sun-wei" not in text and "sg-government" not in text
    assert "projects/zuiduo-paoyici.yaml" in text  # no repository: the file's path, not a link


def test_the_library_page_without_script_is_a_plain_table(example_site: Built) -> None:
    page = read_page(example_site.folder, "library.html")
    forms = [a for t, a in page.tags if t == "form"]
    assert len(forms) == 1 and "hidden" in forms[0]  # the filters appear only when the script runs
    rows = [a for t, a in page.tags if t == "tr" and "data-light" in a]
    assert len(rows) == 9


def test_a_second_build_replaces_the_first(tmp_path: Path, example_copy: Path, private_cache: Path) -> None:
    out = tmp_path / "public"
    assert build_site(example_copy, out, private_cache).exit_code == 0
    (example_copy / "pilots" / "nanhu-property.yaml").unlink()
    result = build_site(example_copy, out, private_cache)
    assert result.exit_code == 0, result.output
    assert not (out / "pilots" / "nanhu-property.html").exists()
    assert (out / "pilots" / "jiashan-demo.html").is_file()


def test_refuses_a_folder_it_did_not_write(tmp_path: Path, private_cache: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = build_site(EXAMPLE, out, private_cache)
    assert result.exit_code == 2
    assert "not empty and was not written by reformctl site" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    assert build_site(EXAMPLE, file, private_cache).exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "--lang 'fr' is not supported"),
        (["--serve"], "give --output DIR or --serve, not both"),
        (["--as-of", "2026-13-01"], "is not a date"),
    ],
)
def test_usage_errors(tmp_path: Path, private_cache: Path, args: list[str], message: str) -> None:
    result = build_site(EXAMPLE, tmp_path / "out", private_cache, *args)
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert "Traceback" not in result.output


def test_output_or_serve_is_required() -> None:
    result = run_cli("site", "--ledger", str(EXAMPLE))
    assert result.exit_code == 2 and "give --output DIR" in result.stderr


def test_a_ledger_with_errors_gets_a_banner_and_exit_1(
    tmp_path: Path, example_copy: Path, private_cache: Path
) -> None:
    bad = example_copy / "projects" / "river-chief.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("lead:", "laed:", 1), encoding="utf-8")
    result = build_site(example_copy, tmp_path / "out", private_cache)
    assert result.exit_code == 1
    assert "projects/river-chief.yaml" in result.stderr and "wrote the site" in result.stderr
    index = read_page(tmp_path / "out", "index.html").text
    assert "以下1个文件有错误，未计入本次结果" in index and "projects/river-chief.yaml:" in index
    assert not (tmp_path / "out" / "projects" / "river-chief.html").exists()  # left out


def test_errors_in_the_settings_stop_it(tmp_path: Path, example_copy: Path, private_cache: Path) -> None:
    settings = example_copy / "ledger.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "nmae: x\n", encoding="utf-8")
    result = build_site(example_copy, tmp_path / "out", private_cache)
    assert result.exit_code == 1 and "ledger.yaml" in result.stderr
    assert not (tmp_path / "out").exists()


def test_documents_are_rendered_without_front_matter(example_site: Built) -> None:
    page = read_page(example_site.folder, "documents/2026-Q1.html")
    assert "嘉兴市全面深化改革工作通报" in page.text and "关于2026年第一季度" in page.text
    assert "as_of:" not in page.text and "quarter: 2026-Q1" not in page.text


def test_annual_report_is_shown_when_present(tmp_path: Path, example_copy: Path, private_cache: Path) -> None:
    (example_copy / "2025" / "annual-report.md").write_text(
        "---\nissued: 2026-01-20\nyear: 2025\n---\n# 2025年全面深化改革工作总结\n\n全年完成改革任务。\n",
        encoding="utf-8",
    )
    assert build_site(example_copy, tmp_path / "out", private_cache).exit_code == 0
    page = read_page(tmp_path / "out", "documents/2025-annual.html")
    assert "全年完成改革任务。" in page.text and "issued:" not in page.text
    assert "documents/2025-annual.html" in {u for _, u in read_page(tmp_path / "out", "documents.html").links}


def test_an_earlier_as_of_leaves_out_later_bulletins(tmp_path: Path, private_cache: Path) -> None:
    result = build_site(EXAMPLE, tmp_path / "out", private_cache, "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "documents" / "2026-Q1.html").exists()  # issued 2026-04-14
    assert (tmp_path / "out" / "documents" / "2025-Q4.html").exists()
    assert AS_OF not in read_page(tmp_path / "out", "index.html").text


def test_symlinked_annual_report_outside_the_ledger_is_not_read(
    tmp_path: Path, example_copy: Path, private_cache: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nissued: 2026-01-01\n---\nTOP SECRET\n", encoding="utf-8")
    (example_copy / "2025" / "annual-report.md").unlink()
    (example_copy / "2025" / "annual-report.md").symlink_to(secret)
    build_site(example_copy, tmp_path / "out", private_cache)
    assert not (tmp_path / "out" / "documents" / "2025-annual.html").exists()
