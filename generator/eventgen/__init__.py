"""eventgen: event catalogs in, typed packages and their docs out.

The generator is a pipeline of named stages, each a module with one job:

    load      read a catalog folder (YAML with source positions)
    validate  check the catalog and the payload schemas; every problem at file:line:col
    model     build the intermediate model (plain dataclasses, no target language)
    check     each target reports names its language cannot use (targets/)
    render    Jinja templates per target -> file texts (render)
    format    each target's formatter, ruff for Python, in memory (format)
    output    write changed files / check that the output is current

`pipeline.build()` runs load to format and returns the files; `cli` writes or checks
them. The runtime/ folder holds hand-written modules copied into every Python package.
"""

__version__ = "0.2.0"
