"""One test per rule of the WHATWG event-stream parsing rules (../shared/reference/sse-rules.md
numbers them; the test names follow). Inputs are fed whole and split at every byte."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventgen.runtime.sse import ServerSentEvent, SSEDecoder, write_sse


def parse(raw: bytes) -> list[ServerSentEvent]:
    whole = SSEDecoder()
    events = whole.feed(raw) + whole.close()
    split = SSEDecoder()
    one_by_one = [e for i in range(len(raw)) for e in split.feed(raw[i : i + 1])] + split.close()
    assert one_by_one == events
    return events


def datas(raw: bytes) -> list[str]:
    return [e.data for e in parse(raw)]


def test_1_invalid_utf8_becomes_replacement_characters() -> None:
    assert datas(b"data: a\xffb\xe2\x82\n\n") == ["a\ufffdb\ufffd"]


def test_1_multibyte_character_split_across_chunks() -> None:
    decoder = SSEDecoder()
    raw = "data: é€😀\n\n".encode()
    events = [e for i in range(len(raw)) for e in decoder.feed(raw[i : i + 1])]
    assert [e.data for e in events] == ["é€😀"]


def test_2_one_leading_bom_is_dropped() -> None:
    assert datas(b"\xef\xbb\xbfdata: 1\n\n") == ["1"]


def test_2_bom_split_across_chunks() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"\xef") + decoder.feed(b"\xbb") + decoder.feed(b"\xbfdata: 1\n\n")
    assert [e.data for e in events] == ["1"]


def test_2_a_second_bom_is_content() -> None:
    assert datas(b"\xef\xbb\xbf\xef\xbb\xbfdata: 1\n\ndata: 2\n\n") == ["2"]


def test_2_a_partial_bom_is_content() -> None:
    assert datas(b"\xef\xbbdata: 1\n\ndata: 2\n\n") == ["2"]


def test_3_crlf_lf_and_cr_end_lines_and_may_mix() -> None:
    assert datas(b"data: a\r\ndata: b\rdata: c\n\r\n") == ["a\nb\nc"]


def test_3_cr_at_chunk_end_then_lf_is_one_line_end() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b"data: a\r") + decoder.feed(b"\ndata: b\r") + decoder.feed(b"\n\r\n")
    assert [e.data for e in events] == ["a\nb"]


def test_3_blank_lines_of_mixed_ends() -> None:
    assert datas(b"data: a\n\r\ndata: b\r\rdata: c\r\n\r\n") == ["a", "b", "c"]


def test_3_unicode_line_separators_are_content() -> None:
    text = "data: a\u2028b\u2029c\x85d\x0be\x0cf\n\n"
    assert datas(text.encode()) == ["a\u2028b\u2029c\x85d\x0be\x0cf"]


def test_4_blank_line_dispatches() -> None:
    assert datas(b"data: a\n\ndata: b\n\n") == ["a", "b"]


def test_5_comments_are_ignored() -> None:
    assert datas(b": hello\ndata: a\n:\n: data: b\n\n") == ["a"]


def test_6_value_loses_exactly_one_leading_space() -> None:
    assert datas(b"data:a\n\ndata: a\n\ndata:  a\n\ndata:\ta\n\n") == ["a", "a", " a", "\ta"]


def test_6_name_ends_at_the_first_colon() -> None:
    assert datas(b"data: a:b: c\n\n") == ["a:b: c"]


def test_7_field_without_colon_has_empty_value() -> None:
    assert datas(b"data\ndata\n\n") == ["\n"]


def test_8_names_are_case_sensitive_and_unknown_ones_ignored() -> None:
    raw = b"Data: no\nda-ta: no\ndata_5: no\n data: no\nd\x00ata: no\ndata: yes\n\n"
    assert datas(raw) == ["yes"]


def test_9_data_lines_join_with_lf() -> None:
    assert datas(b"data: a\ndata: b\n\n") == ["a\nb"]
    assert datas(b"data:\ndata:\n\n") == ["\n"]


def test_10_event_sets_the_type_and_empty_means_message() -> None:
    events = parse(b"event: x\ndata: 1\n\nevent:\ndata: 2\n\ndata: 3\n\n")
    assert [e.event for e in events] == ["x", "message", "message"]


def test_11_id_persists_across_events() -> None:
    assert [e.id for e in parse(b"id: 1\ndata: a\n\ndata: b\n\n")] == ["1", "1"]


def test_11_id_with_nul_is_ignored() -> None:
    assert [e.id for e in parse(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n")] == ["1", "1"]


def test_11_bare_id_resets_to_empty() -> None:
    assert [e.id for e in parse(b"id: 1\ndata: a\n\nid\ndata: b\n\n")] == ["1", ""]


def test_11_dispatch_copies_id_even_when_no_event_fires() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"id: 7\n\n") == []
    assert decoder.last_event_id == "7"


def test_12_retry_counts_only_ascii_digits() -> None:
    for value in (b"1000x", b"+5", b"-1", b"1.5", b"  7", b"\xd9\xa3", b""):
        decoder = SSEDecoder()
        decoder.feed(b"retry: " + value + b"\ndata: a\n\n")
        assert decoder.retry is None, value
    decoder = SSEDecoder()
    events = decoder.feed(b"retry: 02000\ndata: a\n\n")
    assert decoder.retry == 2000 and events[0].retry == 2000


def test_12_retry_takes_effect_before_dispatch() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"retry: 50\n")
    assert decoder.retry == 50


def test_13_block_without_data_fires_nothing_and_resets_the_type() -> None:
    events = parse(b"event: x\n\ndata: a\n\n")
    assert [(e.event, e.data) for e in events] == [("message", "a")]


def test_13_empty_data_still_fires() -> None:
    assert datas(b"data:\n\n") == [""]


def test_14_unfinished_block_is_dropped_at_end_of_input() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\nid: 9\ndata: b\n") != []
    assert decoder.close() == []
    assert decoder.last_event_id == ""


def test_14_partial_line_is_dropped_at_end_of_input() -> None:
    assert datas(b"data: a\n\ndata: b") == ["a"]


def test_offset_is_where_the_block_starts() -> None:
    raw = "\ufeffdata: é\n\n: c\r\nevent: x\ndata: 2\n\n".encode()
    events = parse(raw)
    assert [e.offset for e in events] == [3, raw.index(b": c")]  # after the BOM


def test_15_round_trip_serialization_is_covered_by_test_stream() -> None:
    # Rule 15 (serialize then parse gives the same events) is property-tested over typed
    # events in test_stream.py; here, the frame shape it relies on.
    assert datas(b"event: x\ndata:  lead\ndata: \n\n") == [" lead\n"]


# --- Rule 15: the raw writer --------------------------------------------------------------

no_cr = st.text().filter(lambda s: "\r" not in s)
one_line = st.text(min_size=1).filter(lambda s: "\r" not in s and "\n" not in s)
raw_events = st.builds(
    ServerSentEvent,
    event=one_line,
    data=no_cr,
    id=st.text().filter(lambda s: not set(s) & {"\r", "\n", "\x00"}),
    retry=st.none() | st.integers(min_value=0, max_value=10**12),
)


@settings(max_examples=300, deadline=None)
@given(events=st.lists(raw_events, max_size=8), cut=st.integers(min_value=0))
def test_15_write_then_parse_gives_the_same_events(events: list[ServerSentEvent], cut: int) -> None:
    raw = write_sse(events).encode("utf-8")
    cut %= len(raw) + 1
    decoder = SSEDecoder()
    assert decoder.feed(raw[:cut]) + decoder.feed(raw[cut:]) == events


def test_15_id_is_written_only_when_it_changes() -> None:
    events = [ServerSentEvent("message", "a", "1"), ServerSentEvent("x", "b", "1")]
    assert write_sse(events) == "id: 1\ndata: a\n\nevent: x\ndata: b\n\n"


@pytest.mark.parametrize(
    "event",
    [
        ServerSentEvent("a\nb", "x"),
        ServerSentEvent("", "x"),
        ServerSentEvent("message", "x", id="1\x002"),
        ServerSentEvent("message", "x", id="1\n2"),
        ServerSentEvent("message", "a\rb"),
        ServerSentEvent("message", "x", retry=-1),
    ],
)
def test_15_refuses_what_cannot_read_back(event: ServerSentEvent) -> None:
    with pytest.raises(ValueError):
        write_sse([event])
