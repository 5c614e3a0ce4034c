"""`dlmath list`, `dlmath derive` and `dlmath book`: the catalog as a reader sees it.

Exit codes: derive and book return 0 when every step is proved, 1 when some
step is not (derive only with --check), 3 for bad input (an unknown
derivation, a bad parameter, an -o file whose suffix names no format or
contradicts --format, an -o file in a directory that does not exist, a book
-o that is an existing file, a file that cannot be written). Outputs are
checked before any derivation is built.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .names import DEFAULT_DEPTH, DEFAULT_FORMAT, SUFFIXES
from .options import UsageError, add_depth, add_quiet

if TYPE_CHECKING:
    from ..derivation import Derivation
    from ..experiment import Experiment, Findings

BOOK_DIRECTORY = Path("dlmath-out/book")


def add_commands(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("list", help="the derivations of the catalog, with their sources")
    listing.set_defaults(handler=run_list)
    derive = commands.add_parser("derive", help="show one derivation, every step machine-checked")
    derive.add_argument("name", help="a name from `dlmath list`")
    derive.add_argument("--format", choices=sorted(SUFFIXES),
                        help=f"default: from the -o file's suffix ({_suffixes()}), else {DEFAULT_FORMAT}")
    derive.add_argument("-o", "--output", type=Path,
                        help="write to this file instead of the terminal (its directory must exist)")
    derive.add_argument("--check", action="store_true", help="exit 1 if any step is not proved")
    derive.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter of the derivation (see `dlmath list`)")
    derive.add_argument("--layers", help="layer sizes for `backprop`, e.g. 12,3,2 (same as --param layers=…)")
    add_depth(derive, DEFAULT_DEPTH)
    derive.set_defaults(handler=run_derive)
    book = commands.add_parser("book", help="every derivation in one document: book.tex, book.pdf, book.html")
    book.add_argument("-o", "--output", type=Path, default=BOOK_DIRECTORY,
                      help=f"directory, created with its parents if missing (default {BOOK_DIRECTORY})")
    add_depth(book, DEFAULT_DEPTH)
    book.add_argument("--full", action="store_true",
                      help="run the experiments in their full configuration (default: reduced, seconds each)")
    add_quiet(book)
    book.set_defaults(handler=run_book)


def _suffixes() -> str:
    return ", ".join(f"{suffix} {name}" for name, suffix in SUFFIXES.items())


def _format(args: argparse.Namespace) -> str:
    """--format when given; else the format the -o file's suffix names; else the default (text).

    A --format that contradicts a known suffix (-o s.html --format tex) is a usage error: one of the
    two is a mistake. An unknown suffix is fine with --format (the user chose), else a usage error.
    """
    named = _format_of(args.output) if args.output is not None else None
    if args.format:
        if named is not None and args.output.suffix and named != args.format:
            raise UsageError(f"--format {args.format} contradicts the suffix of {args.output} ({named}); "
                             "drop --format or change the suffix")
        return str(args.format)
    if args.output is None:
        return DEFAULT_FORMAT
    if named is None:
        raise UsageError(f"cannot tell the format of {args.output} from its suffix {args.output.suffix!r} "
                         f"({_suffixes()}); give --format")
    return named


def _format_of(path: Path) -> str | None:
    """The format a file's suffix names ('s.html' -> 'html'; no suffix -> the default), None for another suffix."""
    if not path.suffix:
        return DEFAULT_FORMAT
    return next((name for name, suffix in SUFFIXES.items() if suffix == path.suffix.lower()), None)


def _check_file_output(path: Path) -> None:
    """-o FILE: its directory must exist (we do not create directories the user did not choose)."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give a file name, e.g. {path / 'derivation.tex'}")
    if not path.parent.is_dir():
        raise UsageError(f"directory {path.parent} does not exist")


def run_list(args: argparse.Namespace) -> int:
    from ..core import catalog
    from ..render.plain import prose  # titles and help may carry $…$ math: shown in Unicode

    for entry in catalog().values():
        print(f"{entry.name:28s} {prose(entry.title)}")
        sources = entry.sources or tuple(str(source.document) for source in entry.build().sources)
        print(f"{'':28s}   sources: {', '.join(sources)}")
        for name, help_text in entry.parameters.items():
            print(f"{'':28s}   --param {name}=…  {prose(help_text)}")
    return 0


def _parameters(name: str, pairs: list[str]) -> dict[str, str]:
    from ..api import catalog_entry

    entry = catalog_entry(name)  # an unknown name is the API's UnknownNameError: main prints it, exit 3
    parameters = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in entry.parameters:
            known = ", ".join(entry.parameters) or "none"
            raise UsageError(f"bad parameter {pair!r} for {name} (its parameters: {known})")
        parameters[key] = value
    return parameters


def run_derive(args: argparse.Namespace) -> int:
    from ..core import build
    from ..render.formats import RENDERERS

    parameters = _parameters(args.name, args.param + ([f"layers={args.layers}"] if args.layers else []))
    fmt = _format(args)
    if args.output:
        _check_file_output(args.output)
    try:
        derivation = build(args.name, **parameters)
    except ValueError as error:
        raise UsageError(f"{args.name}: {error}") from None
    text = RENDERERS[fmt].render(derivation, args.depth)
    if args.output:
        _write(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text)
    if args.check and not derivation.proved:
        print(f"dlmath derive: {len(derivation.unproved)} step(s) of {args.name} are not proved", file=sys.stderr)
        return 1
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None


def build_all(show_progress: bool = True) -> list[Derivation]:
    """Build (and so check) every derivation, with one progress line on stderr per derivation built."""
    from ..core import catalog

    entries = list(catalog().values())
    built = []
    for number, entry in enumerate(entries, start=1):
        start = time.perf_counter()
        derivation = entry.build()
        built.append(derivation)
        if show_progress:  # a line each, terminal or not: `dlmath book 2>log` shows the work as it happens
            steps, unproved = len(derivation.all_steps()), len(derivation.unproved)
            print(f"[{number}/{len(entries)}] {entry.name} … {steps - unproved} of {steps} steps proved "
                  f"({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)
    return built


def _check_book_output(out: Path) -> None:
    """The book's directory: it may not exist yet (book creates it), but it must not be a file."""
    for path in (out, *out.parents):
        if path.exists():
            if path == out and not path.is_dir():
                raise UsageError(f"{out} is a file; -o names the book's directory (book.tex, book.html go in it)")
            if not path.is_dir():
                raise UsageError(f"{path} is a file, so the book's directory {out} cannot be created")
            return


def run_book(args: argparse.Namespace) -> int:
    from ..render import htmlbook, texbook
    from ..render.outline import shown_totals, totals

    out: Path = args.output
    _check_book_output(out)
    derivations = build_all(show_progress=not args.quiet)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create {out}: {error.strerror}") from None
    ran = run_experiments(out / "experiments", full=args.full, show_progress=not args.quiet)
    _write(out / "book.tex", texbook.book(derivations, args.depth, ran, base=out))
    _write(out / "book.html", htmlbook.book(derivations, args.depth, ran))
    written = [out / "book.tex", out / "book.html"]
    pdf = compile_pdf(out / "book.tex")
    if pdf:
        written.append(pdf)
    unproved = sum(len(d.unproved) for d in derivations)
    shown = shown_totals(derivations, args.depth, "in the appendix")
    print(totals(derivations) + (f"; {shown}" if shown else ""))
    print("wrote " + ", ".join(str(p) for p in written))
    return 1 if unproved else 0


def run_experiments(out: Path, full: bool, show_progress: bool = True) -> list[tuple[Experiment, Findings]]:
    """Every experiment, reduced unless `full`, its plots under out/NAME; a progress line each on stderr."""
    from ..experiment import Config, experiments

    ran = []
    entries = list(experiments().values())
    for number, entry in enumerate(entries, start=1):
        start = time.perf_counter()
        folder = out / entry.name
        folder.mkdir(parents=True, exist_ok=True)
        ran.append((entry, entry.run(Config(out=folder, reduced=not full, progress=False))))
        if show_progress:
            print(f"[experiment {number}/{len(entries)}] {entry.name} … {time.perf_counter() - start:.1f} s",
                  file=sys.stderr, flush=True)
    return ran


RUNS = 4  # pdflatex passes at most: the contents, then the page references, then once more if the pages moved


def compile_pdf(tex: Path) -> Path | None:
    """book.pdf (and its pdflatex log, book.log) next to book.tex when pdflatex is installed.

    Run until the page references settle (the contents shift the pages once more: pdflatex says "Rerun to get
    cross-references right"), at most RUNS times, in the book's directory so that its figures' relative paths
    resolve.
    """
    if shutil.which("pdflatex") is None:
        print("dlmath book: pdflatex not found; wrote book.tex without book.pdf", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as work:
        for number in range(RUNS):
            run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"-output-directory={work}",
                                  tex.name], cwd=tex.parent, capture_output=True, text=True, timeout=300)
            if run.returncode != 0:
                shutil.copy(Path(work) / (tex.stem + ".log"), tex.with_suffix(".log"))
                print(f"dlmath book: pdflatex failed on {tex}; see {tex.with_suffix('.log')}", file=sys.stderr)
                return None
            if number and "Rerun to get cross-references right" not in run.stdout.replace("\n", ""):
                break
        target = tex.with_suffix(".pdf")
        shutil.copy(Path(work) / (tex.stem + ".pdf"), target)
        shutil.copy(Path(work) / (tex.stem + ".log"), tex.with_suffix(".log"))
    return target
