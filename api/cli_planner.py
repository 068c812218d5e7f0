"""Flask CLI commands of the planner: `planner optw FILE [--seconds S] [--seed N]`.

It runs the OPTW solver on a benchmark file (catalog/offers/optw_instances/), so its quality
can be measured against the literature's proven optima from the command line.
"""

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from catalog.offers.optw import read_instance, solve


def register_planner_commands(app: Flask) -> None:
    app.cli.add_command(planner_group)


planner_group = AppGroup("planner", help="The day planner's solver.")


@planner_group.command(
    "optw",
    help="Solve an orienteering-with-time-windows benchmark file and print one JSON line: "
    '{"score": total, "route": [place numbers in visiting order, without the start]}.',
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=2.0,
    show_default=True,
    help="Time budget of the search.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same route.")
def planner_optw(file: Path, seconds: float, seed: int) -> None:
    try:
        instance = read_instance(file)
    except ValueError as error:  # UnicodeDecodeError included
        raise click.ClickException(f"{file}: {error}") from error
    solution = solve(instance, seconds=seconds, seed=seed)
    score = int(solution.score) if solution.score.is_integer() else solution.score
    click.echo(json.dumps({"score": score, "route": list(solution.route)}))
