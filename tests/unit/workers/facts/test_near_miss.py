"""The one name in other letter case (facts.near_miss.other_case)."""

from nca.workers.facts.near_miss import other_case


def test_the_one_name_in_other_letter_case_is_found():
    assert other_case("UTC", ["utc", "UT", "max"]) == "utc"
    assert other_case("PI", ["pi", "pi"]) == "pi"  # listed twice: still one name


def test_none_or_several_names_in_other_case_name_none():
    assert other_case("UTC", ["ut", "utcnow"]) is None
    assert other_case("Utc", ["utc", "UTC"]) is None
    assert other_case("utc", ["utc"]) is None  # the name itself is no other case of it
