"""From a project to one document: choosing and ordering contributions, the templates' context,
the changelog. Imports check and below.
"""
