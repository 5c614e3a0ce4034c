"""`dlmath list`, `dlmath derive` and `dlmath book`: the catalog as a reader sees it.

Exit codes: derive and book return 0 when every step is proved, 1 when some
step is not (derive only with --check), 3 for bad input (an unknown
derivation, a bad parameter, an -o file whose suffix names no format, a file
that cannot be written).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..core import Derivation, build, catalog
from ..render import html, tex
from ..render.formats import DEFAULT, RENDERERS, format_of
from ..render.outline import totals
from .options import UsageError


def add_commands(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("list", help="the derivations of the catalog, with their sources")
    listing.set_defaults(handler=run_list)
    derive = commands.add_parser("derive", help="show one derivation, every step machine-checked")
    derive.add_argument("name", help="a name from `dlmath list`")
    derive.add_argument("--format", choices=sorted(RENDERERS),
                        help=f"default: from the -o file's suffix ({_suffixes()}), else {DEFAULT}")
    derive.add_argument("-o", "--output", type=Path, help="write to this file instead of the terminal")
    derive.add_argument("--check", action="store_true", help="exit 1 if any step is not proved")
    derive.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter of the derivation (see `dlmath list`)")
    derive.add_argument("--layers", help="layer sizes for `backprop`, e.g. 12,3,2 (same as --param layers=…)")
    derive.set_defaults(handler=run_derive)
    book = commands.add_parser("book", help="every derivation in one document: book.tex, book.pdf, book.html")
    book.add_argument("-o", "--output", type=Path, default=Path("dlmath-out/book"),
                      help="directory (default dlmath-out/book)")
    book.set_defaults(handler=run_book)


def _suffixes() -> str:
    return ", ".join(f"{renderer.suffix} {name}" for name, renderer in RENDERERS.items())


def _format(args: argparse.Namespace) -> str:
    """--format when given; else the format the -o file's suffix names; else the default (text)."""
    if args.format:
        return str(args.format)
    if args.output is None:
        return DEFAULT
    fmt = format_of(args.output)
    if fmt is None:
        raise UsageError(f"cannot tell the format of {args.output} from its suffix {args.output.suffix!r} "
                         f"({_suffixes()}); give --format")
    return fmt


def run_list(args: argparse.Namespace) -> int:
    for entry in catalog().values():
        print(f"{entry.name:28s} {entry.title}")
        sources = entry.sources or tuple(str(source.document) for source in entry.build().sources)
        print(f"{'':28s}   sources: {', '.join(sources)}")
        for name, help_text in entry.parameters.items():
            print(f"{'':28s}   --param {name}=…  {help_text}")
    return 0


def _parameters(name: str, pairs: list[str]) -> dict[str, str]:
    entries = catalog()
    if name not in entries:
        raise UsageError(f"no derivation named {name!r}; `dlmath list` shows them: {', '.join(entries)}")
    parameters = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in entries[name].parameters:
            known = ", ".join(entries[name].parameters) or "none"
            raise UsageError(f"bad parameter {pair!r} for {name} (its parameters: {known})")
        parameters[key] = value
    return parameters


def run_derive(args: argparse.Namespace) -> int:
    parameters = _parameters(args.name, args.param + ([f"layers={args.layers}"] if args.layers else []))
    fmt = _format(args)
    try:
        derivation = build(args.name, **parameters)
    except ValueError as error:
        raise UsageError(f"{args.name}: {error}") from None
    text = RENDERERS[fmt].render(derivation)
    if args.output:
        _write(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text)
    if args.check and not derivation.proved:
        print(f"dlmath: {len(derivation.unproved)} step(s) of {args.name} are not proved", file=sys.stderr)
        return 1
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None


def build_all(show_progress: bool = True) -> list[Derivation]:
    """Build (and so check) every derivation, with a progress line on a terminal."""
    entries = list(catalog().values())
    built = []
    start = time.perf_counter()
    for number, entry in enumerate(entries, start=1):
        if show_progress:
            print(f"\r  checking {number}/{len(entries)}: {entry.name:28s} {time.perf_counter() - start:5.1f} s",
                  end="", file=sys.stderr, flush=True)
        built.append(entry.build())
    if show_progress:
        print(file=sys.stderr)
    return built


def run_book(args: argparse.Namespace) -> int:
    derivations = build_all(show_progress=sys.stderr.isatty())
    out: Path = args.output
    _write(out / "book.tex", tex.book(derivations))
    _write(out / "book.html", html.book(derivations))
    written = [out / "book.tex", out / "book.html"]
    pdf = compile_pdf(out / "book.tex")
    if pdf:
        written.append(pdf)
    unproved = sum(len(d.unproved) for d in derivations)
    print(totals(derivations))
    print("wrote " + ", ".join(str(p) for p in written))
    return 1 if unproved else 0


def compile_pdf(tex: Path) -> Path | None:
    """book.pdf next to book.tex when pdflatex is installed (twice, for the contents list)."""
    if shutil.which("pdflatex") is None:
        print("dlmath: pdflatex not found; wrote book.tex without book.pdf", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as work:
        for _ in range(2):
            run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"-output-directory={work}",
                                  str(tex)], capture_output=True, text=True, timeout=300)
            if run.returncode != 0:
                print(f"dlmath: pdflatex failed on {tex}; see its log", file=sys.stderr)
                return None
        target = tex.with_suffix(".pdf")
        shutil.copy(Path(work) / (tex.stem + ".pdf"), target)
    return target
