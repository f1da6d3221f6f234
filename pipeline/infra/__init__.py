"""Processes and state outside the document: git, the content cache, scheduling renders within
memory. Imports only core.
"""
