"""Hypothesis strategies for hostile TOML values, shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Over Python's int-string limit (4,300 digits), around it, and with TOML's underscores.
huge_integers = st.one_of(
    st.integers(4250, 6000).map(lambda n: "9" * n),
    st.integers(2150, 3000).map(lambda n: "1_" * n + "1"),
)
# Deep enough to parse, and far too deep (tomllib and json recurse per level).
depths = st.one_of(st.sampled_from([100_000, 3_000, 300]), st.integers(1, 400))
non_finite = st.sampled_from(["inf", "+inf", "-inf", "nan", "+nan", "-nan", "1e999", "-1e999"])
dates = st.builds(
    "{}-{}-{}{}".format,
    st.sampled_from(["0001", "9999", "0000", "1970"]),
    st.sampled_from(["01", "12", "02", "13"]),
    st.sampled_from(["01", "31", "29", "00"]),
    st.sampled_from(
        ["", "T00:00:00", " 23:59:59.999999", "T12:00:00Z", "T00:00:00+23:59", "T23:59:59-23:59"]
    ),
)


@st.composite
def nested_toml(draw: st.DrawFn) -> str:
    """Arrays or inline tables nested ``depths`` deep."""
    depth = draw(depths)
    if draw(st.booleans()):
        return "[" * depth + draw(st.sampled_from(["", "1", '"a"'])) + "]" * depth
    return "{a = " * depth + "1" + " }" * depth


toml_values = st.one_of(
    huge_integers,
    huge_integers.map(lambda n: "-" + n),
    nested_toml(),
    non_finite,
    dates,
    st.sampled_from(["00:00:00", "23:59:60", '"text"', "true", "0x" + "f" * 5000]),
)
