"""The native core of the table parser (loaders/_tables_native.c -> loaders._tables_native); everything
else about the package is in pyproject.toml. ``MBS_PARSER=polars`` parses without it."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("loaders._tables_native", sources=["loaders/_tables_native.c"])])
