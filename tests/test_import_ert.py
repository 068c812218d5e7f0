"""The Emilia-Romagna Turismo importer on the real files in seeds/ert/, and on messy copies."""

import re
import shutil

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from catalog.data.importers import ImportAborted, import_ert
from catalog.data.importers.cleaning import parse_coordinate, strip_status_words
from catalog.data.importers.decoding import decode, repair_mojibake
from catalog.models import Listing, Municipality, Organisation, Revision
from catalog.settings import PROJECT_ROOT

ERT = PROJECT_ROOT / "seeds" / "ert"
AUTHOR = "importer: Emilia-Romagna Turismo"
SOURCE = "Emilia-Romagna Turismo — APT Servizi"
# The records of the real files located in the six towns (ERT ids), by file.
IN_DISTRICT = {
    "aree_archeologiche.csv": {"35572"},
    "golf.csv": {"35636"},
    "motor_valley.csv": {"35658", "35675"},
    "terme.csv": {"35698"},
    "iat.csv": {"61459", "61463", *(str(n) for n in range(61523, 61535))},
}
SAME_PLACE_AS_GOLF = "61530"  # iat.csv repeats the golf club of golf.csv as an info point
HEADER = (
    "id,code,name,info,description,location_address,location_number,location_city,"
    "location_localita,location_province,location_destination,location_cap,location_lat,"
    "location_lng,contacts_telephone,contacts_email,contacts_website,created_at,updated_at"
)


def _ert_listings(session) -> dict[str, list[Listing]]:
    found: dict[str, list[Listing]] = {}
    query = select(Listing).options(selectinload(Listing.translations))
    for listing in session.scalars(query):
        source = listing.source or {}
        if source.get("name") == SOURCE:
            found.setdefault(str(source["id"]), []).append(listing)
    return found


def _by_source(session, source_id: str) -> Listing:
    (listing,) = _ert_listings(session)[source_id]
    return listing


def _texts(listing: Listing) -> dict:
    return {t.lang: (t.name, t.summary, t.description) for t in listing.translations}


def _town_of(session, listing: Listing) -> str:
    return session.scalar(
        select(Municipality.slug).where(Municipality.id == listing.municipality_id)
    )


def _importer_revisions(session) -> int:
    return session.scalar(select(func.count()).where(Revision.author == AUTHOR))


def test_the_records_of_the_six_towns_are_imported_once_each(session):
    seeded = set(_ert_listings(session))
    report = import_ert(session, [ERT])
    in_district = set().union(*IN_DISTRICT.values())

    imported = {
        i.source_id for outcome in ("created", "updated", "unchanged") for i in report.all(outcome)
    }
    assert imported == in_district - {SAME_PLACE_AS_GOLF}
    assert {i.source_id for i in report.all("created")} == in_district - seeded - {
        SAME_PLACE_AS_GOLF
    }
    assert {i.source_id for i in report.all("created")} == {
        "61524", "61525", "61526", "61528", "61531", "61533",
    }  # fmt: skip
    for report_file in report.files:
        touched = {
            i.source_id
            for o in ("created", "updated", "unchanged")
            for i in getattr(report_file, o)
        }
        assert touched <= IN_DISTRICT.get(report_file.name, set()), report_file.name
    # Every record of the district is one listing, none twice.
    listings = _ert_listings(session)
    assert {source_id for source_id in in_district if source_id in listings} == imported
    assert [source_id for source_id, found in listings.items() if len(found) > 1] == []
    counts = report.counts()
    assert counts["outside"] == 420
    assert counts["created"] + counts["updated"] + counts["unchanged"] == 18


def test_the_ferrari_museum_is_matched_by_its_source_id_and_keeps_its_texts(session):
    museum = _by_source(session, "35658")
    texts, status, version = _texts(museum), museum.status, museum.version
    report = import_ert(session, [ERT / "motor_valley.csv"])

    session.expire_all()
    assert _by_source(session, "35658").id == museum.id
    museum = session.scalar(
        select(Listing).where(Listing.id == museum.id).options(selectinload(Listing.translations))
    )
    assert museum.slug == "museo-ferrari-maranello"
    # A precise point already on the listing is kept (ERT's is Maranello's generic point).
    assert (museum.lat, museum.lon, museum.location_approximate) == (44.52974, 10.86143, False)
    assert museum.address == "Via Dino Ferrari 43, Maranello (MO)"
    assert museum.contacts == {
        "website": "https://www.ferrari.com/en-EN/museums",
        "phone": "+39 0536 949713",
        "email": "museo@ferrari.com",
    }
    assert museum.source == {
        "name": SOURCE,
        "id": "35658",
        "url": "https://www.ferrari.com/en-EN/museums",
        "licence": "CC BY 4.0",
        "attribution": "Fonte: Emilia-Romagna Turismo — APT Servizi, CC BY 4.0",
    }
    assert _texts(museum) == texts and museum.status == status
    assert museum.version == version + 1
    (updated,) = report.all("updated")
    assert updated.slug == "museo-ferrari-maranello"
    assert set(updated.changes) == {
        "contacts.website", "location.address",
    }  # fmt: skip
    revision = session.scalar(
        select(Revision)
        .where(Revision.entity_id == museum.id, Revision.author == AUTHOR)
        .order_by(Revision.number.desc())
    )
    assert revision.action == "import" and revision.user_id is None
    assert revision.changes["location"][1]["lat"] == 44.52974  # the point stays


def test_the_tourist_offices_of_maranello_and_sassuolo(session):
    import_ert(session, [ERT / "iat.csv"])
    session.expire_all()
    for source_id, town, point in (
        ("61459", "maranello", (44.5301183, 10.8585767)),  # "44,5301183" in the file
        ("61463", "sassuolo", (44.5423588, 10.7777462)),
    ):
        office = _by_source(session, source_id)
        assert office.kind == "service", source_id
        assert (office.lat, office.lon) == point
        assert _town_of(session, office) == town
        names = {t.lang: t.name for t in office.translations}
        assert "Ufficio Informazioni e Accoglienza Turistica" in names["it"]
        assert office.source["url"].startswith("https://maps.app.goo.gl/")


def test_created_listings_are_drafts_of_the_town_office_with_only_an_italian_name(session):
    report = import_ert(session, [ERT / "iat.csv"])
    created = {item.source_id: item.slug for item in report.all("created")}
    assert created["61524"] == "kika-maranello"

    kika = _by_source(session, "61524")
    office = session.get(Organisation, kika.owner_id)
    assert (kika.status, office.slug, kika.kind) == ("draft", "maranello", "service")
    assert _texts(kika) == {"it": ("Kika", None, None)}
    assert kika.address == "Via Claudia 212, Maranello (MO)"
    assert kika.source == {
        "name": SOURCE,
        "id": "61524",
        "licence": "CC BY 4.0",
        "attribution": "Fonte: Emilia-Romagna Turismo — APT Servizi, CC BY 4.0",
    }
    tigli = _by_source(session, "61533")  # "Il profumo dei Tigli B&B": a place to stay
    assert tigli.kind == "accommodation"
    assert session.get(Organisation, tigli.owner_id).slug == "formigine"
    (revision,) = session.scalars(select(Revision).where(Revision.entity_id == kika.id))
    assert (revision.author, revision.action, revision.number) == (AUTHOR, "import", 1)
    assert revision.snapshot["translations"]["it"]["name"] == "Kika"


def test_publish_publishes_what_it_creates(session):
    import_ert(session, [ERT / "iat.csv"], publish=True)
    assert _by_source(session, "61524").status == "published"
    assert _by_source(session, "61463").status == "published"  # seeded; status untouched


def test_a_point_shared_by_different_addresses_is_approximate_and_moves_nothing(session):
    fenice = _by_source(session, "61534")  # seeded at the town centre, approximate
    point = (fenice.lat, fenice.lon, fenice.location_approximate)
    report = import_ert(session, [ERT / "iat.csv"])

    assert (fenice.lat, fenice.lon, fenice.location_approximate) == point
    casa_rossa = _by_source(session, "61528")  # the same point as La Fenice in the file
    assert (casa_rossa.lat, casa_rossa.lon) == (44.5727194, 10.847694)
    assert casa_rossa.location_approximate is True
    assert {str(note) for note in report.all("notes")} == {
        "iat.csv:172: the source gives this point to other addresses too: taken as approximate",
        "iat.csv:178: the source gives this point to other addresses too: taken as approximate",
    }


def test_an_address_that_already_says_the_street_keeps_its_wording(session):
    farm = _by_source(session, "61523")  # "Via S.Antonio" in the file
    import_ert(session, [ERT / "iat.csv"])
    assert farm.address == "Via S. Antonio 2, 41053 Maranello (MO)"


def test_known_bad_rows_are_rejected_with_file_line_and_reason(session):
    report = import_ert(session, [ERT])
    rejected = [str(issue) for issue in report.all("rejected")]
    assert len(rejected) == 30
    assert "motor_valley.csv:3: 18 fields where the header has 19 (shifted columns)" in rejected
    assert "aree_archeologiche.csv:80: 16 fields where the header has 19 (shifted columns)" in (
        rejected
    )
    # luoghi_verdiani.csv: the header lacks contacts_email, the rows after the first have it.
    assert "luoghi_verdiani.csv:3: 19 fields where the header has 18 (shifted columns)" in rejected
    skipped = [str(issue) for issue in report.all("skipped")]
    assert skipped == [
        "iat.csv:174: ERT 61530 'Modena Golf & Country Club A.s.d.' is the same place as "
        "listing modena-golf-country-club (ERT 35636): not imported twice",
        "localities.csv:1: 406 records of pictures of towns: the catalogue keeps no media on "
        "municipalities",
    ]
    encodings = {f.name: f.encoding for f in report.files}
    assert encodings["iat.csv"] == "cp1252" and encodings["luoghi_verdiani.csv"] == "utf-8"


def test_a_second_run_changes_nothing(session):
    first = import_ert(session, [ERT])
    revisions = _importer_revisions(session)
    versions = dict(session.execute(select(Listing.slug, Listing.version)).all())

    second = import_ert(session, [ERT])
    assert (second.counts()["created"], second.counts()["updated"]) == (0, 0)
    assert second.counts()["unchanged"] == sum(
        first.counts()[outcome] for outcome in ("created", "updated", "unchanged")
    )
    assert second.counts()["rejected"] == first.counts()["rejected"]
    assert _importer_revisions(session) == revisions
    assert dict(session.execute(select(Listing.slug, Listing.version)).all()) == versions


def _messy_rows() -> list[str]:
    return [
        # decimal commas, HTML and entities, a status word, "+39" as a phone
        '90001,motor_valley,"Museo di Prova - CHIUSO",,'
        '"<p>Visite&nbsp;su <b>appuntamento</b>.</p>","via Radici in Piano",5,SASSUOLO,,'
        'Modena,,41049,"44,53","10,78","+39",,'
        "https://example.org/museo,,",
        # mojibake from a double encoding, a city written with an accent and other case
        '90002,terme,"CaffÃ¨ Termale",,,,,"fiorano modenése",,Modena,,,44.53,10.84,,,,,',
        # no coordinates at all: the town centre, approximate
        "90003,golf,Golf senza punto,,,,,Formigine,,Modena,,,,,,,,,",
        # outside the district box, shifted coordinates, an unknown category
        "90004,golf,Golf lontano,,,,,Maranello,,Modena,,,45.05,9.69,,,,,",
        "90005,golf,Golf storto,,,,,Maranello,,Modena,,,Modena,10.8,,,,,",
        "90006,parchi_divertimento,Luna park,,,,,Scandiano,,Reggio Emilia,,,44.6,10.69,,,,,",
        # the same id twice; a town outside the district
        "90001,golf,Doppione,,,,,Sassuolo,,Modena,,,44.53,10.78,,,,,",
        "90007,golf,Golf di Modena,,,,,Modena,,Modena,,,44.64,10.92,,,,,",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_messy_rows_are_repaired_or_rejected_with_a_reason(session, tmp_path, encoding):
    rows = _messy_rows()
    if encoding == "cp1252":  # a Windows file cannot hold the mojibake row's bytes as UTF-8
        rows[1] = rows[1].replace("CaffÃ¨", "Caffè")
    path = tmp_path / "messy.csv"
    path.write_bytes("\r\n".join([HEADER, *rows, ""]).encode(encoding))

    report = import_ert(session, [path], publish=True)

    (file_report,) = report.files
    assert file_report.encoding == encoding
    assert file_report.outside == 1
    assert [str(issue) for issue in file_report.rejected] == [
        "messy.csv:5: the point 45.05, 9.69 is outside the district "
        "(lat 44.45–44.7, lon 10.6–10.97)",
        "messy.csv:6: location_lat is 'Modena', not a number (shifted columns?)",
        "messy.csv:7: no kind and theme for the category 'parchi_divertimento'",
        "messy.csv:8: ERT id 90001 already read at messy.csv:2",
    ]
    closed = _by_source(session, "90001")
    assert closed.status == "draft"  # closed: never published, even with --publish
    assert _texts(closed)["it"] == ("Museo di Prova", None, "Visite su appuntamento.")
    assert (closed.lat, closed.lon) == (44.53, 10.78)
    assert closed.contacts == {"website": "https://example.org/museo"}
    assert closed.address == "Via Radici in Piano 5, 41049 Sassuolo (MO)"
    cafe = _by_source(session, "90002")
    assert _texts(cafe)["it"][0] == "Caffè Termale" and cafe.status == "published"
    assert cafe.kind == "experience"
    centre = _by_source(session, "90003")
    formigine = session.scalar(select(Municipality).where(Municipality.slug == "formigine"))
    assert centre.location_approximate is True
    assert (centre.lat, centre.lon) == (formigine.lat, formigine.lon)
    notes = [str(note) for note in file_report.notes]
    assert "messy.csv:2: phone '+39' left out: not a usable phone" in notes
    assert "messy.csv:2: 'Museo di Prova' is closed according to the source: a draft" in notes
    assert "messy.csv:4: no coordinates: placed at the town centre (approximate)" in notes


def _corrupt(path, how: str) -> None:
    lines = path.read_bytes().split(b"\r\n")
    middle = len(lines) // 2
    if how == "truncated row":
        path.write_bytes(b"\r\n".join([*lines[:middle], lines[middle][:60]]))
    elif how == "invalid bytes":
        lines[middle] = lines[middle][:30] + b"\x81\x8d" + lines[middle][30:]
        path.write_bytes(b"\r\n".join(lines))
    else:  # NUL bytes, as a disk or a transfer leaves them
        lines[middle] = b"\x00" * 8 + lines[middle]
        path.write_bytes(b"\r\n".join(lines))


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("truncated row", r"motor_valley\.csv:23: .*truncated"),
        ("invalid bytes", r"motor_valley\.csv:23: invalid byte 0x81"),
        ("nul bytes", r"motor_valley\.csv:23: control character U\+0000"),
    ],
)
def test_a_file_corrupted_halfway_leaves_nothing_of_the_run(app, session, tmp_path, how, reason):
    museum = _by_source(session, "35658")
    point = (museum.lat, museum.lon)
    revisions = _importer_revisions(session)
    broken = tmp_path / "motor_valley.csv"
    shutil.copy(ERT / "motor_valley.csv", broken)
    _corrupt(broken, how)

    # iat.csv comes first: its listings are written before the broken file is read.
    result = app.test_cli_runner().invoke(args=["import", "ert", str(ERT / "iat.csv"), str(broken)])

    assert result.exit_code == 1, result.output
    assert re.search(reason, result.output), result.output
    assert "nothing was written" in result.output
    session.expire_all()
    assert "61524" not in _ert_listings(session)  # created from iat.csv, then rolled back
    museum = session.get(Listing, museum.id)
    assert (museum.lat, museum.lon) == point
    assert _importer_revisions(session) == revisions


def test_the_cli_commits_the_run_and_a_dry_run_nothing(app, session):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["import", "ert", str(ERT), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "total: 6 created, 1 updated, 11 unchanged, 30 rejected, 2 skipped" in dry.output
    assert "motor_valley.csv:3: 18 fields where the header has 19" in dry.output
    assert dry.output.rstrip().endswith("dry run: nothing was written")
    session.expire_all()
    assert "61524" not in _ert_listings(session)

    real = runner.invoke(args=["import", "ert", str(ERT / "iat.csv"), "--publish"])
    assert real.exit_code == 0, real.output
    assert "created    kika-maranello (ERT 61524, line 168)" in real.output
    session.expire_all()
    assert _by_source(session, "61524").status == "published"


def test_a_file_that_is_not_an_ert_dump_stops_the_run(session, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportAborted, match="not an Emilia-Romagna Turismo dump"):
        import_ert(session, [path])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Parco Avventura Valtrebbia - CHIUSO", ("Parco Avventura Valtrebbia", True)),
        (
            "Centro Termale Baistrocchi - MOMENTANEAMENTE CHIUSO",
            ("Centro Termale Baistrocchi", True),
        ),
        ("Museo della Bilancia (chiuso)", ("Museo della Bilancia", True)),
        ("Rocca CHIUSO", ("Rocca", True)),
        ("CHIUSO - Torre", ("Torre", True)),
        ("Ristorante Il Chiuso", ("Ristorante Il Chiuso", False)),
        ("Museo Ferrari", ("Museo Ferrari", False)),
    ],
)
def test_status_words_are_taken_out_of_names(name, expected):
    assert strip_status_words(name) == expected


def test_coordinates_take_a_decimal_comma_and_refuse_words():
    assert parse_coordinate("44,5301183") == 44.5301183
    assert parse_coordinate(" 10.8585767 ") == 10.8585767
    assert parse_coordinate("") is None
    with pytest.raises(ValueError):
        parse_coordinate("Modena")


def test_encodings_are_detected_per_file_and_mojibake_repaired():
    assert decode("Città".encode(), "a.csv") == ("Città", "utf-8")
    assert decode("Città".encode("cp1252"), "a.csv") == ("Città", "cp1252")
    assert repair_mojibake("CaffÃ¨ e cittÃ\xa0, lâ€™Emilia") == "Caffè e città, l’Emilia"
    assert repair_mojibake("Caffè già così") == "Caffè già così"
    with pytest.raises(ImportAborted, match=r"a.csv:2: invalid byte 0x81"):
        decode(b"id\n\x81\n", "a.csv")
