"""A refusal is said in the UI's language, from its code and parameters (the
CLI keeps its English): in Danish first; after a switch to English the same
error reads in English, and so does the next one."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import click, screenshot, wait_for, wait_until
from forms import go, type_into

NAME = "Porteføljestyregruppen"
DANISH = f"Der findes allerede en komité med navnet «{NAME}»"
ENGLISH = f"A committee named “{NAME}” exists already"
CLI_TEXT = f'a committee named "{NAME}" exists already'


def error_line(d):
    e = d.find_element(By.CSS_SELECTOR, "#error[role=alert]")
    return e.get_attribute("data-code"), e.text.strip()


def add_committee(d, name):
    type_into(d, "#committee-name", name)
    Select(wait_for(d, "#committee-kind")).select_by_value("portfolio")
    click(d, "#submit-committee")


def test_a_refusal_in_danish_then_in_english(launch_app, workspace, data_dir, run_cli):
    run_cli(workspace, "committee", "add", "--name", NAME, "--kind", "portfolio")
    d = launch_app(workspace, data_dir).driver
    wait_for(d, "main#portfolio")

    go(d, "nav-committees", "committees")
    add_committee(d, NAME)
    wait_until(lambda: error_line(d)[1], message="an error line")
    code, text = error_line(d)
    assert code == "committee_exists", (code, text)
    assert text == f"Fejl: {DANISH}", text
    screenshot(d, "error-da")

    # The error shown follows the switch: it is kept as code and parameters.
    Select(wait_for(d, "select#language")).select_by_value("en")
    wait_until(lambda: error_line(d)[1] == f"Error: {ENGLISH}", message=f"the error in English, not {error_line(d)}")
    assert CLI_TEXT not in error_line(d)[1]

    # A new refusal, in English from the start.
    go(d, "nav-portfolio", "portfolio")
    go(d, "nav-committees", "committees")
    assert not error_line(d)[1]
    add_committee(d, f"  {NAME}  ")
    wait_until(lambda: error_line(d)[1], message="an error line")
    assert error_line(d) == ("committee_exists", f"Error: {ENGLISH}"), error_line(d)
    screenshot(d, "error-en")
