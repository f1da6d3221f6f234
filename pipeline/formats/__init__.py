"""From the document to files: pandoc and Typst runs, and each office format's finishing.
Imports assemble and below.
"""
