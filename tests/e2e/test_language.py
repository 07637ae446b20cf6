"""The language switch applies at once and is remembered across restarts."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import RAG_LABELS, open_portfolio, wait_for, wait_until


def html_lang(d):
    return d.execute_script("return document.documentElement.lang")


def wrong_labels(d, lang):
    """RAG badges lacking the word for their value in `lang` (None: no badges
    yet): every badge by its DOM text, and one badge of each value by its
    visible text. (Not innerText: the UI uses content-visibility: auto, and
    innerText is empty in skipped, off-screen sections.)"""
    badges = d.execute_script(
        "return [...document.querySelectorAll('main span.rag[data-rag]')].map(e => [e.dataset.rag, e.textContent])"
    )
    if not badges:
        return None
    wrong = [(rag, text) for rag, text in badges if RAG_LABELS[lang][rag] not in text]
    for rag in {rag for rag, _ in badges}:
        text = d.find_element(By.CSS_SELECTOR, f'main span.rag[data-rag="{rag}"]').text
        if RAG_LABELS[lang][rag] not in text:
            wrong.append((rag, text))
    return wrong


def assert_labels(d, lang):
    # Right after a switch some badges still show the old language: retry briefly.
    try:
        wait_until(lambda: wrong_labels(d, lang) == [], timeout=5)
    except AssertionError:
        raise AssertionError(f"badges without their {lang} label: {(wrong_labels(d, lang) or [])[:5]}") from None


def test_switch_to_english_is_remembered(launch_app, workspace, data_dir):
    app = launch_app(workspace, data_dir)
    d = app.driver
    open_portfolio(d)
    assert html_lang(d) == "da"
    assert_labels(d, "da")

    Select(wait_for(d, "select#language")).select_by_value("en")
    wait_until(lambda: html_lang(d) == "en", message='<html lang="en">')
    assert_labels(d, "en")

    app.quit()
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    wait_until(lambda: html_lang(d) == "en", message='<html lang="en"> after restart')
    wait_for(d, 'main span.rag[data-rag="grey"]')
    assert_labels(d, "en")
    assert (
        Select(d.find_element(By.CSS_SELECTOR, "select#language")).first_selected_option.get_attribute("value") == "en"
    )
