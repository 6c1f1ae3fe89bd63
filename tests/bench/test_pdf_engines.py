"""The PDF engines' benchmark renders the same history with WeasyPrint and with Typst
(bench/pdf_engines.py, ADR 0038)."""

import pytest

from bench.pdf_engines import busy_case, compare, history_of, pdf_text, pdf_ua, table, typst_pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_both_engines_render_the_same_history_and_the_typst_file_is_tagged_pdf_ua():
    case = busy_case(40)
    history = history_of(case)
    assert len(history.views) >= 30
    results = compare(history, runs=1)
    assert [r.engine for r in results] == ["WeasyPrint", "Typst"]
    titles = {view.title for view in history.views}
    for result in results:
        assert result.content.startswith(b"%PDF-"), result.engine
        text = " ".join(pdf_text(result.content).split())
        assert f"Disclosure history of {case.child_name}" in text, result.engine
        assert all(title in text for title in titles), result.engine
        assert f"Page 1 of {result.pages}" in text, result.engine
        assert result.tagging.tagged, (result.engine, result.tagging.problem)
    assert results[0].tagging.header_cells >= 1  # WeasyPrint tags the facts' <th> cells
    typst = results[1]
    assert typst.tagging.lang == "en-GB"
    assert typst.tagging.title == f"Disclosure history of {case.child_name}"
    assert "Typst" in table(results)
    assert "WeasyPrint" in table(results)


def test_a_record_s_text_is_shown_as_text_in_typst_never_run_as_markup():
    case = busy_case(20)
    case.child_name = 'Amy #panic("run") *not bold* $x$ <label> @ref // not a comment'
    history = history_of(case)
    content = typst_pdf(history)
    text = " ".join(pdf_text(content).split())
    assert case.child_name in text
    assert pdf_ua(content).tagged
