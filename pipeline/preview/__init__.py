"""`roledoc watch`: rebuilds on change, and the local preview server. Imports editions and
below, never its siblings.
"""
