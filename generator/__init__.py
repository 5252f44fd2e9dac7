"""eventgen: one catalog of streaming events in, a typed Python package and its docs out.

The generator is a pipeline of named stages, each a module with one job:

    load      read spec/ (YAML with source positions)
    validate  check the catalog and the payload schemas; every problem at file:line:col
    model     build the intermediate model (plain dataclasses) that templates read
    render    Jinja templates -> file texts
    format    ruff format the Python texts in memory
    output    write changed files / check that generated/ is current

`pipeline.build()` runs load to format and returns the files; `cli` writes or checks them.
"""
