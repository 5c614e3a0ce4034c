"""`dlmath experiment list` and `dlmath experiment NAME [--seed S] [-o DIR] [--json]`.

Exit codes: 0 the experiment ran, 3 bad input (an unknown name, an unwritable directory).
Progress goes to stderr, terminal or not; --quiet silences it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .options import UsageError, add_quiet


def add_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("experiment", help="re-run a seed's experiment; `dlmath experiment list` names them")
    run.add_argument("name", help="an experiment name, or `list`")
    run.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    run.add_argument("-o", "--output", type=Path,
                     help="directory for the plots, created if missing (default dlmath-out/NAME)")
    run.add_argument("--json", action="store_true", help="print {name, results, seed_reported} as JSON")
    run.add_argument("--reduced", action="store_true", help="the small, seconds-long configuration the tests run")
    add_quiet(run)
    run.set_defaults(handler=run_experiment)


def run_experiment(args: argparse.Namespace) -> int:
    from ..api import experiment_entry
    from ..experiment import Config, experiments, table_text
    from ..render.plain import prose  # titles and notes may carry $…$ math: shown in Unicode

    known = experiments()
    if args.name == "list":
        for entry in known.values():
            print(f"{entry.name:26s} {prose(entry.title)}")
            print(f"{'':26s}   sources: {', '.join(entry.sources)}")
        return 0
    entry = experiment_entry(args.name)  # an unknown name is the API's UnknownNameError: main prints it, exit 3
    out = args.output or Path("dlmath-out") / args.name
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write to {out}: {error.strerror}") from None
    findings = entry.run(Config(seed=args.seed, out=out, reduced=args.reduced,
                                          progress=not args.quiet))
    if args.json:
        print(json.dumps(findings.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(f"{prose(entry.title)}  ({', '.join(entry.sources)})\n")
    print(table_text(findings))
    for note in findings.notes:
        print(f"\n{prose(note)}")
    if findings.files:
        print("\nwrote " + ", ".join(str(f) for f in findings.files))
    return 0
