"""`python -m pipeline` runs the roledoc command line."""

from .cli import main

main(prog_name="roledoc")
