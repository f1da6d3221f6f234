"""Rules across files: loading a project (read, then validate), what is published, what a pull
request may change. Imports read and below.
"""
