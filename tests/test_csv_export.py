"""The CSV export: a fixed column order, one row per published listing, one language."""

import csv
import io

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from catalog.listings.csv_export import COLUMNS, published_listings, write_csv
from catalog.listings.kind import write_state
from catalog.models import Listing, Organisation

# Spelled out, not imported: reordering or renaming a column must fail this test, because
# spreadsheets and scripts downstream address columns by position.
STABLE_COLUMNS = [
    "id", "slug", "kind", "themes", "municipality", "municipality_name", "name", "summary",
    "description", "language", "fallbacks", "lat", "lon", "address", "location_approximate",
    "website", "phone", "email", "price_range", "access", "highlight", "tags", "source_name",
    "source_id", "source_url", "source_licence", "source_attribution", "status", "version",
    "updated_at",
]  # fmt: skip


def _csv(session, lang: str, chain=None) -> list[dict]:
    chain = chain or (lang, "en", "it")
    stream = io.StringIO(newline="")
    count = write_csv(stream, published_listings(session, chain), chain)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue(), newline="")))
    assert count == len(rows)
    return rows


def _add_listing(session, slug: str, status: str, name: str, **extra) -> Listing:
    office = session.scalar(select(Organisation).where(Organisation.slug == "sassuolo"))
    listing = Listing(
        slug=slug, status=status, owner_id=office.id, translations=[], themes=[], tags=[],
        media=[],
    )  # fmt: skip
    session.add(listing)
    write_state(
        session,
        listing,
        {
            "kind": "shop_showroom",
            "themes": ["ceramics", "hospitality"],
            "municipality": "sassuolo",
            "location": {"lat": 44.55, "lon": 10.78, "address": "Piazza Garibaldi 1"},
            "contacts": {"phone": "+39 0536 000000"},
            "tags": ["tiles", "showroom"],
            "translations": {"it": {"name": name, **extra}},
        },
    )
    session.flush()
    return listing


def test_the_columns_keep_their_order(session):
    assert list(COLUMNS) == STABLE_COLUMNS
    stream = io.StringIO(newline="")
    write_csv(stream, [], ("it",))
    assert stream.getvalue() == ",".join(STABLE_COLUMNS) + "\r\n"


def test_one_row_per_published_listing_in_id_order(session):
    _add_listing(session, "bozza-di-prova", "draft", "Bozza")
    _add_listing(session, "archiviata-di-prova", "archived", "Archiviata")
    rows = _csv(session, "en")

    published = session.scalar(
        select(func.count()).select_from(Listing).where(Listing.status == "published")
    )
    assert len(rows) == published > 60
    assert [int(row["id"]) for row in rows] == sorted(int(row["id"]) for row in rows)
    assert {row["status"] for row in rows} == {"published"}
    slugs = {row["slug"] for row in rows}
    assert "bozza-di-prova" not in slugs and "archiviata-di-prova" not in slugs


def test_texts_in_the_language_asked_and_fallbacks_said(session):
    museum = session.scalar(
        select(Listing)
        .where(Listing.slug == "museo-ferrari-maranello")
        .options(selectinload(Listing.translations))
    )
    names = {t.lang: t.name for t in museum.translations}
    _add_listing(
        session,
        "vetrina-di-prova",
        "published",
        "=Vetrina",
        summary="Solo in italiano.",
        description="<p>Primo paragrafo.</p><p>Secondo <strong>paragrafo</strong>.</p>",
    )
    rows = {row["slug"]: row for row in _csv(session, "en")}

    assert rows["museo-ferrari-maranello"]["name"] == names["en"]
    assert rows["museo-ferrari-maranello"]["fallbacks"] == ""
    assert rows["museo-ferrari-maranello"]["language"] == "en"
    shop = rows["vetrina-di-prova"]
    assert shop["name"] == "'=Vetrina"  # never run as a spreadsheet formula
    assert shop["summary"] == "Solo in italiano."
    assert shop["fallbacks"] == "name: it; summary: it; description: it"
    assert shop["description"] == "Primo paragrafo.\nSecondo paragrafo."
    assert shop["themes"] == "ceramics; hospitality" and shop["tags"] == "showroom; tiles"
    assert shop["phone"] == "+39 0536 000000"  # a phone number is no formula
    assert (shop["municipality"], shop["municipality_name"]) == ("sassuolo", "Sassuolo")
    assert (shop["lat"], shop["location_approximate"], shop["price_range"]) == (
        "44.55",
        "false",
        "",
    )
    assert rows["museo-ferrari-maranello"]["source_id"] == "35658"


def test_the_cli_writes_a_spreadsheet_friendly_file(app, session, tmp_path):
    _add_listing(session, "vetrina-cli", "published", "Vetrina CLI")
    path = tmp_path / "listings-de.csv"
    result = app.test_cli_runner().invoke(args=["export", "csv", str(path), "--lang", "de"])

    assert result.exit_code == 0, result.output
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheets read UTF-8 as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    published = session.scalar(
        select(func.count()).select_from(Listing).where(Listing.status == "published")
    )
    assert len(rows) == published and f"exported {published} published listings" in result.output
    assert {row["language"] for row in rows} == {"de"}
    assert "vetrina-cli" in {row["slug"] for row in rows}

    refused = app.test_cli_runner().invoke(args=["export", "csv", str(path), "--lang", "xx"])
    assert refused.exit_code == 2 and "'xx' is not one of" in refused.output
