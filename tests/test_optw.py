"""The OPTW solver: the benchmark parser, the feasibility checker, and the solver's routes,
which must be feasible, reproducible and within 5% of the literature's proven optima."""

import json
import random

import pytest

from catalog.offers.optw import (
    INSTANCES,
    Instance,
    Place,
    TruncatedEuclidean,
    check_route,
    parse_instance,
    read_instance,
    solve,
)

OPTIMA = {"c101": 320, "r101": 198, "pr01": 308}
"""Righini & Salani (2009), exact dynamic programming; see optw_instances/README.md."""


def _places_on_a_line(*places: tuple[float, float, float, float, float]) -> tuple[Place, ...]:
    """(x, duration, score, opens, closes) per place, numbered from 1, all on the x axis."""
    return tuple(Place(n, x, 0.0, d, s, o, c) for n, (x, d, s, o, c) in enumerate(places, 1))


def _instance(places: tuple[Place, ...], deadline: float) -> Instance:
    return Instance(Place(0, 0, 0, 0, 0, 0, deadline), places, 0.0, deadline, TruncatedEuclidean(1))


def test_the_benchmark_files_parse_with_the_start_window_as_start_and_budget():
    c101, r101, pr01 = (read_instance(INSTANCES / f"{name}.txt") for name in OPTIMA)
    assert [len(i.places) for i in (c101, r101, pr01)] == [100, 100, 48]
    assert [(i.start.number, i.start_time, i.deadline) for i in (c101, r101, pr01)] == [
        (0, 0, 1236), (0, 0, 230), (0, 0, 1000),
    ]  # fmt: skip
    first = c101.places[0]
    assert (first.number, first.x, first.y, first.duration, first.score) == (1, 45, 68, 90, 10)
    assert (first.opens, first.closes) == (912, 967)
    # pr lines carry a variable list before the window, and CRLF endings.
    assert pr01.places[-1] == Place(48, 42.883, -2.966, 17, 10, 98, 233)
    assert [p.number for p in pr01.places] == list(range(1, 49))


def test_travel_is_the_distance_cut_to_one_decimal_or_two_for_pr_files():
    c101 = read_instance(INSTANCES / "c101.txt")
    assert c101.travel(c101.start, c101.places[0]) == 18.6  # √349 = 18.68…
    pr01 = read_instance(INSTANCES / "pr01.txt")
    assert pr01.travel(pr01.start, pr01.places[0]) == 48.16  # 48.1674…


def test_a_file_that_is_not_an_instance_is_refused():
    with pytest.raises(ValueError, match="expected"):
        parse_instance("1 1 3 1\n0 200\n 0 0 0 0 0 0 0 0 100\n 1 1 1 1 1 1 1 1 0 50\n", 1)
    with pytest.raises(ValueError, match="format"):
        parse_instance("not an instance\n", 1)


def test_the_checker_recomputes_arrival_wait_and_start():
    places = _places_on_a_line((30, 10, 5, 50, 60), (40, 10, 7, 0, 100))
    check = check_route(_instance(places, 200), [1, 2])
    assert check.feasible and check.score == 12
    first, second = check.visits
    assert (first.arrival, first.wait, first.start, first.departure) == (30, 20, 50, 60)
    assert (second.arrival, second.start, second.departure) == (70, 70, 80)
    assert check.back == 120


def test_the_checker_catches_a_late_start():
    places = _places_on_a_line((30, 10, 5, 0, 50), (60, 10, 5, 0, 60))
    check = check_route(_instance(places, 500), [1, 2])
    assert not check.feasible
    assert check.violations == ("2 starts at 70, after its latest start 60",)


def test_the_checker_catches_a_route_over_budget():
    places = _places_on_a_line((30, 10, 5, 0, 50))
    check = check_route(_instance(places, 60), [1])
    assert check.violations == ("back at 70, after the deadline 60",)
    assert check_route(_instance(places, 70), [1]).feasible


def test_the_checker_catches_repeats_and_strangers():
    places = _places_on_a_line((1, 1, 5, 0, 50))
    check = check_route(_instance(places, 100), [1, 1, 9])
    assert check.violations == ("1 is visited twice", "9 is not a place of the instance")
    assert check.score == 5


def _random_instance(rng: random.Random, count: int) -> Instance:
    places = []
    for number in range(1, count + 1):
        opens = rng.uniform(0, 200)
        places.append(
            Place(number, rng.uniform(0, 100), rng.uniform(0, 100), rng.choice([3, 5, 10]),
                  rng.randint(1, 30), opens, opens + rng.choice([5, 20, 60, 200]))
        )  # fmt: skip
    start = Place(0, 50, 50, 0, 0, 0, 250)
    return Instance(start, tuple(places), 0.0, rng.choice([100, 250]), TruncatedEuclidean(1))


def _optimum(instance: Instance) -> float:
    """Exact by dynamic programming: per (set visited, last place) the earliest departure, which
    dominates every later one since waiting is allowed. No pruning on the way back: a matrix
    need not obey the triangle inequality."""
    places, travel = instance.places, instance.travel
    best, layer = 0.0, {(0, -1): instance.start_time}
    while layer:
        following = {}
        for (visited, last), clock in layer.items():
            here = instance.start if last < 0 else places[last]
            for index, place in enumerate(places):
                start = max(clock + travel(here, place), place.opens)
                done = start + place.duration
                if visited >> index & 1 or start > place.closes + 1e-6:
                    continue
                key = (visited | 1 << index, index)
                following[key] = min(following.get(key, done), done)
                if done + travel(place, instance.finish) <= instance.deadline + 1e-6:
                    total = sum(p.score for i, p in enumerate(places) if key[0] >> i & 1)
                    best = max(best, total)
        layer = following
    return best


def test_routes_are_feasible_and_optimal_on_small_random_instances():
    rng = random.Random(2015)
    for _ in range(30):
        instance = _random_instance(rng, 12)
        solution = solve(instance, seconds=10, iterations=100)
        check = check_route(instance, solution.route)
        assert check.feasible, check.violations
        assert check.score == solution.score == _optimum(instance)


def test_travel_may_be_an_asymmetric_matrix_and_the_day_may_end_elsewhere():
    rng = random.Random(9)
    for _ in range(10):
        instance = _random_instance(rng, 10)
        matrix = [[rng.uniform(5, 60) for _ in range(12)] for _ in range(12)]
        end = Place(11, 0, 0, 0, 0, 0, instance.deadline)
        instance = Instance(
            instance.start, instance.places, 0.0, instance.deadline,
            lambda a, b, matrix=matrix: matrix[a.number][b.number], end,
        )  # fmt: skip
        solution = solve(instance, seconds=10, iterations=100)
        check = check_route(instance, solution.route)
        assert check.feasible and check.score == solution.score == _optimum(instance)


def test_routes_are_feasible_on_larger_random_instances_with_an_end_elsewhere():
    rng = random.Random(2024)
    for _ in range(5):
        instance = _random_instance(rng, 40)
        instance = Instance(
            instance.start,
            instance.places,
            0.0,
            250,
            instance.travel,
            Place(99, 0, 0, 0, 0, 0, 250),
        )
        solution = solve(instance, seconds=10, iterations=30)
        check = check_route(instance, solution.route)
        assert check.feasible and check.score == solution.score and solution.route


def test_the_same_seed_gives_the_same_route():
    instance = read_instance(INSTANCES / "r101.txt")
    first, again = (solve(instance, seconds=30, seed=7, iterations=60) for _ in range(2))
    assert first.route == again.route and first.iterations == again.iterations == 60


@pytest.mark.parametrize("name", sorted(OPTIMA))
def test_the_score_is_within_five_percent_of_the_proven_optimum(name):
    instance = read_instance(INSTANCES / f"{name}.txt")
    # The rounds end the search (deterministic) well before the clock on any CI machine.
    solution = solve(instance, seconds=10, iterations=400)
    check = check_route(instance, solution.route)
    assert check.feasible, check.violations
    assert check.score == solution.score >= 0.95 * OPTIMA[name]
    assert solution.seconds <= 10


def test_the_cli_prints_one_json_line_with_a_feasible_route(app):
    path = INSTANCES / "pr01.txt"
    result = app.test_cli_runner().invoke(args=["planner", "optw", str(path), "--seconds", "0.5"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1
    answer = json.loads(result.output)
    assert set(answer) == {"score", "route"}
    check = check_route(read_instance(path), answer["route"])
    assert check.feasible and check.score == answer["score"] >= 0.95 * OPTIMA["pr01"]


def test_the_cli_refuses_a_file_that_is_no_instance(app, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not an instance\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["planner", "optw", str(path)])
    assert result.exit_code == 1 and "not the OPTW benchmark format" in result.output


def test_a_group_is_visited_at_most_once_and_scores_once():
    """Two openings of one museum (a group) and two restaurants of one lunch (another group):
    the solver takes one of each, the best it can fit, and the checker refuses a second."""
    morning = Place(1, 2, 0, 5, 10, 0, 20, group=1)
    afternoon = Place(2, 2, 0, 5, 10, 40, 60, group=1)
    near_table = Place(3, 3, 0, 5, 4, 0, 100, group=2)
    far_table = Place(4, 9, 0, 5, 5, 0, 100, group=2)
    instance = _instance((morning, afternoon, near_table, far_table), 100.0)
    solution = solve(instance, seconds=1.0, iterations=50)
    check = check_route(instance, solution.route)
    assert check.feasible
    assert check.score == solution.score == 15  # one opening, the better table
    assert len({1, 2} & set(solution.route)) == 1 and 4 in solution.route
    twice = check_route(instance, (1, 2))
    assert not twice.feasible and twice.score == 10
    assert "second visit of group 1" in twice.violations[0]
