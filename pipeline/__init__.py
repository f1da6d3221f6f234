"""roledoc: assemble a shared role-and-approach document from many people's contributions."""

# The one place the version is written: pyproject.toml reads it from here. (Asking
# importlib.metadata instead costs a no-op build 40 ms of imports.)
__version__ = "0.2.0"
