"""The ground floor: the data model, messages in the reader's language, errors, the diagnostic
catalogue, where roledoc's own files are. Imports nothing of pipeline but itself.
"""
