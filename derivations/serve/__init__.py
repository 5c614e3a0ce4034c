"""`dlmath serve`: a local web page where a student types a derivation and sees it read, then checked.

    app.py     the Starlette app: the page, /api/read, /api/check; limits and clean refusals
    pool.py    a bounded pool of worker processes; a job is killed when its client goes away
    tasks.py   what a worker runs: read a derivation, check it (the same results as `dlmath check --json`)
    render.py  those results as HTML fragments (MathML for the math, every user text escaped)
    page.py    the one self-contained page (inline CSS and script) and its Content-Security-Policy
"""
