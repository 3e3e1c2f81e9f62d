"""`windfall sweep MODEL --vary NAME=dist(...) -n N -o OUT`: sample, run, summarise."""

from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="run many scenarios with sampled constants; write percentile bands or all runs",
        description="Samples each --vary constant with one seeded generator, runs all "
        "scenarios (on the fast engine when it covers the model) and writes percentile "
        "bands p5/p25/p50/p75/p95 per variable and time, or every run with --all-runs.",
    )
    parser.add_argument("model", help="a .mdl or XMILE model file")
    parser.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="NAME=DIST(ARGS)",
        help="uniform(low,high), normal(mean,sd), triangular(low,mode,high); "
        "uniform() or triangular() use the declared range",
    )
    parser.add_argument("-n", type=int, default=200, help="number of scenarios (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("-o", "--out", required=True, type=Path, help="OUT.csv or OUT.parquet")
    parser.add_argument("--all-runs", action="store_true", help="write every run, not bands")
    parser.add_argument("--columns", nargs="+", help="variables to keep (default: all)")
    parser.add_argument("--chunk", type=int, default=250, help="scenarios per task")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run chunks on a Dask cluster")
    parser.set_defaults(handler=cmd_sweep)


def cmd_sweep(args) -> int:
    from windfall.core.analysis.sweep import (
        bands_frame,
        draw,
        parse_vary,
        run_sweep,
        runs_frame,
        write_table,
    )
    from windfall.core.errors import WindfallError
    from windfall.core.loading.loader import open_model
    from windfall.core.model.loaded import RunSettings

    model = open_model(args.model)
    if args.n < 1 or args.chunk < 1:
        raise WindfallError(model.path, "-n and --chunk must be at least 1")
    varies = [parse_vary(model, text) for text in args.vary]
    samples = draw(varies, args.n, args.seed)
    client = _client(model.path, args.scheduler) if args.scheduler else None
    try:
        result = run_sweep(model, samples, RunSettings(), args.columns, args.chunk, client)
    finally:
        if client is not None:
            client.close()
    frame = runs_frame(*result) if args.all_runs else bands_frame(*result)
    write_table(frame, args.out)
    print(f"{args.n} scenarios of {model.path.name} ({model.engine} engine) -> {args.out}")
    return 0


def _client(model_path, address: str):
    from windfall.core.errors import WindfallError

    try:
        from dask.distributed import Client
    except ImportError:
        raise WindfallError(
            model_path, "--scheduler needs Dask: pip install 'windfall[cluster]'"
        ) from None
    try:
        return Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise WindfallError(model_path, f"cannot reach Dask scheduler {address} ({exc})") from exc
