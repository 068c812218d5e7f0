"""Travel times: the speed-band model against published times, and the OSRM client against a fake.

Run as a module (`python -m tests.test_travel`) to time a 250-point matrix; the unit tests assert
no timings.
"""

import base64
import itertools
import json
import random
from pathlib import Path

import pytest
import yaml

from catalog.geo import Point, haversine_km
from catalog.offers.travel import (
    OsrmTravel,
    RouterUnavailable,
    SpeedBands,
    travel_from_settings,
)
from tests.fake_osrm import FakeOsrm

REFERENCES = Path(__file__).resolve().parent.parent / "catalog/offers/travel_references.yaml"
RHO_FIERA = Point(45.5206, 9.0839)  # Expo 2015 hub point (district-facts.md)
MUSEO_FERRARI = Point(44.52974, 10.86143)
BANDS = SpeedBands()


def _references() -> list[dict]:
    return yaml.safe_load(REFERENCES.read_text(encoding="utf-8"))["references"]


def _model_minutes(reference: dict) -> float:
    ends = [Point(reference[end]["lat"], reference[end]["lon"]) for end in ("from", "to")]
    return BANDS.minutes(haversine_km(*ends))


def _tolerance(minutes: float) -> float:
    """±20 % or ±5 min, whichever is larger: published times are rounded to 5–10 minutes."""
    return max(0.2 * minutes, 5.0)


def _district_points(count: int, seed: int = 7) -> list[Point]:
    """Points across the district and beyond (Milan to Bologna), reproducibly."""
    rng = random.Random(seed)
    return [Point(rng.uniform(44.40, 45.55), rng.uniform(9.05, 11.40)) for _ in range(count)]


# --- the speed-band model -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "reference", [r for r in _references() if r["kind"] != "excluded"], ids=lambda r: r["id"]
)
def test_the_model_agrees_with_every_published_reference(reference):
    model, published, kind = _model_minutes(reference), reference["minutes"], reference["kind"]
    if kind in ("typical", "free_flow"):
        assert abs(model - published) <= _tolerance(published), (model, published)
    elif kind == "range":
        low, high = published
        assert low - _tolerance(low) <= model <= high + _tolerance(high), (model, published)
    elif kind == "upper_bound":
        assert model <= published, (model, published)
    elif kind == "peak":  # the model is an off-peak time: faster than the rush hour, not absurdly
        assert 0.6 * published <= model <= published, (model, published)
    else:
        pytest.fail(f"unknown kind {kind!r}")


def test_every_reference_cites_a_source_and_exclusions_say_why():
    references = _references()
    assert 5 <= len([r for r in references if r["kind"] != "excluded"]) <= 8
    for reference in references:
        assert reference["sources"], reference["id"]
        for source in reference["sources"]:
            assert source["url"].startswith("https://") and source["says"], reference["id"]
        for end in ("from", "to"):
            assert reference[end]["coords"], reference["id"]
        if reference["kind"] == "excluded":
            assert reference["why"], reference["id"]


def test_rho_fiera_to_museo_ferrari_is_about_two_hours():
    assert 95 <= BANDS.minutes(haversine_km(RHO_FIERA, MUSEO_FERRARI)) <= 135


def test_minutes_grow_with_distance_and_the_motorway_takes_over_without_a_jump():
    times = [BANDS.minutes(km / 4) for km in range(0, 4 * 400)]
    assert times[0] == 0.0
    assert all(later > earlier for earlier, later in itertools.pairwise(times))
    crossover = BANDS.crossover_km()
    assert 15 < crossover < 60
    assert BANDS.local_minutes(crossover) == pytest.approx(BANDS.motorway_minutes(crossover))
    assert BANDS.minutes(crossover + 10) == BANDS.motorway_minutes(crossover + 10)
    assert BANDS.minutes(crossover - 10) == BANDS.local_minutes(crossover - 10)


def test_the_matrix_is_zero_on_the_diagonal_symmetric_and_the_model_per_pair():
    points = _district_points(40) + [Point(44.55167, 10.78556)] * 2  # a repeated point too
    matrix = BANDS.matrix(points)
    assert len(matrix) == len(points) and all(len(row) == len(points) for row in matrix)
    for i, a in enumerate(points):
        assert matrix[i][i] == 0.0
        for j, b in enumerate(points):
            assert matrix[i][j] == matrix[j][i]
            assert matrix[i][j] == pytest.approx(BANDS.minutes(haversine_km(a, b)), abs=1e-9)


def test_the_matrix_of_nothing_or_one_point():
    assert BANDS.matrix([]) == []
    assert BANDS.matrix([MUSEO_FERRARI]) == [[0.0]]


def test_bands_state_their_assumptions_as_json():
    stated = json.loads(json.dumps(BANDS.assumptions()))
    assert stated["model"] == "speed_bands" and stated["source"] == "estimate"
    assert stated["parameters"]["motorway_kmh"] == BANDS.motorway_kmh
    assert stated["motorway_beyond_km"] == round(BANDS.crossover_km(), 1)


@pytest.mark.parametrize("bad", [{"motorway_kmh": 0}, {"urban_kmh": -5}, {"local_detour": 0}])
def test_nonsense_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        SpeedBands(**bad)


# --- the router ---------------------------------------------------------------------------------


@pytest.fixture
def osrm():
    with FakeOsrm(speed_kmh=60.0) as fake:
        yield fake


def _router_minutes(fake: FakeOsrm, points: list[Point]) -> list[list[float]]:
    return [
        [fake.seconds((round(a.lon, 6), round(a.lat, 6)), (round(b.lon, 6), round(b.lat, 6))) / 60
         for b in points]
        for a in points
    ]  # fmt: skip


def _assert_close(matrix: list[list[float]], expected: list[list[float]]) -> None:
    assert len(matrix) == len(expected)
    for row, wanted in zip(matrix, expected, strict=True):
        assert row == pytest.approx(wanted, abs=1e-6)


def test_the_matrix_is_the_routers_durations_in_minutes(osrm):
    points = _district_points(12)
    matrix = OsrmTravel(osrm.url).matrix(points)
    _assert_close(matrix, _router_minutes(osrm, points))
    [request] = osrm.requests
    assert request["path"].startswith("/table/v1/driving/") and request["coordinates"] == 12
    assert request["query"]["annotations"] == ["duration"]


@pytest.mark.parametrize(("count", "table_size", "requests"), [(130, 100, 3), (9, 4, 10)])
def test_large_matrices_are_asked_in_blocks_and_assembled(osrm, count, table_size, requests):
    osrm.max_table_size = table_size
    points = _district_points(count, seed=count)
    matrix = OsrmTravel(osrm.url, max_table_size=table_size).matrix(points)
    _assert_close(matrix, _router_minutes(osrm, points))
    assert len(osrm.requests) == requests
    assert max(request["coordinates"] for request in osrm.requests) <= table_size


def test_without_blocks_the_router_would_refuse_the_request(osrm):
    with pytest.raises(RouterUnavailable, match="TooBig"):
        OsrmTravel(osrm.url, max_table_size=500).matrix(_district_points(130))


def test_unroutable_pairs_fall_back_to_the_speed_bands():
    island = Point(44.45, 10.7)  # the fake cannot route to or from it

    def unroutable(a, b):
        return (a == (island.lon, island.lat)) != (b == (island.lon, island.lat))

    points = [*_district_points(5), island]
    with FakeOsrm(unroutable=unroutable) as fake:
        matrix = OsrmTravel(fake.url).matrix(points)
        expected = [
            [BANDS.minutes(haversine_km(a, b)) if unroutable(*_lon_lat(a, b)) else
             fake.seconds(*_lon_lat(a, b)) / 60 for b in points]
            for a in points
        ]  # fmt: skip
    _assert_close(matrix, expected)
    assert matrix[5][0] == pytest.approx(BANDS.minutes(haversine_km(island, points[0])))
    assert matrix[5][5] == 0.0


def _lon_lat(*points: Point) -> list[tuple[float, float]]:
    return [(round(p.lon, 6), round(p.lat, 6)) for p in points]


def test_a_router_that_is_down_raises_the_domain_error():
    fake = FakeOsrm()
    fake.stop()  # never started: nothing listens on the port
    with pytest.raises(RouterUnavailable):
        OsrmTravel(fake.url, timeout=2).matrix(_district_points(3))


@pytest.mark.parametrize(("mode", "says"), [("error", "InvalidQuery"), ("not_ok", "NoTable")])
def test_a_router_that_refuses_raises_the_domain_error(mode, says):
    with FakeOsrm(mode=mode) as fake, pytest.raises(RouterUnavailable, match=says):
        OsrmTravel(fake.url).matrix(_district_points(3))


def test_a_router_that_answers_garbage_raises_the_domain_error():
    with FakeOsrm(mode="garbage") as fake, pytest.raises(RouterUnavailable):
        OsrmTravel(fake.url).matrix(_district_points(3))


def test_a_router_that_is_too_slow_raises_the_domain_error():
    with FakeOsrm(mode="slow", delay=1.0) as fake, pytest.raises(RouterUnavailable):
        OsrmTravel(fake.url, timeout=0.2).matrix(_district_points(3))


def test_one_point_needs_no_request(osrm):
    assert OsrmTravel(osrm.url).matrix([MUSEO_FERRARI]) == [[0.0]]
    assert OsrmTravel(osrm.url).matrix([]) == []
    assert osrm.requests == []


def test_credentials_go_in_a_header_and_never_into_what_is_shown(osrm):
    url = osrm.url.replace("http://", "http://planner:s%3Acret@") + "/"
    travel = OsrmTravel(url)
    travel.matrix(_district_points(3))
    expected = "Basic " + base64.b64encode(b"planner:s:cret").decode()
    assert osrm.requests[0]["authorization"] == expected
    assert osrm.requests[0]["path"].startswith("/table/")  # the trailing slash did not double
    stated = json.dumps(travel.assumptions())
    assert "cret" not in stated and "planner" not in stated and "cret" not in repr(travel)
    assert travel.assumptions()["router"] == "127.0.0.1"
    assert travel.assumptions()["source"] == "router"
    osrm.mode = "error"
    with pytest.raises(RouterUnavailable) as refused:
        travel.matrix(_district_points(3))
    assert "cret" not in str(refused.value)


def test_the_setting_chooses_the_router_or_the_bands(osrm):
    assert isinstance(travel_from_settings(None), SpeedBands)
    assert isinstance(travel_from_settings("  "), SpeedBands)
    router = travel_from_settings(f" {osrm.url} ", timeout=3)
    assert isinstance(router, OsrmTravel) and router.timeout == 3
    assert router.base_url == osrm.url
    with pytest.raises(ValueError):
        travel_from_settings("osrm.internal:5000")


def _benchmark(count: int = 250, rounds: int = 20) -> None:
    """Time the speed-band matrix the planner asks for: one per plan, start plus candidates."""
    import timeit

    points = _district_points(count)
    best = min(timeit.repeat(lambda: BANDS.matrix(points), number=1, repeat=rounds))
    print(f"SpeedBands.matrix, {count} points: best of {rounds} = {best * 1000:.1f} ms")


if __name__ == "__main__":
    _benchmark()
