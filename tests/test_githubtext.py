"""text/githubtext.py: the additions that make pandoc read a body as GitHub shows it, and the
way back from the text pandoc reads to the participant's own characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.githubtext import Rewritten, as_github_reads


def without_additions(read: Rewritten) -> str:
    kept, at = [], 0
    for start, length in read.inserted:
        kept.append(read.text[at:start])
        at = start + length
    kept.append(read.text[at:])
    return "".join(kept)


def test_what_github_strikes_is_written_as_pandoc_strikes_it() -> None:
    body = "~one~ ~~two~~ ~~~three~~~\n\nThis ~is ~ legit~ isn't ~ legit. No ~mismatch~~\n"
    assert as_github_reads(body).text == (
        "~~one~~ ~~two~~ \\~\\~\\~three\\~\\~\\~\n\n"
        "This ~~is ~ legit~~ isn't ~ legit. No ~mismatch\\~\\~\n"
    )


def test_code_autolinks_and_addresses_keep_their_tildes() -> None:
    body = "`~a~` [x](https://a.nl/~b~) <https://c.nl/~d~> ~e~\n\n```\n~f~\n```\n"
    assert as_github_reads(body).text == body.replace("~e~", "~~e~~")


def test_a_table_under_a_line_of_text_and_a_row_without_a_pipe() -> None:
    body = "Tekst\n| a | b |\n| - | - |\n| c | d |\nlos\n\nna\n"
    assert as_github_reads(body).text == "Tekst\n\n| a | b |\n| - | - |\n| c | d |\n| los\n\nna\n"
    quoted = "> Tekst\n> | a |\n> | - |\n> los\n"
    assert as_github_reads(quoted).text == "> Tekst\n>\n> | a |\n> | - |\n> | los\n"


def test_a_body_without_either_is_read_as_it_is() -> None:
    body = "Gewone tekst met een [link](https://example.org).\n"
    read = as_github_reads(body)
    assert read.text == body and read.inserted == ()


MARKDOWN = st.text(alphabet="ab ~|-`>\n\\[]()", max_size=80)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_only_characters_are_added_and_every_place_maps_back(body: str) -> None:
    read = as_github_reads(body)
    assert without_additions(read) == body
    places = [read.original(offset) for offset in range(len(read.text) + 1)]
    assert places == sorted(places) and places[0] == 0 and places[-1] == len(body)
    assert places == [linear(read, offset) for offset in range(len(read.text) + 1)]


def linear(read: Rewritten, offset: int) -> int:
    """`Rewritten.original` the plain way: every insertion that starts before `offset`."""
    return offset - sum(min(length, offset - at) for at, length in read.inserted if at < offset)
