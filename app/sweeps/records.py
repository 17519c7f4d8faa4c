"""A sweep's runs as plain JSON, for the API (`report`) and for the database (`runs_to_json`,
`runs_from_json`); thumbnails' bytes travel as base64, like frames."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any

from app.sessions.encoding import jsonable
from engine.sweeps.results import summarize
from engine.sweeps.runner import RunResult
from engine.sweeps.spec import SweepSpec

__all__ = ["report", "run_from_json", "run_to_json", "varied"]


def _picture(thumbnail: Mapping[str, Any]) -> dict[str, Any]:
    data = thumbnail.get("data", b"")
    return {**thumbnail, "data": base64.b64encode(bytes(data)).decode("ascii")}


def run_to_json(result: RunResult) -> dict[str, Any]:
    """Every field of a run result; floats keep their exact value (NaN stays NaN)."""
    return {
        "index": result.index,
        "cell": result.cell,
        "seed": result.seed,
        "final": result.final,
        "curve": result.curve,
        "thumbnail": _picture(result.thumbnail),
        "cut_at": result.cut_at,
    }


def run_from_json(value: Mapping[str, Any]) -> RunResult:
    """The run result `run_to_json` wrote; KeyError/ValueError when it is not one."""
    picture = dict(value["thumbnail"])
    picture["data"] = base64.b64decode(picture["data"], validate=True)
    return RunResult(
        int(value["index"]),
        int(value["cell"]),
        int(value["seed"]),
        dict(value["final"]),
        dict(value["curve"]),
        picture,
        None if value.get("cut_at") is None else int(value["cut_at"]),
    )


def varied(body: Mapping[str, Any], spec: SweepSpec) -> tuple[list[str], dict[str, list[Any]]]:
    """The dotted paths a sweep varies, in grid order, and each one's values in order (a
    random search: the value of each cell)."""
    if isinstance(body.get("grid"), Mapping):
        grid: Mapping[str, list[Any]] = body["grid"]
        return list(grid), {path: list(values) for path, values in grid.items()}
    paths = list(spec.cells[0]) if spec.cells else []
    return paths, {path: [cell[path] for cell in spec.cells] for path in paths}


def _run(result: RunResult) -> dict[str, Any]:
    return {
        "seed": result.seed,
        "final": jsonable(result.final),
        "curve": jsonable(result.curve),
        "thumbnail": jsonable(_picture(result.thumbnail)),
    }


def report(
    spec: SweepSpec, body: Mapping[str, Any], results: Iterable[RunResult]
) -> dict[str, Any]:
    """Everything `GET /api/sweeps/{id}` answers about the results (not id or status)."""
    summary = summarize(spec, results)
    for cell in summary["cells"]:
        cell["runs"] = [_run(result) for result in cell["runs"]]
    params, values = varied(body, spec)
    answer: dict[str, Any] = jsonable({**summary, "params": params, "values": values})
    return answer
