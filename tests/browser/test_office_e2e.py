"""The back office end to end: Chromium signs in, edits, conflicts, publishes, and what it did
is checked where partners see it, in the API (urllib against the same gunicorn).

Every page a test visits is checked with axe-core (no serious or critical violation); with
DISTRETTO_SCREENSHOTS=1 the main pages are written to docs/screenshots/.
"""

import secrets

import pytest

from tests.browser.conftest import (
    check_accessibility,
    open_page,
    screenshot,
    sign_in,
    submit,
)

EDITOR = "form#editor"
SAVE = 'button[name="_action"][value="save"]'
LIFECYCLE = ", ".join(
    f'button[name="_action"][value="{action}"]'
    for action in ("publish", "unpublish", "archive", "restore")
)
SUMMARY = "translations.en.summary"
FIRST_SUMMARY = "A tower."  # the English summary of every draft the fixtures make
PUBLISHED = "museo-ferrari-maranello"
SESSION_COOKIE = "distretto_office"


def field(path: str) -> str:
    """The editor's input for an API JSON path: a.b.0.c -> #field-a-b-0-c."""
    return "#field-" + path.replace(".", "-")


def editor_url(slug: str) -> str:
    return f"/office/listings/{slug}"


def save(page):
    return submit(page, page.locator(EDITOR).locator(SAVE))


def unique(text: str) -> str:
    return f"{text} ({secrets.token_hex(3)})"


def signed_in_cookie(page) -> bool:
    return any(cookie["name"] == SESSION_COOKIE for cookie in page.context.cookies())


def remove_csrf_tokens(page, form: str) -> None:
    removed = page.evaluate(
        """(form) => {
            const inputs = document.querySelectorAll(`${form} input[name="csrf_token"]`);
            inputs.forEach((input) => input.remove());
            return inputs.length;
        }""",
        form,
    )
    assert removed >= 1, f"no csrf_token input in {form}"


def summary_in_api(live_server, slug: str, as_: str = "maranello") -> str:
    answer = live_server.listing(slug, "en", as_=as_)
    assert answer.status == 200, answer.body
    return answer.body["summary"]


# --- signing in ----------------------------------------------------------------------------------


def test_signing_in_and_out(page, live_server):
    open_page(page, "/office/")
    assert "/office/sign-in" in page.url, "a signed-out visitor is sent to the sign-in form"
    check_accessibility(page)
    screenshot(page, "sign-in")

    email = live_server.email("maranello")
    response = sign_in(page, email, live_server.passwords["maranello"])
    assert response.status == 200
    assert page.url == f"{live_server.url}/office/", "back where the visitor was going"
    assert page.locator("header .who").inner_text().strip() == email
    assert signed_in_cookie(page)
    check_accessibility(page)
    screenshot(page, "dashboard")

    response = submit(page, page.locator("form[action$='/sign-out'] button[type=submit]"))
    assert response.status == 200 and "/office/sign-in" in page.url
    assert not signed_in_cookie(page)
    open_page(page, "/office/")
    assert "/office/sign-in" in page.url, "signed out: the dashboard asks to sign in again"


def test_a_wrong_password_shows_an_error(page, live_server):
    open_page(page, "/office/sign-in")
    email = live_server.email("maranello")
    response = sign_in(page, email, "not-the-password-" + secrets.token_hex(4))
    assert response.status == 401
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator("#email").input_value() == email, "the email is kept"
    assert page.locator("#password").input_value() == "", "the password is not sent back"
    assert not signed_in_cookie(page)
    check_accessibility(page)
    open_page(page, "/office/")
    assert "/office/sign-in" in page.url


def test_a_sign_in_posted_without_its_csrf_token_is_refused_and_changes_nothing(page, live_server):
    open_page(page, "/office/sign-in")
    form = page.locator("main form")
    form.locator("#email").fill(live_server.email("maranello"))
    form.locator("#password").fill(live_server.passwords["maranello"])
    remove_csrf_tokens(page, "main form")
    response = submit(page, form.locator("button[type=submit]"))
    assert response.status == 400
    assert page.get_by_role("alert").first.is_visible()
    check_accessibility(page)
    assert not signed_in_cookie(page), "right password, no token: still signed out"
    open_page(page, "/office/")
    assert "/office/sign-in" in page.url


def test_the_not_found_page(signed_in):
    page = signed_in("maranello")
    open_page(page, "/office/no-such-page", status=404)
    assert page.get_by_role("alert").first.is_visible()
    assert page.locator("main a[href='/office/']").count() == 1, "a way back to the dashboard"
    check_accessibility(page)


# --- towns and their listings ---------------------------------------------------------------------


def test_another_towns_draft_is_a_404_and_its_published_listing_is_read_only(
    signed_in, maranello_draft
):
    page = signed_in("sassuolo")
    open_page(page, editor_url(maranello_draft), status=404)
    assert page.get_by_role("alert").first.is_visible()
    assert maranello_draft not in page.locator("main").inner_text(), "its existence is not told"
    check_accessibility(page)

    open_page(page, editor_url(PUBLISHED))
    assert "Ferrari" in page.locator("main").inner_text()
    assert page.locator(SAVE).count() == 0, "another town's listing has no save button"
    assert page.locator(LIFECYCLE).count() == 0, "nor publish, unpublish, archive or restore"
    check_accessibility(page)


def test_the_listings_table_leads_to_the_editor(signed_in):
    page = signed_in("maranello")
    open_page(page, "/office/listings")
    links = page.locator("main table a[href^='/office/listings/']")
    assert links.count() > 0, "the table links each listing to its editor"
    check_accessibility(page)
    screenshot(page, "listings")

    response = submit(page, links.first)
    assert response.status == 200, f"{page.url}: {response.status}"
    assert page.locator(EDITOR).is_visible()
    check_accessibility(page)


def test_an_edited_english_summary_reaches_the_api(signed_in, live_server, maranello_draft):
    page = signed_in("maranello")
    open_page(page, editor_url(maranello_draft))
    summary = page.locator(EDITOR).locator(field(SUMMARY))
    assert summary.input_value() == FIRST_SUMMARY
    check_accessibility(page)
    new = unique("A medieval tower, edited in a browser")
    summary.fill(new)
    screenshot(page, "editor")

    response = save(page)
    assert response.ok, f"save answered {response.status}"
    assert page.locator(EDITOR).locator(field(SUMMARY)).input_value() == new
    check_accessibility(page)
    assert summary_in_api(live_server, maranello_draft) == new


def test_an_edit_posted_without_its_csrf_token_changes_nothing(
    signed_in, live_server, maranello_draft
):
    before = live_server.listing(maranello_draft, as_="maranello").body
    page = signed_in("maranello")
    open_page(page, editor_url(maranello_draft))
    page.locator(EDITOR).locator(field(SUMMARY)).fill(unique("Forged"))
    remove_csrf_tokens(page, EDITOR)
    response = save(page)
    assert response.status == 400
    assert page.get_by_role("alert").first.is_visible()
    check_accessibility(page)
    after = live_server.listing(maranello_draft, as_="maranello").body
    assert (after["summary"], after["version"]) == (FIRST_SUMMARY, before["version"])


def test_the_history_shows_the_author_and_the_field_level_difference(
    signed_in, live_server, new_draft
):
    slug = new_draft("admin")  # created by the admin, changed by the Maranello editor
    page = signed_in("maranello")
    open_page(page, editor_url(slug))
    new = unique("A tower with a history")
    page.locator(EDITOR).locator(field(SUMMARY)).fill(new)
    assert save(page).ok

    open_page(page, f"{editor_url(slug)}/history")
    main = page.locator("main")
    text = main.inner_text()
    email = live_server.email("maranello")
    assert email in text, "the revision names its author"
    assert FIRST_SUMMARY in text and new in text, "the summary before and after"
    revision = (
        main.locator(":is(li, tr, article, section, details, div)")
        .filter(has_text=email)
        .filter(has_text=new)
        .filter(has_text=FIRST_SUMMARY)
    )
    assert revision.count() >= 1, "author, old and new value shown together"
    assert SUMMARY in revision.last.inner_text(), "the changed field is named by its path"
    check_accessibility(page)
    screenshot(page, "history")


def test_two_people_saving_the_same_listing_see_the_conflict_and_merge(
    signed_in, live_server, maranello_draft
):
    first, second = signed_in("maranello"), signed_in("admin")
    for page in (first, second):
        open_page(page, editor_url(maranello_draft))

    theirs = unique("A tower, as the first editor wrote it")
    first.locator(EDITOR).locator(field(SUMMARY)).fill(theirs)
    assert save(first).ok
    assert summary_in_api(live_server, maranello_draft) == theirs

    mine = unique("A tower, as the second editor wrote it")
    second.locator(EDITOR).locator(field(SUMMARY)).fill(mine)
    response = save(second)
    assert response.status == 409
    assert second.get_by_role("alert").first.is_visible()
    conflicts = second.locator(".conflict")
    assert conflicts.count() >= 1
    shown = conflicts.locator(".theirs").all_inner_texts()
    assert any(theirs in text for text in shown), f"the other person's value: {shown}"
    assert second.locator(EDITOR).locator(field(SUMMARY)).input_value() == mine, "input kept"
    assert summary_in_api(live_server, maranello_draft) == theirs, "the conflict changed nothing"
    check_accessibility(second)
    screenshot(second, "conflict")

    merged = f"{theirs} / {mine}"
    second.locator(EDITOR).locator(field(SUMMARY)).fill(merged)
    response = save(second)
    assert response.ok, f"the merged save answered {response.status}"
    assert second.locator(".conflict").count() == 0
    assert summary_in_api(live_server, maranello_draft) == merged


def choose_days(form, path: str, days: tuple[str, ...]) -> None:
    """Weekdays in checkboxes (one per day, named path or path[]), a <select multiple>, or a
    text input."""
    controls = form.locator(f'[name="{path}"], [name="{path}[]"]')
    assert controls.count() >= 1, f"no {path} in the editor"
    kind = controls.first.evaluate("(e) => e.tagName === 'SELECT' ? 'select' : e.type")
    if kind == "select":
        controls.first.select_option(list(days))
    elif kind in ("checkbox", "radio"):
        for index in range(controls.count()):
            box = controls.nth(index)
            box.set_checked(box.get_attribute("value") in days)
    else:
        controls.first.fill(",".join(days))


def test_opening_hours_set_in_the_form_reach_the_api(signed_in, live_server, maranello_draft):
    page = signed_in("maranello")
    open_page(page, editor_url(maranello_draft))
    form = page.locator(EDITOR)
    row = "opening_hours.weekly.0"  # the draft's one range: Tuesday 10:00-12:00
    choose_days(form, f"{row}.days", ("mon",))
    form.locator(field(f"{row}.opens")).fill("09:00")
    form.locator(field(f"{row}.closes")).fill("13:00")
    response = save(page)
    assert response.ok, f"save answered {response.status}"
    check_accessibility(page)

    hours = live_server.listing(maranello_draft, as_="maranello").body["opening_hours"]
    assert hours["weekly"] == [{"days": ["mon"], "opens": "09:00", "closes": "13:00"}]


def test_publishing_a_draft_makes_it_public(signed_in, live_server, maranello_draft):
    assert live_server.listing(maranello_draft).status == 404, "a draft is not public"
    page = signed_in("maranello")
    open_page(page, editor_url(maranello_draft))
    response = submit(page, page.locator('button[name="_action"][value="publish"]'))
    assert response.ok, f"publish answered {response.status}"
    assert page.locator('button[name="_action"][value="unpublish"]').count() == 1
    check_accessibility(page)

    public = live_server.listing(maranello_draft)
    assert public.status == 200, public.body
    assert public.body["status"] == "published"
    listed = live_server.api("GET", "/api/v1/listings?municipality=maranello&limit=100").body
    assert maranello_draft in [item["slug"] for item in listed["items"]]


# --- every page, for everyone ------------------------------------------------------------------

PAGES = {
    "dashboard": ("office.dashboard", None, 200),
    "listings": ("office.listings", None, 200),
    "editor": (None, editor_url(PUBLISHED), 200),
    "history": (None, f"{editor_url(PUBLISHED)}/history", 200),
    "events": ("office.events", None, 200),
    "packages": ("office.packages", None, 200),
    "users": ("office.users", None, 200),
    "api-keys": ("office.api_keys", None, 200),
    "not-found": (None, "/office/no-such-page", 404),
}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_no_serious_accessibility_violation(name, signed_in, office_path):
    endpoint, path, status = PAGES[name]
    page = signed_in("admin")  # an admin sees every page
    open_page(page, path or office_path(endpoint), status=status)
    check_accessibility(page)


def test_the_sign_in_page_has_no_serious_accessibility_violation(page):
    open_page(page, "/office/sign-in")
    check_accessibility(page)
