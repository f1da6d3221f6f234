"""Writing into a project: new contributions, init, imports of Word, OpenDocument and HTML.
Imports editions and below, never its siblings.
"""
