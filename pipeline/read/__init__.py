"""The one safe way into a project: its files read (and written) through `projectfiles`, YAML
with positions, the declared schema, sources, register, templates, pin. Imports core, infra
and text.
"""
