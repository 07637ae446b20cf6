"""Text from the workspace is shown as text, never run as HTML."""

from selenium.webdriver.common.by import By

from conftest import open_initiative, open_portfolio, wait_for, wait_until

TITLE = '<img src=x onerror="window.__pwned=1">'


def assert_not_run(d):
    assert d.execute_script("return typeof window.__pwned") == "undefined"
    assert not d.find_elements(By.CSS_SELECTOR, 'img[src="x"]')


def test_markup_in_a_title_is_shown_literally(launch_app, workspace, data_dir, run_cli):
    run_cli(workspace, "initiative", "add", "--code", "10.1", "--title", TITLE, "--focus-area", "9")
    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    link = wait_for(d, 'tr[data-code="10.1"] a[data-initiative-link]')
    wait_until(lambda: link.text.strip() == TITLE, message=f"link text {TITLE!r} (is {link.text!r})")
    assert_not_run(d)

    title = open_initiative(d, "10.1")
    wait_until(lambda: TITLE in title.text, message=f"page title shows {TITLE!r} (is {title.text!r})")
    assert_not_run(d)


def test_a_hostile_segment_from_another_replica_renders_literally(launch_app, workspace, data_dir, run_cli, tmp_path):
    """A segment file written by 'another replica' (here: by hand, as an
    attacker with access to an unencrypted shared folder could: such a folder
    protects only against accidents) carries markup and a javascript: link in
    its text fields; the app shows them as text."""
    import hashlib
    import json

    folder = tmp_path / "shared"
    run_cli(workspace, "sync", "folder", str(folder))
    ws_id = json.loads((folder / "steerco-folder.json").read_text())["workspace"]
    replica = "00000000000000ee"
    title = "<script>window.__pwned=1</script>"
    fields = {
        "code": "6.6",
        "code_verified": 1,
        "title": title,
        "title_verified": 1,
        "title_en_verified": 0,
        "description": '<img src=x onerror="window.__pwned=2"> <a href="javascript:window.__pwned=3">klik</a>',
        "lead": "javascript:window.__pwned=4",
    }
    body = json.dumps(
        [
            {
                "hlc": f"1772355600000-0000-{replica}",
                "author_id": None,
                "tbl": "initiative",
                "row_id": "hostile-1",
                "op": "insert",
                "fields": fields,
                "prev": None,
            }
        ]
    ).encode()
    header = {
        "format": "steerco-segment",
        "version": 2,
        "workspace": ws_id,
        "replica": replica,
        "seq": 1,
        "count": 1,
        "sha256": hashlib.sha256(body).hexdigest(),
        "sealed": False,
    }
    (folder / replica).mkdir()
    (folder / replica / "0000000001.seg").write_bytes(json.dumps(header).encode() + b"\n" + body)
    run_cli(workspace, "sync", "folder", str(folder))

    d = launch_app(workspace, data_dir).driver
    open_portfolio(d)
    link = wait_for(d, 'tr[data-code="6.6"] a[data-initiative-link]')
    wait_until(lambda: link.text.strip() == title, message=f"link text {title!r} (is {link.text!r})")
    assert_not_run(d)
    open_initiative(d, "6.6")
    desc = wait_for(d, "#field-description")
    assert "onerror" in desc.get_attribute("value")
    assert_not_run(d)
    assert not d.find_elements(By.CSS_SELECTOR, 'a[href^="javascript:"]')
    assert not d.find_elements(By.XPATH, "//script[contains(., '__pwned')]")
