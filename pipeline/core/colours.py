"""Colour contrast as WCAG 2.1 defines it, for every part that judges a colour: check (the
house accent), the office files' conformance checks and the acceptance run."""

from __future__ import annotations

AA = 4.5  # the least contrast WCAG 2.1 AA asks of text


def luminance(colour: str) -> float:
    """The relative luminance of a "rrggbb" or "#rrggbb" colour."""
    colour = colour.lstrip("#")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, background: str) -> float:
    """The contrast ratio of two colours, 1 to 21, the same either way round."""
    dark, light = sorted((luminance(colour), luminance(background)))
    return (light + 0.05) / (dark + 0.05)
