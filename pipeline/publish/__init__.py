"""A build: plan, stage, render every format, publish atomically. Imports formats and below."""
