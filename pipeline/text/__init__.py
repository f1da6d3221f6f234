"""Reading text: Markdown with source lines, prose and spelling, link targets, images, font
coverage. Imports core and infra.
"""
