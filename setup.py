"""The native core of the table parser (loaders/_tables_native.c -> loaders._tables_native); everything
else about the package is in pyproject.toml.

The extension is optional: where it cannot be compiled the install still succeeds and the loader parses
with the Polars reference implementation (with a warning; ``MBS_PARSER=polars`` selects it outright).
``tests/python/test_native_parser.py`` fails when the core is not built.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("loaders._tables_native", sources=["loaders/_tables_native.c"], optional=True)])
