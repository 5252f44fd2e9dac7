"""The SSE decoder's paths agree, its size limits hold, and `retry` never raises.

Random LF-only streams made of the lines servers send (and odd ones) go through the
inline LF path and the checked path under random chunkings;
each must give what the exact path gives a byte at a time, offsets and state included.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventgen.runtime.errors import StreamLimitError
from eventgen.runtime.sse import (
    DEFAULT_MAX_EVENT_SIZE,
    DEFAULT_MAX_LINE_LENGTH,
    RETRY_MAX,
    ServerSentEvent,
    SSEDecoder,
)
from tests.test_sse_vectors import PATHS, decode

LINES = st.one_of(
    st.sampled_from(
        [
            b"event: thread.message.delta",
            b"event: ",
            b"event:x",
            b'data: {"a": 1}',
            b"data: ",
            b"data:",
            b"data",
            b"data:  two spaces",
            b"id: 7",
            b"id",
            b"id: a\x00b",
            b"retry: 3000",
            b"retry: x1",
            b": comment",
            b"",
            b"\xef\xbb\xbfdata: bom inside",
            b"data: caf\xc3\xa9 \xff\xfe",
            b"event: \xe2\x82",
            b"data: data: nested",
            b"event: e\x00",
        ]
    ),
    st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b"")),
)


@st.composite
def lf_streams(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(LINES, max_size=30))
    tail = draw(st.sampled_from([b"", b"\n", b"\n\n", b"data: unfinished"]))
    return b"\n".join(lines) + tail


@settings(max_examples=400, deadline=None)
@given(raw=lf_streams(), data=st.data())
def test_every_path_and_chunking_gives_the_exact_result(raw: bytes, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(raw)), max_size=8))
    path = data.draw(st.sampled_from(PATHS))
    decoder, events = decode(raw, cuts, path)
    ref_decoder, reference = decode(raw, list(range(1, len(raw))), "exact")
    assert events == reference
    assert [e.offset for e in events] == [e.offset for e in reference]
    assert (decoder.last_event_id, decoder.retry) == (ref_decoder.last_event_id, ref_decoder.retry)


def test_typical_blocks_give_their_offsets() -> None:
    raw = b"event: a\ndata: 1\n\ndata: 2\n\nid: 9\nevent: b\ndata: 3\n\nevent: c\ndata: 4\n\n"
    events = SSEDecoder().feed(raw)
    assert [(e.event, e.data, e.id, e.offset) for e in events] == [
        ("a", "1", "", 0),
        ("message", "2", "", 18),
        ("b", "3", "9", 27),
        ("c", "4", "9", 51),
    ]


# --- limits -----------------------------------------------------------------------------


def test_defaults_are_generous_and_documented() -> None:
    decoder = SSEDecoder()
    assert decoder.max_event_size == DEFAULT_MAX_EVENT_SIZE == 64 * 2**20
    assert decoder.max_line_length == DEFAULT_MAX_LINE_LENGTH == 64 * 2**20


@pytest.mark.parametrize("bad", [0, -1, 1.5, None, True])
def test_limits_must_be_positive_whole_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="max_event_size must be"):
        SSEDecoder(max_event_size=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_line_length must be"):
        SSEDecoder(max_line_length=bad)  # type: ignore[arg-type]


def test_a_line_without_end_is_refused_before_it_is_held() -> None:
    decoder = SSEDecoder(max_line_length=100)
    decoder.feed(b"event: a\ndata: ok\n\n")
    decoder.feed(b"data: " + b"x" * 50)
    with pytest.raises(StreamLimitError) as caught:
        decoder.feed(b"x" * 50)
    assert len(decoder._pending) <= 100
    assert caught.value.setting == "max_line_length" and caught.value.limit == 100
    assert caught.value.offset == 19
    assert (
        str(caught.value) == "a line starting at byte 19 is longer than max_line_length=100 bytes"
    )
    assert isinstance(caught.value, ValueError)


def test_a_long_line_in_one_chunk_is_refused() -> None:
    with pytest.raises(StreamLimitError, match="max_line_length=10 "):
        SSEDecoder(max_line_length=10).feed(b"data: " + b"y" * 20 + b"\n\n")


def test_a_line_at_the_limit_passes() -> None:
    decoder = SSEDecoder(max_line_length=10)
    assert decoder.feed(b"data: 1234\n\n")[0].data == "1234"


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_an_event_of_many_lines_is_refused_before_it_is_held(chunk: int) -> None:
    raw = b"event: ok\ndata: 1\n\n" + b"data: 0123456789\n" * 100 + b"\n"
    decoder = SSEDecoder(max_event_size=200)
    seen = []
    with pytest.raises(StreamLimitError) as caught:
        for start in range(0, len(raw), chunk):
            seen += decoder.feed(raw[start : start + chunk])
            held = sum(len(d) + 7 for d in decoder._data) + len(decoder._pending)
            assert held <= 200
    assert [e.event for e in seen] == ["ok"]  # delivered, then the error raised
    assert caught.value.setting == "max_event_size" and caught.value.offset == 19
    assert "an event starting at byte 19 is longer than max_event_size=200 bytes" == str(
        caught.value
    )


def test_an_event_at_the_limit_passes_and_the_next_block_starts_afresh() -> None:
    block = b"data: 0123456789\n" * 10  # 170 bytes of lines
    decoder = SSEDecoder(max_event_size=170)
    events = decoder.feed(block + b"\n" + block + b"\n")
    assert len(events) == 2


def test_comments_count_towards_the_block() -> None:
    with pytest.raises(StreamLimitError, match="max_event_size"):
        SSEDecoder(max_event_size=50).feed(b": keep-alive\n" * 10)


def test_limits_hold_on_the_cr_path_too() -> None:
    with pytest.raises(StreamLimitError, match="max_line_length"):
        SSEDecoder(max_line_length=5).feed(b"data: abcdef\r\n\r\n")


# --- retry --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        (b"0", 0),
        (b"000", 0),
        (b"3000", 3000),
        (b"0" * 5000 + b"5", 5),
        (b"9223372036854775807", RETRY_MAX),
        (b"9223372036854775808", RETRY_MAX),
        (b"9" * 4301, RETRY_MAX),
        (b"1" * 100_000, RETRY_MAX),
    ],
)
def test_retry_digits_always_set_the_reconnection_time(digits: bytes, expected: int) -> None:
    # More than sys.get_int_max_str_digits() (4,300) digits made int() raise ValueError.
    decoder = SSEDecoder()
    (event,) = decoder.feed(b"retry: " + digits + b"\ndata: x\n\n")
    assert decoder.retry == event.retry == expected


def test_retry_past_the_int_digit_limit_on_the_checked_path() -> None:
    decoder = SSEDecoder()
    decoder._always_checked = True
    decoder.feed(b"retry: " + b"7" * (sys.get_int_max_str_digits() + 1) + b"\n\n")
    assert decoder.retry == RETRY_MAX


def test_the_error_is_exported_by_the_decoder_module() -> None:
    from eventgen.runtime import sse

    assert sse.StreamLimitError is StreamLimitError
    assert ServerSentEvent.__name__ == "ServerSentEvent"
