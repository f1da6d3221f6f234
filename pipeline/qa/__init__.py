"""Acceptance measurement (accessibility validators, fidelity, layout); not on any build's
path. Imports editions and below, never its siblings.
"""
