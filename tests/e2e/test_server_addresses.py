"""A workspace given several addresses of one sync server (one a line in the
Sync view and in the join form): the first a loopback port nobody listens on,
the second a real steerco-server. The app moves on to the second, says which
one answered, keeps both across a restart, and an edit reaches a member who
joined with the same two addresses. An address of another database (a
restored copy: another generation) is refused when the app moves to it."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import axe_assert, axe_run, click, free_port, open_portfolio, rag_css, screenshot, wait_for, wait_until
from forms import go, no_error
from test_server import Server, live_state, set_status


def wait_live(d, state, timeout=30):
    """Wait for the background sync's state; say what it shows when it does not come."""
    try:
        wait_until(lambda: live_state(d) == state, timeout=timeout, message=state)
    except AssertionError:
        shown = d.find_elements(By.CSS_SELECTOR, "#sync-live")
        error = d.find_element(By.CSS_SELECTOR, "#error").text
        raise AssertionError(f"not {state}: {shown[0].text if shown else 'no status'!r}, error {error!r}") from None


def addresses(d):
    return [li.get_attribute("data-address") for li in d.find_elements(By.CSS_SELECTOR, "#sync-server-current li")]


def answered(d):
    e = d.find_elements(By.CSS_SELECTOR, '#sync-server-current li[data-answered="true"]')
    return e[0].get_attribute("data-address") if e else None


def type_addresses(d, css, lines):
    """One a line, as typed: Enter between them (WebDriver drops a bare "\\n")."""
    area = wait_for(d, css)
    area.clear()
    area.send_keys(Keys.ENTER.join(lines))


def shown_error(d, css):
    e = d.find_elements(By.CSS_SELECTOR, css)
    return e[0].text if e and e[0].is_displayed() else ""


def server_with(tmp_path, name):
    s = Server(tmp_path / name)
    s.admin("workspace", "create", "acme")
    return s


def test_a_closed_first_address_moves_the_app_to_the_next(launch_app, workspace, tmp_path):
    server = server_with(tmp_path, "server")
    ta = server.admin("token", "create", "--workspace", "acme", "--member", "Anne")
    tb = server.admin("token", "create", "--workspace", "acme", "--member", "Bent")
    server.start()
    dead = f"http://127.0.0.1:{free_port()}/acme"
    urls = [dead, server.url("acme")]
    try:
        app_a = launch_app(workspace, tmp_path / "data-a", lang="da", env={"STEERCO_USER": "Anne"})
        a = app_a.driver
        go(a, "nav-sync", "sync")

        # A line that is no address: the form is not sent, the line is named.
        type_addresses(a, "#server-url", [server.url("acme"), "steerco.example.dk/acme"])
        wait_for(a, "#server-token").send_keys(ta)
        click(a, "#connect-server")
        wait_until(lambda: "steerco.example.dk/acme" in shown_error(a, "#server-url-error"), message="the line named")
        assert "adresse" in shown_error(a, "#server-url-error")
        assert not a.find_elements(By.CSS_SELECTOR, "#disconnect-server")
        no_error(a)

        # The closed port first, the server second: connected, through the second.
        type_addresses(a, "#server-url", urls)
        click(a, "#connect-server")
        wait_live(a, "online", timeout=30)
        no_error(a)
        assert addresses(a) == urls
        wait_until(lambda: answered(a) == server.url("acme"), message="the second address answered")
        assert not shown_error(a, "#server-url-error")
        screenshot(a, "server-addresses-da")
        axe_assert(axe_run(a, "server-addresses-da"), "server-addresses-da")

        # B joins with the same two addresses at its start page (English).
        b = launch_app(None, tmp_path / "data-b", lang="en", env={"STEERCO_USER": "Bent"}).driver
        type_addresses(b, "#join-server-url", ["https://", *urls])
        wait_for(b, "#join-server-token").send_keys(tb)
        click(b, "#join-from-server")
        wait_until(lambda: "https://" in shown_error(b, "#join-server-url-error"), message="the bad line named")
        assert "Not the address of a workspace" in shown_error(b, "#join-server-url-error")
        screenshot(b, "server-addresses-join-en")
        type_addresses(b, "#join-server-url", urls)
        click(b, "#join-from-server")
        open_portfolio(b, timeout=30)
        wait_for(b, 'tr[data-code="8.1"]')

        # An edit in A reaches B through the second address, nobody pressing anything.
        set_status(a, "8.1", "red")
        wait_for(b, rag_css("8.1", "overall", "red"), timeout=30)
        go(b, "nav-sync", "sync")
        wait_live(b, "online", timeout=30)
        assert addresses(b) == urls
        wait_until(lambda: answered(b) == server.url("acme"), message="B's second address answered")
        assert "answered last" in b.find_element(By.CSS_SELECTOR, "#sync-server-current").text
        screenshot(b, "server-addresses-en")

        # A restarts: both addresses kept, in order; the background sync
        # finds the server again and B's edit arrives.
        app_a.quit()
        a = launch_app(workspace, tmp_path / "data-a", lang="da", env={"STEERCO_USER": "Anne"}).driver
        go(a, "nav-sync", "sync")
        wait_live(a, "online", timeout=30)
        assert addresses(a) == urls
        assert a.find_element(By.CSS_SELECTOR, "#server-url").get_attribute("value") == "\n".join(urls)
        set_status(b, "9.1", "amber")
        go(a, "nav-portfolio", "portfolio")
        wait_for(a, rag_css("9.1", "overall", "amber"), timeout=30)
    finally:
        server.kill()


def test_an_address_of_another_database_is_refused(launch_app, workspace, tmp_path):
    first = server_with(tmp_path, "first")
    token = first.admin("token", "create", "--workspace", "acme", "--member", "Anne")
    # A restored copy: the same workspace and token, another generation.
    first.admin("backup", "--to", str(tmp_path / "copy.db"))
    other = Server(tmp_path / "other")
    other.admin("restore", "--from", str(tmp_path / "copy.db"))
    first.start()
    other.start()
    try:
        d = launch_app(workspace, tmp_path / "data", lang="da").driver
        go(d, "nav-sync", "sync")
        type_addresses(d, "#server-url", [first.url("acme"), other.url("acme")])
        wait_for(d, "#server-token").send_keys(token)
        click(d, "#connect-server")
        wait_live(d, "online", timeout=30)
        assert answered(d) == first.url("acme")

        # The first goes away: the app moves to the other, which it must not use.
        first.kill()
        set_status(d, "8.1", "red")
        go(d, "nav-sync", "sync")
        wait_live(d, "refused", timeout=40)
        said = d.find_element(By.CSS_SELECTOR, "#sync-live").text
        assert other.url("acme") in said and "ikke adresser på det samme arbejdsområde" in said, said
        assert "Afvist" in d.find_element(By.CSS_SELECTOR, "#sync-badge").text
        screenshot(d, "server-addresses-other-da")

        # In English too.
        Select(d.find_element(By.CSS_SELECTOR, "#language")).select_by_value("en")
        wait_until(
            lambda: "are not addresses of the same workspace" in d.find_element(By.CSS_SELECTOR, "#sync-live").text,
            message="English",
        )
        screenshot(d, "server-addresses-other-en")
    finally:
        first.kill()
        other.kill()
