"""roledoc: assemble a shared role-and-approach document from many people's contributions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("roledoc")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
