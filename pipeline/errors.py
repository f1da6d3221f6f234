"""Errors the user sees as `Error: ...` with exit status 1, never as a traceback."""

from __future__ import annotations

import click


class RoledocError(click.ClickException):
    """A problem the user can act on; Click prints the message and exits with status 1."""

    exit_code = 1
