import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    ("/", "Culture and leadership programme"),
    ("/sign-in/", "Sign in"),
    ("/password-reset/", "Reset your password"),
    ("/accessibility/", "Accessibility statement"),
    ("/privacy/", "Privacy notice"),
    ("/cookies/", "Cookies"),
]


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_is_styled_accessible_and_self_contained(
    watched_page, live_server, check_page, path, heading
):
    watched_page.goto(live_server.url + path)
    assert watched_page.locator("h1").inner_text() == heading
    header_colour = watched_page.locator("header.nhsuk-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_colour == "rgb(0, 94, 184)"  # NHS blue: the vendored CSS applied
    check_page(watched_page, screenshot=f"public{path.strip('/').replace('/', '-') or '-home'}")


def test_unknown_address_gets_the_styled_not_found_page(watched_page, live_server, check_page):
    response = watched_page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert watched_page.locator("h1").inner_text() == "Page not found"
    check_page(watched_page, screenshot="error-404", status=404)


def test_a_null_character_in_a_search_gets_the_styled_bad_request_page(
    watched_page, live_server, check_page
):
    # What `make scan` sent to the library's search, which once answered 500.
    response = watched_page.goto(live_server.url + "/resources/?q=%2Fe%00")
    assert response.status == 400
    assert watched_page.locator("h1").inner_text() == "That web address cannot be used"
    check_page(watched_page, screenshot="error-400", status=400)


def test_skip_link_moves_focus_to_main_content(watched_page, live_server):
    watched_page.goto(live_server.url + "/")
    watched_page.wait_for_function("window.__nhsukInit === true")
    watched_page.keyboard.press("Tab")
    focused = watched_page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    watched_page.keyboard.press("Enter")
    assert watched_page.evaluate("document.activeElement.id") == "maincontent"


@pytest.mark.urls("tests.core.urls_with_failure")
def test_a_server_failure_gets_the_styled_500_page(watched_page, live_server, check_page):
    response = watched_page.goto(live_server.url + "/broken/")
    assert response.status == 500
    assert watched_page.locator("h1").inner_text() == "Sorry, there is a problem with the service"
    assert "swordfish" not in watched_page.content()
    check_page(watched_page, screenshot="error-500", status=500)


def test_a_trust_not_yet_in_the_community_finds_how_to_join(watched_page, live_server, check_page):
    """From the home page to the application, by clicks only: the card, then the menu."""
    page = watched_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Apply for your trust to join").click()
    assert page.locator("h1").inner_text() != ""
    assert page.url.endswith("/community/join/")
    check_page(page, screenshot="community-join-from-home")
    # The header's menu offers the community to someone not signed in, at both widths.
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Community").click()
    assert page.url.endswith("/community/")
    assert page.locator("h1").inner_text() == "Culture community"
    check_page(page, screenshot="community-directory-anonymous")
    page.get_by_role("contentinfo").get_by_role("link", name="Culture community").click()
    assert page.url.endswith("/community/")
